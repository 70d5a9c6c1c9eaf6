"""Live push (live/hub.py, live/streams.py): the rendered frame travels in the event, once
per state, to streams that cost no thread.

Streams are opened on the ASGI application object itself, as uvicorn calls it, many at once in
one event loop of the test's own (a thread of its own: Playwright may run a loop in this one).
On the PostgreSQL + Redis pass the events go through Redis pub/sub, as between processes.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from arena.asgi import application
from contests import live
from contests.models import Contest
from live.frames import sse_message
from live.hub import get_hub
from scoring.sheets import submit_sheet
from tests.conftest import asgi_scope, values_for

pytestmark = pytest.mark.django_db(transaction=True)  # streams read in worker threads


def run(scenario, timeout: float = 60):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=timeout)


class OpenStream:
    """One client of the ASGI application, reading a stream as a browser's EventSource would."""

    def __init__(self, path: str, headers=(), client: str = "127.0.0.1") -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.buffer = ""
        self.events: list[tuple[str, str]] = []  # (event name, data)
        self.changed = asyncio.Event()
        self.hang_up = asyncio.Event()
        self.started = asyncio.Event()
        self.task = asyncio.ensure_future(
            application(asgi_scope("GET", path, headers, client), self.receive, self.send)
        )

    async def receive(self) -> dict:
        if not hasattr(self, "_sent_request"):
            self._sent_request = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.hang_up.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
            self.started.set()
            return
        self.buffer += message.get("body", b"").decode()
        while "\n\n" in self.buffer:
            block, self.buffer = self.buffer.split("\n\n", 1)
            name, data = "message", []
            for line in block.split("\n"):
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
            if data:
                self.events.append((name, "\n".join(data)))
        self.changed.set()

    async def wait_for(self, name: str, text: str = "", timeout: float = 10) -> str:
        """The data of the first `name` event (from the start) whose data holds `text`."""

        async def found() -> str:
            while True:
                for event, data in self.events:
                    if event == name and text in data:
                        return data
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(found(), timeout)

    def frames(self) -> list[str]:
        return [data for name, data in self.events if name == "frame"]

    async def close(self) -> None:
        self.hang_up.set()
        await asyncio.wait_for(self.task, 10)


def score(contest, judge, contestant, value) -> None:
    submit_sheet(judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex)


def board(contest) -> None:
    live.put_on_stage(contest, contest.contestants.first())
    live.set_screen(contest, "board")
    live.set_show_totals(contest, True)


def test_a_sheet_reaches_every_screen_in_one_render(live_contest):
    """Projectors and phones get the new frame itself: one render per state for all of them,
    whatever their number, and no request per screen."""
    board(live_contest)
    token = live_contest.screen_token
    judge, first = live_contest.judges.first(), live_contest.contestants.first()

    async def scenario():
        hub = get_hub()
        streams = [
            OpenStream(f"/s/{token}/events/" + ("?layout=phone" if i % 2 else ""))
            for i in range(40)
        ]
        for stream in streams:
            await stream.wait_for("frame", "评分开始后")
        # A render per layout joining at most (the first projector's, the first phone's): the
        # other 38 streams got what was already rendered.
        opened = hub.renders
        assert opened <= 2
        await asyncio.to_thread(score, live_contest, judge, first, 20)
        for stream in streams:
            await stream.wait_for("frame", "80.00")
        assert hub.renders == opened + 1  # one more state, one render for both layouts
        projector, phone = streams[0].frames()[-1], streams[1].frames()[-1]
        assert "frame-projector" in projector and "frame-phone" in phone
        assert all(s.frames()[-1] in (projector, phone) for s in streams)
        for stream in streams:
            await stream.close()
        assert hub.stream_count() == 0

    run(scenario)


def test_a_message_carries_the_html_without_its_layout_whitespace():
    html = "<div>\n    <b>甲</b>\n\n      <span>乙 丙</span>\n</div>\n"
    message = sse_message("frame", html, 7).decode()
    assert message == (
        "event: frame\nid: 7\ndata: <div>\ndata: <b>甲</b>\ndata: <span>乙 丙</span>\n"
        "data: </div>\n\n"
    )
    assert sse_message("stage", "").decode() == "event: stage\ndata: \n\n"


def test_a_reconnect_gets_the_current_frame_first(live_contest):
    board(live_contest)
    score(live_contest, live_contest.judges.first(), live_contest.contestants.first(), 25)
    token = live_contest.screen_token

    async def scenario():
        # The browser resends the id of the last event it saw, long out of date.
        stream = OpenStream(f"/s/{token}/events/", headers=[("last-event-id", "0")])
        await stream.wait_for("frame")
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-cache, no-store"
        assert [name for name, _ in stream.events][:2] == ["clock", "frame"]
        assert "100.00" in stream.frames()[0]
        await stream.close()

    run(scenario)


def test_open_streams_add_no_threads(live_contest):
    token = live_contest.screen_token

    async def scenario():
        warm = OpenStream(f"/s/{token}/events/")  # the first one starts the executor's threads
        await warm.wait_for("frame")
        before = threading.active_count()
        streams = [OpenStream(f"/s/{token}/events/?layout=phone") for _ in range(200)]
        for stream in streams:
            await stream.wait_for("frame")
        # Not `== before`: the token look-ups and renders run in the loop's default executor
        # (sync_to_async(thread_sensitive=False)), which starts its workers lazily, up to
        # min(32, cores + 4), as look-ups overlap (the PostgreSQL pass once saw one more
        # here). A thread per stream would add 200.
        executor_limit = min(32, (os.cpu_count() or 1) + 4)
        assert threading.active_count() <= before + executor_limit
        assert get_hub().stream_count() == 201
        for stream in [warm, *streams]:
            await stream.close()

    run(scenario)


def test_over_the_caps_a_stream_gets_a_quick_503(live_contest, settings):
    settings.ARENA_MAX_STREAMS = 3
    settings.ARENA_MAX_STREAMS_PER_CLIENT = 2
    token = live_contest.screen_token

    async def scenario():
        a = OpenStream(f"/s/{token}/events/", client="10.0.0.1")
        b = OpenStream(f"/s/{token}/events/", client="10.0.0.1")
        third_from_a = OpenStream(f"/s/{token}/events/", client="10.0.0.1")
        await asyncio.wait_for(third_from_a.task, 5)
        assert third_from_a.status == 503
        assert third_from_a.headers["retry-after"] == "5"
        c = OpenStream(f"/s/{token}/events/", client="10.0.0.2")
        await c.wait_for("frame")
        fourth = OpenStream(f"/s/{token}/events/", client="10.0.0.3")
        await asyncio.wait_for(fourth.task, 5)
        assert fourth.status == 503
        await a.close()  # a place frees up
        again = OpenStream(f"/s/{token}/events/", client="10.0.0.3")
        await again.wait_for("frame")
        for stream in (b, c, again):
            await stream.close()

    run(scenario)


def test_unknown_tokens_and_other_methods(live_contest):
    async def scenario():
        for path in ("/s/nope-nope-nope/events/", f"/j/{'x' * 43}/events/"):
            stream = OpenStream(path)
            await asyncio.wait_for(stream.task, 5)
            assert stream.status == 404

    run(scenario)


def test_a_judges_page_follows_the_stage(live_contest):
    judge = live_contest.judges.first()
    first, second = live_contest.contestants.all()[:2]
    live.put_on_stage(live_contest, first)

    async def scenario():
        stream = OpenStream(f"/j/{judge.token}/events/")
        data = await stream.wait_for("stage")
        assert f'"on_stage": {{"id": {first.pk}' in data and '"status": "live"' in data
        await asyncio.to_thread(live.put_on_stage, live_contest, second)
        data = await stream.wait_for("stage", f'"id": {second.pk}')
        fresh = await Contest.objects.select_related("live__current_contestant").aget(
            pk=live_contest.pk
        )
        assert data == await asyncio.to_thread(live.stage_json, fresh)
        await stream.close()

    run(scenario)


def test_the_console_stream_needs_the_owner_and_pushes_progress(
    organizer_client, live_contest, other_organizer
):
    from django.test import Client

    judge, first = live_contest.judges.first(), live_contest.contestants.first()
    live.put_on_stage(live_contest, first)
    owner_cookie = f"sessionid={organizer_client.cookies['sessionid'].value}"
    client = Client()
    client.force_login(other_organizer)
    rival_cookie = f"sessionid={client.cookies['sessionid'].value}"
    path = f"/o/{live_contest.pk}/live/events/"

    async def scenario():
        anonymous = OpenStream(path)
        await asyncio.wait_for(anonymous.task, 10)
        assert anonymous.status == 302
        rival = OpenStream(path, headers=[("cookie", rival_cookie)])
        await asyncio.wait_for(rival.task, 10)
        assert rival.status == 404

        console = OpenStream(path, headers=[("cookie", owner_cookie)])
        data = await console.wait_for("console", f'id="progress-{first.pk}"')
        assert "0/6" in data and "尚未提交（6）" in data
        await asyncio.to_thread(score, live_contest, judge, first, 20)
        data = await console.wait_for("console", "1/6")
        missing = data.split('id="console-missing"')[1].split("</p>")[0]
        assert "尚未提交（5）" in missing and judge.name not in missing
        assert data.count('<td class="cell done">') == 1  # the judges × presenters grid
        await console.close()

    run(scenario)


def test_a_deleted_contest_ends_its_streams(contest):
    # A draft: once a contest has been live, its setup log (and any sheets) keep it from
    # being deleted at all.
    token, contest_id = contest.screen_token, contest.pk

    async def scenario():
        stream = OpenStream(f"/s/{token}/events/")
        await stream.wait_for("frame")
        await asyncio.to_thread(contest.delete)
        get_hub().on_event(contest_id)  # deleting publishes nothing; any event will do
        await asyncio.wait_for(stream.task, 10)  # the stream ended by itself

    run(scenario)

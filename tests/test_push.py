"""Live push (screens/hub.py, screens/streams.py): the rendered frame travels in the event, once
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
from django.conf import settings

from arena.asgi import application
from contests import live
from contests.models import Contest
from scoring.sheets import submit_sheet
from screens import hub as hub_module
from screens.frames import sse_message
from screens.hub import get_hub
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
        fresh = await Contest.objects.select_related("current_contestant").aget(pk=live_contest.pk)
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


def held_render():
    """A render that waits until released: (started, release, the render function); `started`
    is set once a render is waiting."""
    started, release = threading.Event(), threading.Event()
    original = hub_module._render_in_thread

    def slow_render(contest_id, feeds):
        started.set()
        release.wait(10)
        return original(contest_id, feeds)

    return started, release, slow_render


async def until(condition, timeout: float = 10) -> None:
    """Wait for a condition of the event loop's own state (yielding to it between looks)."""

    async def looked() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(looked(), timeout)


async def renders_settled(hub, contest_id: int) -> None:
    """Wait for the contest's render loop to finish (it renders again while events come)."""
    task = hub.contests[contest_id].rendering if contest_id in hub.contests else None
    if task is not None:
        await asyncio.wait_for(asyncio.shield(task), 10)


def test_a_slow_render_folds_a_burst_into_one_more_render(live_contest, monkeypatch):
    """Events arriving while a render runs cost one more render in all, not one each."""
    board(live_contest)
    token = live_contest.screen_token
    started, release, slow_render = held_render()

    async def scenario():
        hub = get_hub()
        hub.render = slow_render
        stream = OpenStream(f"/s/{token}/events/")
        await asyncio.to_thread(started.wait, 10)  # the first render is waiting
        for _ in range(10):
            hub.on_event(live_contest.pk)
        release.set()
        await stream.wait_for("frame")
        await renders_settled(hub, live_contest.pk)
        assert hub.renders == 2
        await stream.close()

    run(scenario)


def test_screens_connecting_during_the_first_render_share_it(live_contest):
    """A hall's screens connect at once: those that arrive while the first frame renders get
    that frame, not a second render of the same state (the PostgreSQL pass under load saw
    one render more than expected in the test below)."""
    board(live_contest)
    token = live_contest.screen_token
    started, release, slow_render = held_render()

    async def scenario():
        hub = get_hub()
        hub.render = slow_render
        first = OpenStream(f"/s/{token}/events/")
        await asyncio.to_thread(started.wait, 10)  # the first render is waiting
        others = [OpenStream(f"/s/{token}/events/") for _ in range(4)]
        await until(lambda: hub.stream_count() == 5)  # all attached while it waits
        release.set()
        for stream in [first, *others]:
            await stream.wait_for("frame")
        await renders_settled(hub, live_contest.pk)
        assert hub.renders == 1
        # A feed the render under way does not include still gets a render of its own.
        phone = OpenStream(f"/s/{token}/events/?layout=phone")
        await phone.wait_for("frame")
        assert hub.renders == 2
        for stream in [first, *others, phone]:
            await stream.close()

    run(scenario)


@pytest.mark.skipif(not settings.REDIS_URL, reason="runs in the PostgreSQL + Redis pass")
def test_every_process_renders_for_its_own_streams_and_reconnects_after_redis_drops(
    live_contest,
):
    """Two event loops stand for two web processes: each gets the event from Redis and renders
    once for its own streams. When the subscription drops, the streams end (the pages reconnect
    and get a fresh frame)."""
    import redis

    board(live_contest)
    token = live_contest.screen_token
    judge, first = live_contest.judges.first(), live_contest.contestants.first()
    ready = [threading.Event(), threading.Event()]
    done = threading.Event()
    results = []

    def process(index: int):
        async def scenario():
            streams = [OpenStream(f"/s/{token}/events/") for _ in range(5)]
            for stream in streams:
                await stream.wait_for("frame")
            ready[index].set()
            for stream in streams:
                await stream.wait_for("frame", "80.00", timeout=20)
            results.append(get_hub().renders)
            done.wait(20)
            admin = redis.Redis.from_url(settings.REDIS_URL)
            if index == 0:
                await asyncio.to_thread(admin.client_kill_filter, _type="pubsub")
            for stream in streams:
                await asyncio.wait_for(stream.task, 10)  # ended: the page will reconnect
            again = OpenStream(f"/s/{token}/events/")
            await again.wait_for("frame", "80.00")
            await again.close()

        asyncio.run(scenario())

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(process, i) for i in range(2)]
        for event in ready:
            assert event.wait(30)
        score(live_contest, judge, first, 20)
        while len(results) < 2 and not any(f.done() for f in futures):
            threading.Event().wait(0.1)
        done.set()
        for future in futures:
            future.result(timeout=60)
    assert results == [2, 2]


def test_a_client_that_stops_reading_is_dropped(live_contest, monkeypatch):
    monkeypatch.setattr(hub_module, "HEARTBEAT_SECONDS", 0.1)
    monkeypatch.setattr(hub_module, "SEND_TIMEOUT_SECONDS", 0.3)
    token = live_contest.screen_token

    async def scenario():
        stalled = asyncio.Event()

        async def receive():
            await asyncio.Event().wait()  # never hangs up

        async def send(message):
            if message["type"] == "http.response.body" and b"event: frame" in message["body"]:
                stalled.set()
                await asyncio.Event().wait()  # the socket's buffer is full, for ever

        task = asyncio.ensure_future(
            application(asgi_scope("GET", f"/s/{token}/events/"), receive, send)
        )
        await asyncio.wait_for(stalled.wait(), 10)
        await asyncio.wait_for(task, 5)  # dropped by the heartbeat, not left hanging
        assert get_hub().stream_count() == 0

    run(scenario)


def test_streams_answer_503_while_the_event_bus_is_down(live_contest, monkeypatch):
    class DownBus:
        async def listen(self, on_event, ready):
            raise ConnectionError("Redis is away")

    monkeypatch.setattr(hub_module, "get_bus", DownBus)
    token = live_contest.screen_token

    async def scenario():
        stream = OpenStream(f"/s/{token}/events/")
        await asyncio.wait_for(stream.task, 5)
        # Not a 200 that ends at once: the page would take it for a live stream and not poll.
        assert stream.status == 503 and stream.headers["retry-after"] == "5"

    run(scenario)


def open_streams() -> int:
    """Streams attached in every event loop of this process (the uvicorn thread's included).
    Read from this thread while the loops' threads change them: a read that met a change
    ("dictionary changed size during iteration") is read again."""
    while True:
        try:
            return sum(hub.stream_count() for hub in list(hub_module._hubs.values()))
        except RuntimeError:
            continue


def test_a_real_socket_that_never_reads_is_dropped(asgi_server, live_contest, monkeypatch):
    """#29: streams whose clients never read were held (300 such streams, 70 s, ~2.5 MB of
    kernel queue each): a write only waits once the kernel's and the server's buffers are
    full, which a quiet contest takes minutes to do. Through uvicorn and a real socket whose
    client never reads: frames are pushed until the server holds unsent bytes, and the stream
    is dropped SEND_TIMEOUT_SECONDS after (the heartbeat sees the backlog)."""
    import socket
    import time
    from urllib.parse import urlparse

    monkeypatch.setattr(hub_module, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(hub_module, "SEND_TIMEOUT_SECONDS", 1.0)
    address = urlparse(asgi_server)
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect((address.hostname, address.port))
    client.sendall(
        f"GET /s/{live_contest.screen_token}/events/ HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    )
    deadline = time.monotonic() + 60
    while open_streams() == 0:  # the stream attaches
        assert time.monotonic() < deadline, "the stream never opened"
    people = list(live_contest.contestants.all())
    pushes = 0
    while open_streams():  # each push is a new frame the client does not read
        assert time.monotonic() < deadline, f"still open after {pushes} frames"
        live.put_on_stage(live_contest, people[pushes % len(people)])
        pushes += 1
    client.close()
    assert pushes > 1  # it was dropped for not reading, not at once

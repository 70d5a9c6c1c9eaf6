"""The ASGI application (arena/asgi.py): Django's request cycle, entering a worker thread once.

Requests go straight to the application object, as uvicorn calls it, in an event loop of the
test's own; the browser tests run the same object under a real uvicorn.
"""

import asyncio
import re
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from asgiref import sync

from arena.asgi import application
from tests.conftest import asgi_scope

pytestmark = pytest.mark.django_db(transaction=True)  # the request runs in another thread


class Answer:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""


def call(method: str, path: str, *, body: bytes = b"", headers=(), until: bytes = b"") -> Answer:
    """One request; for a stream, hang up once the body holds `until`."""
    answer = Answer()

    async def scenario() -> None:
        hang_up = asyncio.Event()
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict:
            if messages:
                return messages.pop()
            await hang_up.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer.status = message["status"]
                answer.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
            else:
                answer.body += message.get("body", b"")
                if until and until in answer.body:
                    hang_up.set()

        scope = asgi_scope(method, path, headers)
        await asyncio.wait_for(application(scope, receive, send), timeout=20)

    asyncio.run(scenario())
    return answer


@pytest.fixture
def thread_switches(monkeypatch) -> list[str]:
    """The name of every function a request hands to a worker thread (sync_to_async)."""
    switches = []
    original = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        switches.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    return switches


def test_a_page_enters_a_worker_thread_once(live_contest, thread_switches):
    answer = call("GET", "/no/such/page/")
    assert answer.status == 404
    # request_started's handlers, the whole middleware chain with the view, and closing the
    # response (request_finished). Django's own ASGIHandler took 16 for this page here.
    assert len(thread_switches) == 3, thread_switches
    assert any("get_response" in name for name in thread_switches)


def test_a_judges_sheet_through_the_asgi_application(live_contest, judge, contestant):
    from scoring.models import ScoreSheet

    from .conftest import values_for

    url = f"/j/{judge.token}/c/{contestant.pk}/"
    page = call("GET", url)
    assert page.status == 200
    assert page.headers["content-language"] == "zh-hans"
    cookie = SimpleCookie(page.headers["set-cookie"])
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    form = {f"score_{pk}": value for pk, value in values_for(live_contest, "8").items()}
    form.update(csrfmiddlewaretoken=csrf.decode(), submission_id=uuid.uuid4().hex)
    headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
        ("cookie", f"csrftoken={cookie['csrftoken'].value}"),
        ("referer", f"http://testserver{url}"),
    ]
    answer = call("POST", url, body=urlencode(form).encode(), headers=headers)
    assert answer.status == 200, answer.body
    assert b'"version": 1' in answer.body
    assert ScoreSheet.objects.get(judge=judge, contestant=contestant).version == 1

    # Still Django's CSRF check: the same POST without the cookie is refused, nothing stored.
    refused = call("POST", url, body=urlencode(form).encode(), headers=headers[:2])
    assert refused.status == 403
    assert ScoreSheet.objects.filter(judge=judge).count() == 1


def test_an_event_stream_skips_djangos_request_cycle(live_contest, thread_switches):
    answer = call("GET", f"/s/{live_contest.screen_token}/events/", until=b"event: frame")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert answer.body.startswith(b"retry: 3000\n\nevent: clock\n")
    # The token look-up and the frame's render, each once in a worker thread; no middleware.
    assert not any("get_response" in name for name in thread_switches), thread_switches

"""The public Server-Sent Event streams, served on the event loop outside Django's request cycle.

    /s/<screen token>/events/[?layout=phone]   projector and audience pages: `frame` events
    /j/<judge token>/events/                   a judge's pages: `stage` events

Hundreds of screens hold these open all event long. Django's handler would build a request and
run the middleware chain in a worker thread for each; here a stream is a coroutine and a small
mailbox (live/hub.py), nothing else. arena/asgi.py routes these two paths here before
Django. A stream only reads (no cookies but the language, no session, no CSRF): the token is
looked up once per connect, in a worker thread, and kept for a few seconds so a hall full of
phones reconnecting at once costs one query per token, not one per phone.

Over the caps (ARENA_MAX_STREAMS per process, lowered to fit the open-file limit, and
ARENA_MAX_STREAMS_PER_CLIENT per client address) a stream gets a quick 503 with Retry-After;
the page's SSE extension retries with back-off and the page polls meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import resource
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from live.frames import Feed
from live.hub import Stream, clock_message, get_hub

logger = logging.getLogger(__name__)

ROUTES = re.compile(r"^/(?P<role>[sj])/(?P<token>[A-Za-z0-9_-]{1,64})/events/$")
RETRY = b"retry: 3000\n\n"
TOKEN_SECONDS = 10.0
FDS_KEPT_FREE = 200  # for the database pool, Redis, judges' requests and the listening socket


def is_stream_path(path: str) -> bool:
    return ROUTES.match(path) is not None


def stream_cap() -> int:
    """Streams one process may hold: the setting, lowered so the open-file limit is never hit
    (every stream is a socket: at the common 1,024 files, ~890 streams broke the process)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return settings.ARENA_MAX_STREAMS
    return max(1, min(settings.ARENA_MAX_STREAMS, soft - FDS_KEPT_FREE))


async def sent(stream: Stream) -> AsyncIterator[bytes]:
    """What an attached stream sends: the retry delay and the server's clock, then the feed's
    current message at once (a reconnect, with Last-Event-ID or not, gets the current frame
    first), then every change and a heartbeat, until the stream is closed."""
    yield RETRY + clock_message()
    while (message := await stream.get()) is not None:
        yield message


async def messages(contest_id: int, feed: Feed, stream: Stream) -> AsyncIterator[bytes]:
    """`sent`, attached to the hub for as long as it is iterated: the organizer console's
    stream (a Django view). The public streams below attach before they answer, so that they
    can still answer 503 when the event bus is down."""
    hub = get_hub()
    await hub.attach(contest_id, feed, stream)
    try:
        async for chunk in sent(stream):
            yield chunk
    finally:
        hub.detach(contest_id, feed, stream)


# token → (contest id, looked up at)
_tokens: dict[tuple[str, str], tuple[int | None, float]] = {}


def _look_up(role: str, token: str) -> int | None:
    from contests.models import Contest, Judge

    try:
        if role == "s":
            found = Contest.objects.filter(screen_token=token).values_list("pk", flat=True)
        else:
            found = Judge.objects.filter(token=token).values_list("contest_id", flat=True)
        return found.first()
    finally:
        connections.close_all()


async def contest_for(role: str, token: str) -> int | None:
    key = (role, token)
    now = time.monotonic()
    cached = _tokens.get(key)
    if cached is not None and now - cached[1] < TOKEN_SECONDS:
        return cached[0]
    contest_id = await sync_to_async(_look_up, thread_sensitive=False)(role, token)
    if len(_tokens) > 10_000:
        _tokens.clear()
    _tokens[key] = (contest_id, now)
    return contest_id


def language_of(scope: dict) -> str:
    """The language the page was rendered in: the switcher's cookie (arena/language.py)."""
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            cookie = SimpleCookie()
            with contextlib.suppress(Exception):
                cookie.load(value.decode("latin-1"))
            morsel = cookie.get(settings.LANGUAGE_COOKIE_NAME)
            if morsel is not None and morsel.value in dict(settings.LANGUAGES):
                return morsel.value
    return settings.LANGUAGE_CODE


class Limits:
    """Open streams of this process, in total and per client address."""

    def __init__(self) -> None:
        self.total = 0
        self.by_client: Counter[str] = Counter()

    def admit(self, client: str) -> bool:
        if self.total >= stream_cap():
            return False
        if self.by_client[client] >= settings.ARENA_MAX_STREAMS_PER_CLIENT:
            return False
        self.total += 1
        self.by_client[client] += 1
        return True

    def release(self, client: str) -> None:
        self.total -= 1
        self.by_client[client] -= 1
        if self.by_client[client] <= 0:
            del self.by_client[client]


limits = Limits()


async def _answer(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def application(scope: dict, receive, send) -> None:
    """The ASGI application for the two stream paths (arena/asgi.py routes them here)."""
    match = ROUTES.match(scope["path"])
    if match is None or scope["method"] not in {"GET", "HEAD"}:
        await _answer(send, 405 if match else 404, b"", [(b"allow", b"GET")])
        return
    client = (scope.get("client") or ("", 0))[0]
    if not limits.admit(client):
        # Quick and cheap, before any lookup: the page's SSE extension retries with back-off.
        await _answer(send, 503, "大屏连接已满，请稍候。".encode(), [(b"retry-after", b"5")])
        return
    try:
        await _serve(match["role"], match["token"], scope, receive, send)
    finally:
        limits.release(client)


# A stream's socket keeps this much unsent in the kernel (Linux doubles it), instead of the
# megabytes autotuning allows: a client that stops reading then shows as a backlog in the
# server within a few frames, and is dropped SEND_TIMEOUT_SECONDS later (live/hub.py).
STREAM_SEND_BUFFER = 32 * 1024


def lent_transport(send) -> asyncio.WriteTransport | None:
    """uvicorn's transport behind `send` (its request cycle keeps it), with the socket's send
    buffer made small; None under another server, where only a write that waits is seen."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if not hasattr(transport, "get_write_buffer_size"):  # uvloop's is no asyncio subclass
        return None
    sock = transport.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, STREAM_SEND_BUFFER)
    return transport


def chunked(send) -> bool:
    """Does uvicorn (httptools) frame this response's body as HTTP chunks? Then the hub may write
    a prepared chunk to the lent transport itself; under another server, or h11, it never does."""
    return getattr(getattr(send, "__self__", None), "chunked_encoding", None) is True


async def _serve(role: str, token: str, scope: dict, receive, send) -> None:
    try:
        contest_id = await contest_for(role, token)
    except Exception:
        logger.exception("looking up a stream's token failed")
        await _answer(send, 503, b"", [(b"retry-after", b"5")])
        return
    if contest_id is None:
        await _answer(send, 404, b"", [])
        return
    if role == "j":
        feed = Feed("stage")
    else:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        layout = "phone" if query.get("layout") == ["phone"] else "projector"
        feed = Feed("frame", layout, language_of(scope))

    stream = Stream()
    hub = get_hub()
    try:
        await hub.attach(contest_id, feed, stream)
    except Exception:  # the event bus is down: the page polls until a stream opens again
        await _answer(send, 503, b"", [(b"retry-after", b"5")])
        return

    async def watch_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        stream.close()

    watcher = asyncio.ensure_future(watch_disconnect())
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache, no-store"),
                    (b"x-accel-buffering", b"no"),  # nginx: pass events through at once
                    (b"x-content-type-options", b"nosniff"),
                ],
            }
        )
        if scope["method"] == "HEAD":
            await send({"type": "http.response.body", "body": b""})
            return
        loop = asyncio.get_running_loop()
        stream.task = asyncio.current_task()
        stream.transport = lent_transport(send)
        async for chunk in sent(stream):
            stream.sending_since = loop.time()
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            stream.sending_since = None
            if stream.writer is None and chunked(send):  # after the first chunk: in order
                stream.writer = stream.transport
        with contextlib.suppress(Exception):  # the client may be gone already
            await send({"type": "http.response.body", "body": b""})
    except OSError:
        pass  # the client went away: its stream ends
    except asyncio.CancelledError:
        if not stream.closed:
            raise
        # The hub dropped a client that stopped reading (live/hub.py); the server closes
        # the connection.
    finally:
        watcher.cancel()
        hub.detach(contest_id, feed, stream)

"""A web process's live streams: one event subscription, one render per contest and state, one
socket write per stream.

Every open stream (a projector, an audience phone, a judge's phone, an organizer's console)
registers here under its contest and its `Feed` (what it shows, in which layout and language).
When the event bus says a contest changed, the hub renders every feed that contest's streams
want, once, in one worker thread (live.frames.render_feeds), and hands the same bytes to each
of those streams. Events that arrive while a render runs are folded into one more render, so a
burst of sheets costs a few renders, never one per screen. A new stream gets the feed's current
message at once; a stream that cannot keep up only ever holds the newest one.

Nothing here holds a thread while streams are open: streams wait on futures of the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections import defaultdict

from asgiref.sync import sync_to_async
from django.db import connections

from arena.events import get_bus
from live.frames import Feed, render_feeds, sse_message

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
SEND_TIMEOUT_SECONDS = 30.0
DELIVERY_BATCH = 100
HEARTBEAT = b": heartbeat\n\n"


def clock_message() -> bytes:
    """The server's clock in ms, for the pages' countdowns (static/js/countdown.js)."""
    return sse_message("clock", str(int(time.time() * 1000)))


class Stream:
    """One open stream's mailbox: at most one message waits, and a newer one replaces it."""

    __slots__ = (
        "__weakref__",
        "_waiter",
        "backlog_since",
        "closed",
        "last",
        "pending",
        "sending_since",
        "task",
        "transport",
        "writer",
    )

    def __init__(self) -> None:
        self.pending: bytes | None = None
        self.last: bytes | None = None  # the last feed message handed over (by identity)
        self.closed = False
        self._waiter: asyncio.Future | None = None
        # Set by the stream's sender around each write: the heartbeat drops a client that has
        # not taken one message in SEND_TIMEOUT_SECONDS (a timeout per write would cost a task
        # per message and stream).
        self.sending_since: float | None = None
        self.task: asyncio.Task | None = None
        # The server's side of the socket (uvicorn's transport), when the server lends it: bytes
        # it holds that the kernel has not taken mean the client is not reading. A write only
        # waits once that backlog passes the transport's high-water mark, so without this check
        # a quiet client that never reads would be kept as long as its buffers had room.
        self.transport: asyncio.WriteTransport | None = None
        self.backlog_since: float | None = None
        # The same transport once the response is chunked and its first chunk is out: a message
        # then goes to the socket in one write from the hub, no task woken (`offer`).
        self.writer: asyncio.WriteTransport | None = None

    def stuck(self, now: float, limit: float) -> bool:
        """Has the client taken nothing for `limit` seconds? (checked at each heartbeat)"""
        if self.transport is not None and self.transport.get_write_buffer_size():
            if self.backlog_since is None:
                self.backlog_since = now
        else:
            self.backlog_since = None
        waiting = [t for t in (self.sending_since, self.backlog_since) if t is not None]
        return bool(waiting) and now - min(waiting) > limit

    def put(self, message: bytes) -> None:
        self.pending = message
        self._wake()

    def offer(self, message: bytes, chunk: bytes) -> bool:
        """The newest message: written to the socket at once, already framed as an HTTP chunk,
        when nothing waits before it and the socket has taken everything so far; else left in
        the mailbox for the stream's sender (a slow reader still only ever holds the newest)."""
        writer = self.writer
        if (
            writer is not None
            and self.pending is None
            and self.sending_since is None
            and not self.closed
            and not writer.is_closing()
            and not writer.get_write_buffer_size()
        ):
            writer.write(chunk)
            return True
        self.put(message)
        return False

    def heartbeat(self, message: bytes) -> None:
        if self.pending is None:
            self.pending = message
            self._wake()

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self) -> bytes | None:
        """The next message, or None once the stream is closed (bus down, contest gone)."""
        while self.pending is None and not self.closed:
            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        self._waiter = None
        if self.closed:
            return None
        message, self.pending = self.pending, None
        return message


def http_chunk(message: bytes) -> bytes:
    """A message as one chunk of a chunked HTTP/1.1 response body (what uvicorn writes for a
    body part), so that a stream can take it in one write."""
    return b"%x\r\n%b\r\n" % (len(message), message)


class ContestStreams:
    def __init__(self) -> None:
        self.streams: dict[Feed, weakref.WeakSet[Stream]] = defaultdict(weakref.WeakSet)
        self.current: dict[Feed, bytes] = {}
        self.dirty = False
        self.rendering: asyncio.Task | None = None
        self.rendering_feeds: set[Feed] = set()  # what the render under way renders


def _render_in_thread(contest_id: int, feeds: set[Feed]) -> dict[Feed, bytes] | None:
    try:
        return render_feeds(contest_id, feeds)
    finally:
        # Hand the connection back to the pool now: the thread may not run again for a while.
        connections.close_all()


class Hub:
    """The streams of one event loop (a uvicorn process has one)."""

    def __init__(self, render=_render_in_thread) -> None:
        self.render = render
        self.contests: dict[int, ContestStreams] = {}
        self.renders = 0  # how many times a contest's feeds were rendered (tests, benchmarks)
        self.written = 0  # messages the hub wrote to a socket itself (tests, benchmarks)
        self._listener: asyncio.Task | None = None
        self._ready: asyncio.Future | None = None
        self._heartbeat: asyncio.Task | None = None

    # Streams come and go

    async def attach(self, contest_id: int, feed: Feed, stream: Stream) -> None:
        await self._listen()
        contest = self.contests.setdefault(contest_id, ContestStreams())
        contest.streams[feed].add(stream)
        current = contest.current.get(feed)
        if current is not None:
            stream.last = current
            stream.put(current)
        elif contest.rendering is None or feed not in contest.rendering_feeds:
            self._refresh(contest_id)
        # else: the render under way delivers to this stream too. Asking for another would
        # render the same state twice when a hall's screens connect while the first renders.

    def detach(self, contest_id: int, feed: Feed, stream: Stream) -> None:
        contest = self.contests.get(contest_id)
        if contest is None:
            return
        contest.streams[feed].discard(stream)
        if not contest.streams[feed]:
            del contest.streams[feed]
            contest.current.pop(feed, None)
        if not contest.streams and contest.rendering is None:
            del self.contests[contest_id]

    def stream_count(self) -> int:
        return sum(len(s) for c in self.contests.values() for s in c.streams.values())

    # Events

    def on_event(self, contest_id: int) -> None:
        if contest_id in self.contests:
            self._refresh(contest_id)

    def _refresh(self, contest_id: int) -> None:
        contest = self.contests[contest_id]
        contest.dirty = True
        if contest.rendering is None:
            contest.rendering = asyncio.get_running_loop().create_task(self._render(contest_id))

    async def _render(self, contest_id: int) -> None:
        contest = self.contests[contest_id]
        try:
            while contest.dirty and contest.streams:
                contest.dirty = False
                feeds = contest.rendering_feeds = set(contest.streams)
                self.renders += 1
                try:
                    messages = await sync_to_async(self.render, thread_sensitive=False)(
                        contest_id, feeds
                    )
                except Exception:
                    # The database away for a moment: streams keep their last frame; the next
                    # event (or a reconnect) renders again.
                    logger.exception("rendering the screens of contest %s failed", contest_id)
                    continue
                if messages is None:  # the contest was deleted
                    for streams in contest.streams.values():
                        for stream in list(streams):
                            stream.close()
                    contest.streams.clear()
                    break
                await self._deliver(contest, messages)
        finally:
            contest.rendering = None
            contest.rendering_feeds = set()
            if not contest.streams:
                self.contests.pop(contest_id, None)

    async def _deliver(self, contest: ContestStreams, messages: dict[Feed, bytes]) -> None:
        """Hand each feed's message to its streams, DELIVERY_BATCH at a time: between batches
        the loop runs whatever else is ready (a judge's POST finishing), instead of every
        stream's write first. The message is framed once; each idle stream's socket takes it in
        one write (`Stream.offer`)."""
        woken = 0
        for feed, message in messages.items():
            streams = contest.streams.get(feed)
            if not streams:
                continue
            previous = contest.current.get(feed)
            if previous is not None and previous == message:
                message = previous  # unchanged: only streams that have nothing yet get it
            contest.current[feed] = message
            chunk = http_chunk(message)  # framed once for every stream of the feed
            for stream in list(streams):
                if stream.last is not message:
                    stream.last = message
                    self.written += stream.offer(message, chunk)
                    woken += 1
                    if woken % DELIVERY_BATCH == 0:
                        await asyncio.sleep(0)

    # The bus subscription and the heartbeat

    async def _listen(self) -> None:
        if self._listener is None or self._listener.done():
            loop = asyncio.get_running_loop()
            self._ready = loop.create_future()
            self._listener = loop.create_task(self._run_listener(self._ready))
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.get_running_loop().create_task(self._beat())
        await asyncio.shield(self._ready)

    async def _run_listener(self, ready: asyncio.Future) -> None:
        try:
            await get_bus().listen(self.on_event, ready)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if not ready.done():
                ready.set_exception(error)
            # What was rendered may have missed events while the subscription was down: every
            # stream ends, the screens reconnect (SSE retry) and get a fresh render.
            for contest in self.contests.values():
                contest.current.clear()
                for streams in contest.streams.values():
                    for stream in list(streams):
                        stream.close()
                contest.streams.clear()

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            message = HEARTBEAT + clock_message()
            now = asyncio.get_running_loop().time()
            for contest in list(self.contests.values()):
                for streams in list(contest.streams.values()):
                    for stream in list(streams):
                        if stream.stuck(now, SEND_TIMEOUT_SECONDS):
                            logger.warning("dropping a stream whose client stopped reading")
                            stream.close()
                            if stream.task is not None:
                                stream.task.cancel()
                        else:
                            stream.heartbeat(message)

    async def close(self) -> None:
        for task in (self._listener, self._heartbeat):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    """The running event loop's hub: a uvicorn process has one loop; tests may run several."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub

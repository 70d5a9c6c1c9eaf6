""" "Standings changed" events: Redis pub/sub in full mode, an in-process bus in embedded mode.

Events carry only (contest id, version). Listeners re-read what they need, so a lost or
repeated event costs nothing but a re-fetch.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import weakref
from collections import defaultdict

from django.conf import settings

logger = logging.getLogger(__name__)


def channel_name(contest_id: int) -> str:
    return f"arena:contest:{contest_id}:standings"


def newest(queue: asyncio.Queue, first):
    """Skip to the newest version already waiting: a screen that fell behind re-fetches once,
    not once per version it missed. A failure waiting in the queue wins."""
    latest = first
    while not queue.empty() and not isinstance(latest, BaseException):
        item = queue.get_nowait()
        latest = item if isinstance(item, BaseException) else max(latest, item)
    return latest


class MemorySubscription:
    def __init__(self, bus: MemoryBus, contest_id: int) -> None:
        self.bus = bus
        self.contest_id = contest_id
        self.entry = (asyncio.get_running_loop(), asyncio.Queue())

    async def __aenter__(self) -> MemorySubscription:
        with self.bus._lock:
            self.bus._subscribers[self.contest_id].add(self.entry)
        return self

    async def __aexit__(self, *exc) -> None:
        self.bus._remove(self.contest_id, self.entry)

    async def next(self, timeout: float) -> int | None:
        """The next version published, or None after `timeout` seconds without one."""
        try:
            version = await asyncio.wait_for(self.entry[1].get(), timeout)
        except TimeoutError:
            return None
        return newest(self.entry[1], version)


class MemoryBus:
    """Subscribers are asyncio queues; publish may come from any thread (views, eager tasks)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[int, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = (
            defaultdict(set)
        )

    def publish(self, contest_id: int, version: int) -> None:
        with self._lock:
            subscribers = list(self._subscribers.get(contest_id, ()))
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, version)
            except RuntimeError:  # loop closed: the listener is gone
                self._remove(contest_id, (loop, queue))

    def _remove(self, contest_id: int, entry) -> None:
        with self._lock:
            self._subscribers[contest_id].discard(entry)

    def subscribe(self, contest_id: int) -> MemorySubscription:
        return MemorySubscription(self, contest_id)


CHANNEL_PATTERN = "arena:contest:*:standings"


class HubDown(ConnectionError):
    """The process's Redis subscription failed: streams end, screens reconnect and re-fetch."""


class RedisSubscription:
    def __init__(self, hub_for_loop, contest_id: int) -> None:
        self.hub_for_loop = hub_for_loop
        self.contest_id = contest_id
        self.queue: asyncio.Queue = asyncio.Queue()

    async def __aenter__(self) -> RedisSubscription:
        self.hub = self.hub_for_loop()
        await self.hub.attach(self.contest_id, self.queue)
        return self

    async def __aexit__(self, *exc) -> None:
        self.hub.detach(self.contest_id, self.queue)

    async def next(self, timeout: float) -> int | None:
        try:
            version = await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None
        version = newest(self.queue, version)
        if isinstance(version, BaseException):
            raise version
        return version


class RedisHub:
    """One Redis pub/sub connection per process (event loop), shared by all its streams.

    A connection per stream made Redis write every event to every screen's socket and the ASGI
    process parse each copy; with one, an event is read once and handed to local queues. If the
    connection fails, every stream of the process ends with HubDown, as it did with its own
    connection: screens reconnect (SSE retry) and re-fetch, or poll while Redis is away.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._subscribers: dict[int, set[asyncio.Queue]] = defaultdict(set)
        self._task: asyncio.Task | None = None
        self._connected: asyncio.Future | None = None

    async def attach(self, contest_id: int, queue: asyncio.Queue) -> None:
        if self._task is None or self._task.done():
            self._connected = asyncio.get_running_loop().create_future()
            self._task = asyncio.create_task(self._run(self._connected))
        await asyncio.shield(self._connected)
        self._subscribers[contest_id].add(queue)

    def detach(self, contest_id: int, queue: asyncio.Queue) -> None:
        queues = self._subscribers.get(contest_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self._subscribers[contest_id]

    async def _run(self, connected: asyncio.Future) -> None:
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        pubsub = client.pubsub()
        try:
            await pubsub.psubscribe(CHANNEL_PATTERN)
            connected.set_result(True)
            async for message in pubsub.listen():
                if message.get("type") != "pmessage":
                    continue
                event = json.loads(message["data"])
                for queue in list(self._subscribers.get(int(event["contest"]), ())):
                    queue.put_nowait(int(event["version"]))
        except Exception as error:  # any failure ends this process's streams
            logger.warning("standings subscription lost: %s", error)
            if not connected.done():
                connected.set_exception(HubDown(str(error)))
            down = HubDown(str(error))
            for queues in list(self._subscribers.values()):
                for queue in list(queues):
                    queue.put_nowait(down)
            self._subscribers.clear()
        finally:
            with contextlib.suppress(Exception):  # the connection may be gone already
                await pubsub.aclose()
                await client.aclose()


class RedisBus:
    def __init__(self, url: str) -> None:
        self.url = url
        self._client = None
        # Per event loop: a uvicorn process has one; tests may run several.
        self._hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def publish(self, contest_id: int, version: int) -> None:
        import redis

        if self._client is None:
            self._client = redis.Redis.from_url(self.url, socket_timeout=2)
        try:
            self._client.publish(
                channel_name(contest_id), json.dumps({"contest": contest_id, "version": version})
            )
        except redis.RedisError:
            # Screens fall back to polling and catch up from the stored version.
            logger.warning("could not publish standings event for contest %s", contest_id)

    def subscribe(self, contest_id: int) -> RedisSubscription:
        return RedisSubscription(self._hub, contest_id)

    def _hub(self) -> RedisHub:
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None:
            hub = self._hubs[loop] = RedisHub(self.url)
        return hub


_bus: MemoryBus | RedisBus | None = None


def get_bus() -> MemoryBus | RedisBus:
    global _bus
    if _bus is None:
        _bus = RedisBus(settings.REDIS_URL) if settings.ARENA_EVENT_BUS == "redis" else MemoryBus()
    return _bus


def publish_standings_changed(contest_id: int, version: int) -> None:
    get_bus().publish(contest_id, version)

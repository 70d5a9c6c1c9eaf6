""" "Standings changed" events: Redis pub/sub in full mode, an in-process bus in embedded mode.

Events carry only (contest id, version). Listeners re-read what they need, so a lost or
repeated event costs nothing but a re-fetch.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections import defaultdict

from django.conf import settings

logger = logging.getLogger(__name__)


def channel_name(contest_id: int) -> str:
    return f"arena:contest:{contest_id}:standings"


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
            return await asyncio.wait_for(self.entry[1].get(), timeout)
        except TimeoutError:
            return None


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


class RedisSubscription:
    def __init__(self, url: str, contest_id: int) -> None:
        self.url = url
        self.contest_id = contest_id

    async def __aenter__(self) -> RedisSubscription:
        import redis.asyncio as aioredis

        self.client = aioredis.Redis.from_url(self.url)
        self.pubsub = self.client.pubsub()
        await self.pubsub.subscribe(channel_name(self.contest_id))
        return self

    async def __aexit__(self, *exc) -> None:
        await self.pubsub.aclose()
        await self.client.aclose()

    async def next(self, timeout: float) -> int | None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        # get_message returns None at once for the (ignored) subscribe confirmation: keep waiting.
        while (remaining := deadline - loop.time()) > 0:
            message = await self.pubsub.get_message(
                ignore_subscribe_messages=True, timeout=remaining
            )
            if message is not None and message.get("type") == "message":
                return int(json.loads(message["data"])["version"])
        return None


class RedisBus:
    def __init__(self, url: str) -> None:
        self.url = url
        self._client = None

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
        return RedisSubscription(self.url, contest_id)


_bus: MemoryBus | RedisBus | None = None


def get_bus() -> MemoryBus | RedisBus:
    global _bus
    if _bus is None:
        _bus = RedisBus(settings.REDIS_URL) if settings.ARENA_EVENT_BUS == "redis" else MemoryBus()
    return _bus


def publish_standings_changed(contest_id: int, version: int) -> None:
    get_bus().publish(contest_id, version)

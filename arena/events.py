""" "A contest changed" events: Redis pub/sub in full mode, an in-process bus in embedded mode.

Whatever changes what a contest's screens show (a new standings version, the presenter on
stage, scoring opened or closed, the screen mode, the countdown, sign-off…) publishes the
contest's id after its transaction commits. An event carries nothing else: each web process
re-reads the contest once and pushes what changed to its own open streams (live/hub.py), so
a lost or repeated event costs nothing but one render.

This module imports no app: contests/ and scoring/ publish, screens/ listens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

CHANNEL_PATTERN = "arena:contest:*"
OnEvent = Callable[[int], None]


def channel_name(contest_id: int) -> str:
    return f"arena:contest:{contest_id}"


class BusDown(ConnectionError):
    """The process's subscription failed: its streams end and the screens reconnect."""


class MemoryBus:
    """Listeners are callbacks on event loops; publish may come from any thread (views, eager
    Celery tasks), so each callback is handed to its own loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: set[tuple[asyncio.AbstractEventLoop, OnEvent]] = set()

    def publish(self, contest_id: int) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for loop, on_event in listeners:
            try:
                loop.call_soon_threadsafe(on_event, contest_id)
            except RuntimeError:  # loop closed: the listener is gone
                with self._lock:
                    self._listeners.discard((loop, on_event))

    async def listen(self, on_event: OnEvent, ready: asyncio.Future) -> None:
        """Call `on_event(contest_id)` for every event until cancelled."""
        entry = (asyncio.get_running_loop(), on_event)
        with self._lock:
            self._listeners.add(entry)
        ready.set_result(True)
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            with self._lock:
                self._listeners.discard(entry)


class RedisBus:
    """One pattern subscription per web process for every contest: an event is read once per
    process, however many streams it has."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._client = None

    def publish(self, contest_id: int) -> None:
        import redis

        if self._client is None:
            self._client = redis.Redis.from_url(self.url, socket_timeout=2)
        try:
            self._client.publish(channel_name(contest_id), json.dumps({"contest": contest_id}))
        except redis.RedisError:
            # Screens fall back to their slow poll and catch up from the database.
            logger.warning("could not publish an event for contest %s", contest_id)

    async def listen(self, on_event: OnEvent, ready: asyncio.Future) -> None:
        """Call `on_event(contest_id)` for every event; raises BusDown when Redis goes away."""
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        pubsub = client.pubsub()
        try:
            await pubsub.psubscribe(CHANNEL_PATTERN)
            ready.set_result(True)
            async for message in pubsub.listen():
                if message.get("type") == "pmessage":
                    on_event(int(json.loads(message["data"])["contest"]))
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.warning("event subscription lost: %s", error)
            raise BusDown(str(error)) from error
        finally:
            with contextlib.suppress(Exception):  # the connection may be gone already
                await pubsub.aclose()
                await client.aclose()


_bus: MemoryBus | RedisBus | None = None


def get_bus() -> MemoryBus | RedisBus:
    global _bus
    if _bus is None:
        _bus = RedisBus(settings.REDIS_URL) if settings.ARENA_EVENT_BUS == "redis" else MemoryBus()
    return _bus


def publish_contest_changed(contest_id: int) -> None:
    """Tell every web process that the contest's screens may show something new: after the
    current transaction commits (at once outside one), so a process never reads the change
    before it is there."""
    transaction.on_commit(lambda: get_bus().publish(contest_id))

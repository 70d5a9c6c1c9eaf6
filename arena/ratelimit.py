"""A fixed-window rate limit counted in the cache (per token, per login name…)."""

import hashlib
import logging
import time

from django.core.cache import BaseCache, caches

logger = logging.getLogger(__name__)
_counters: BaseCache | None = None


def counters() -> BaseCache:
    """One cache instance per process. Django hands every ASGI request context a cache instance
    of its own, and each Redis cache instance opens its own connection pool: under uvicorn that
    was a new Redis connection for every judge's POST (found profiling bench/load.py)."""
    global _counters
    if _counters is None:
        _counters = caches.create_connection("default")
    return _counters


def allow(scope: str, key: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one request; False once `limit` requests were made in the current window."""
    # Keys come from users (login names): hashed, so any text makes a short, valid cache key.
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    bucket = f"rl:{scope}:{digest}:{int(time.time() // window_seconds)}"
    # add() sets the counter only if absent, so concurrent first requests do not reset it.
    cache = counters()
    try:
        cache.add(bucket, 0, timeout=window_seconds * 2)
        try:
            count = cache.incr(bucket)
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, timeout=window_seconds * 2)
            count = 1
    except Exception:
        # The cache (Redis) is down: keep accepting judges' sheets rather than refuse them all.
        logger.warning("rate limit cache unavailable; allowing %s", scope)
        return True
    return count <= limit

"""`/healthz`: is this web process able to serve? Database, Redis and a Celery worker.

For load balancers and the stack script: 200 with every check "ok", else 503 naming what failed.
Reveals nothing beyond which dependency is down.
"""

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_redis() -> str:
    if not settings.REDIS_URL:
        return "not used (embedded mode)"
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def check_worker() -> str:
    from arena.celery import app

    if app.conf.task_always_eager:
        return "not used (tasks run in-process)"
    if not app.control.ping(timeout=1.0, limit=1):
        raise RuntimeError("no Celery worker answered within 1 s")
    return "ok"


CHECKS = {"database": check_database, "redis": check_redis, "worker": check_worker}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            state = check()
        except Exception as error:  # any failure is an answer here, not a server error
            state, healthy = f"fail: {type(error).__name__}", False
        results[name] = {"status": state, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503
    )

"""Operations: /healthz, structured request logs without secrets, login rate limit, body limits."""

import io
import json
import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from arena import health
from arena.logs import JsonFormatter, redacted


def test_healthz_reports_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "worker"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_naming_what_failed(client, db, monkeypatch):
    def broken():
        raise ConnectionError("down")

    monkeypatch.setitem(health.CHECKS, "redis", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"] == "fail: ConnectionError"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_request_log_never_shows_a_judge_token(client, judge, caplog):
    with caplog.at_level(logging.INFO, logger="arena.request"):
        client.get(reverse("judge:home", args=[judge.token]))
    lines = [r for r in caplog.records if r.name == "arena.request"]
    assert lines and all(judge.token not in r.getMessage() for r in lines)
    assert lines[-1].path == "/j/…/" and lines[-1].status == 200
    assert redacted(f"/j/{judge.token}/c/3/") == "/j/…/c/3/"


def test_no_link_of_any_kind_leaves_its_secret_in_the_log(client, organizer, judge):
    """#29: invitation, password-reset, unit (/u/) and screen (/s/) tokens reached the request
    log; judges' alone were redacted. Each kind of link is visited (found and not found, which
    Django also logs) and the log lines as the configured handler writes them are searched."""
    from orgs.access import personal_organisation
    from orgs.invitations import invite
    from orgs.views_members import password_reset_path
    from tests.test_series_rounds import make_series

    series = make_series(organizer)
    unit = series.entrants.first()
    _, invitation = invite(personal_organisation(organizer), ["viewer"], by=organizer)
    reset = password_reset_path(organizer)
    secrets = [judge.token, judge.contest.screen_token, series.screen_token, unit.token]
    secrets += [invitation, reset.rstrip("/").split("/")[-1]]
    addresses = [
        reverse("judge:home", args=[judge.token]),
        reverse("screen:projector", args=[judge.contest.screen_token]),
        reverse("screen:audience", args=[judge.contest.screen_token]),
        reverse("series_public:page", args=[series.screen_token]),
        reverse("boards_public:page", args=[series.screen_token]),
        reverse("series_public:entrant", args=[unit.token]),
        reverse("followup_unit:matters", args=[unit.token]),
        reverse("boards_unit:metrics", args=[unit.token]),
        reverse("orgs:join", args=[invitation]),
        reset,
        "/u/" + "x" * 40 + "/matters/",  # not found: Django's warning names the path
        "/s/" + "y" * 30 + "/",
    ]
    console = next(h for h in logging.getLogger().handlers if h.filters)  # settings.LOGGING
    buffer = io.StringIO()
    previous = console.setStream(buffer)
    try:
        for address in addresses:
            client.get(address)
    finally:
        console.setStream(previous)
    written = buffer.getvalue()
    assert written.count("GET ") >= len(addresses)
    for secret in [*secrets, "x" * 40, "y" * 30]:
        assert secret not in written, secret


def test_json_log_lines_carry_the_request_fields():
    record = logging.makeLogRecord(
        {"name": "arena.request", "msg": "GET %s", "args": ("/o/",), "levelname": "INFO"}
    )
    record.status, record.ms = 200, 3.2
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /o/" and line["status"] == 200 and line["ms"] == 3.2
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_login_is_rate_limited_per_name(client, organizer, empty_cache):
    url = reverse("login")
    for _ in range(10):
        response = client.post(url, {"username": "organizer", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(url, {"username": "organizer", "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert "登录尝试过于频繁" in response.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password waits
    # Another name from the same address is still let through, up to the address limit.
    other = client.post(url, {"username": "someone", "password": "x"})
    assert other.status_code == 200


@pytest.mark.parametrize("padding", [" " * 150, "\u3000" * 200, "\t\n " * 100])
def test_spaces_before_a_locked_name_do_not_escape_its_lockout(
    client, organizer, empty_cache, padding
):
    url = reverse("login")
    for _ in range(10):
        client.post(url, {"username": "organizer", "password": "wrong"})
    padded = {"username": padding + "organizer", "password": "correct-horse-battery"}
    assert client.post(url, padded).status_code == 429
    assert "_auth_user_id" not in client.session


def test_oversized_and_overfull_posts_get_400(client, judge, contestant, settings):
    url = reverse("judge:sheet", args=[judge.token, contestant.pk])
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        url, {"submission_id": "x" * 16, "comment": "长" * 20_000}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    fields = {f"f{i}": "1" for i in range(1_200)}
    response = client.post(url, fields, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    big_json = json.dumps({"submission_id": "x" * 16, "comment": "x" * 20_000})
    response = client.post(url, big_json, content_type="application/json")
    assert response.status_code == 400
    assert not judge.sheets.exists()


PRODUCTION_ENV = {
    "ARENA_PRODUCTION": "1",
    "ARENA_HTTPS": "1",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-test-only-0123456789",
    "ALLOWED_HOSTS": "arena.example.gov.cn",
    "DJANGO_SETTINGS_MODULE": "arena.settings",
}


def run_in_production(tmp_path, *args: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, **PRODUCTION_ENV, "ARENA_DATA_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the browser
        env.pop(name, None)  # tests set the last one for Playwright; never in production
    return subprocess.run(
        [sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run_in_production(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers_and_cookie_flags_in_production(tmp_path):
    script = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from django.test import Client
client = Client(HTTP_HOST="arena.example.gov.cn")
plain = client.get("/login/")
page = client.get("/login/", secure=True)
cookie = page.cookies["csrftoken"]
print(json.dumps({
    "redirect": plain.status_code, "location": plain.get("Location", ""),
    "hsts": page.get("Strict-Transport-Security", ""), "frame": page.get("X-Frame-Options", ""),
    "nosniff": page.get("X-Content-Type-Options", ""), "referrer": page.get("Referrer-Policy", ""),
    "csrf_secure": bool(cookie["secure"]),
}))
"""
    result = run_in_production(tmp_path, "-c", script)
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout.strip().splitlines()[-1])
    assert headers["redirect"] == 301 and headers["location"].startswith("https://")
    assert "max-age=31536000" in headers["hsts"] and "includeSubDomains" in headers["hsts"]
    assert headers["frame"] == "DENY" and headers["nosniff"] == "nosniff"
    assert headers["referrer"] == "same-origin" and headers["csrf_secure"]


def test_rate_limit_counters_are_one_store_per_process():
    """Django gives each ASGI request context its own cache instance, and a Redis one its own
    connection pool; the rate limiter keeps one store per process so a POST opens no
    connection."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from arena.ratelimit import counters

    async def in_a_request_context():
        return counters()

    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(asyncio.run, in_a_request_context()).result()
        second = pool.submit(asyncio.run, in_a_request_context()).result()
    assert first is second is counters()


@pytest.mark.fullstack
@pytest.mark.django_db(transaction=True)
def test_the_stack_serves_static_files_and_pages(stack, judge, contestant):
    """uvicorn with arena/asgi.py: WhiteNoise's files, and a judge's page with its script."""
    from urllib.request import urlopen

    with urlopen(f"{stack.url}/j/{judge.token}/c/{contestant.pk}/", timeout=10) as page:  # noqa: S310 - loopback
        assert page.status == 200
        html = page.read().decode()
    assert contestant.name in html and "/static/js/judge.js" in html
    with urlopen(f"{stack.url}/static/js/judge.js", timeout=10) as script:  # noqa: S310 - loopback
        assert script.status == 200
        assert "javascript" in script.headers["Content-Type"]
        assert b"submission_id" in script.read()

"""Operations: /healthz, structured request logs without secrets, login rate limit, body limits."""

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

"""Settings from the environment, and the described deployment files."""

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from arena.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent


def test_postgres_url():
    db = database_from_url("postgres://arena:p%40ss@db.example:5433/arena?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "arena",
        "p@ss",
        "db.example",
        "5433",
        "arena",
    )
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["pool"]["max_size"] >= 4  # pooled under ASGI, not per-thread
    assert db["CONN_HEALTH_CHECKS"] is True  # Django then checks each connection taken
    assert db["CONN_MAX_AGE"] == 0


def test_sqlite_url_and_unknown_scheme():
    assert database_from_url("sqlite:////srv/arena/x.sqlite3")["NAME"] == "/srv/arena/x.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x@y/z")


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert ("en", "English") in settings.LANGUAGES


def test_compose_describes_the_full_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "uvicorn" in (ROOT / "Dockerfile").read_text()
    assert "celery" in services["worker"]["command"]


def test_no_page_loads_from_a_cdn():
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static").rglob("*.*")]:
        text = path.read_text(errors="ignore")
        assert "cdn." not in text and "unpkg.com" not in text and "googleapis" not in text, path

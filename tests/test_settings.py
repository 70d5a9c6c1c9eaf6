"""Settings from the environment, and the described deployment files."""

import re
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


def dockerfile_facts() -> dict:
    text = (ROOT / "Dockerfile").read_text()
    return {
        "user": re.findall(r"^USER (\S+)", text, re.M)[-1],
        "data_dir": re.search(r"ARENA_DATA_DIR=(\S+)", text)[1],
        "made": {p for line in re.findall(r"mkdir -p ([^&\n]+)", text) for p in line.split()},
        "owned": re.findall(r"chown -R (\S+?):\S+ (\S+)", text),
    }


def test_the_image_can_write_every_volume_compose_mounts_into_it():
    """#29: the media volume was root-owned in an image that runs as `arena`, so uploads
    answered 500. A named volume starts as a copy of the image's directory, owner included:
    each one mounted into the app must exist in the image, owned by the user it runs as, and be
    where the settings put the data (ARENA_DATA_DIR, MEDIA_ROOT = ARENA_DATA_DIR/media)."""
    facts = dockerfile_facts()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app_services = [s for s in compose["services"].values() if s.get("build")]
    assert app_services
    for service in app_services:
        for volume in service.get("volumes", []):
            name, target = volume.split(":")[:2]
            assert name in compose["volumes"]  # a named volume, initialised from the image
            assert target in facts["made"], target
            assert any(
                user == facts["user"] and (target + "/").startswith(path.rstrip("/") + "/")
                for user, path in facts["owned"]
            ), target
        assert f"{facts['data_dir']}/media" in [v.split(":")[1] for v in service["volumes"]]
        environment = service["environment"]
        assert "ARENA_PUBLIC_URL" in environment and "ALLOWED_HOSTS" in environment
        assert ":?" in environment["ARENA_PUBLIC_URL"]  # asked for, not guessed


def test_the_image_leaves_out_what_it_does_not_need():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "var", ".git", "**/__pycache__", "tests", "bench", "*.egg-info"} <= ignored


def test_every_app_is_packaged():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    included = {p.rstrip("*") for p in project["tool"]["setuptools"]["packages"]["find"]["include"]}
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"arena"}
    assert apps <= included


def test_lower_bounds_and_the_lock_file_agree_with_what_the_code_needs():
    """#29: `weasyprint>=63` while scoring/report.py imports URLFetcher (new in 68); Pillow used
    (ImageField) but not declared; no lock file, so a fresh clone took whatever was newest."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for r in project["optional-dependencies"]["dev"]]
    by_name = {canonicalize_name(r.name): r for r in wanted}
    assert Version("68") in by_name["weasyprint"].specifier
    assert not by_name["weasyprint"].specifier.contains("67.0")
    assert "pillow" in by_name
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pinned[canonicalize_name(name)] = version
    for name, requirement in by_name.items():
        assert name in pinned, f"{name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name])
    assert "-c" in (ROOT / "scripts" / "lib.sh").read_text()  # the install uses the lock file


def test_the_public_url_is_an_allowed_host_and_a_trusted_origin(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "ARENA_PUBLIC_URL": "http://192.168.1.10:8000",
        "ARENA_DATA_DIR": str(tmp_path),
    }
    env.pop("ALLOWED_HOSTS", None)
    shown = subprocess.run(
        [sys.executable, "-c", "from arena import settings as s; "
         "print(s.ALLOWED_HOSTS[-1], s.CSRF_TRUSTED_ORIGINS[-1])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert shown == ["192.168.1.10", "http://192.168.1.10:8000"]

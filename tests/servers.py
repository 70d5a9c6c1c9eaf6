"""Servers the tests run against: the full stack started by scripts/stack.sh (uvicorn and a
Celery worker on the PostgreSQL test database, for the PostgreSQL + Redis pass) and uvicorn in
a thread of the test process; tests/conftest.py makes fixtures of them."""

import os
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

# The full stack (scripts/stack.sh) on the test database, for the PostgreSQL + Redis pass.
ROOT = Path(__file__).resolve().parent.parent
STACK_PORT = 8011


def fullstack_available() -> bool:
    from django.conf import settings
    from django.db import connection

    return bool(settings.REDIS_URL) and connection.vendor == "postgresql"


def stack_database_url() -> str:
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )


class Stack:
    """uvicorn (2 processes) and a Celery worker started by scripts/stack.sh, with controls."""

    def __init__(self, directory: Path) -> None:
        from django.conf import settings

        self.url = f"http://127.0.0.1:{STACK_PORT}"
        self.dir = directory
        self.env = {
            **os.environ,
            "DATABASE_URL": stack_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "ARENA_STACK_PORT": str(STACK_PORT),
            "ARENA_STACK_DIR": str(directory),
            "ARENA_STACK_MIGRATE": "0",  # pytest-django made the test database already
            "ARENA_JUDGE_POSTS_PER_MINUTE": "100000",  # load and fault tests post fast
            "ARENA_REQUEST_LOG_LEVEL": "WARNING",
            "LOG_LEVEL": "WARNING",
        }

    def run(self, *args: str) -> None:
        subprocess.run(
            ["bash", str(ROOT / "scripts/stack.sh"), *args], env=self.env, check=True, cwd=ROOT
        )

    def pid(self, name: str) -> int:
        return int((self.dir / f"{name}.pid").read_text())

    def web_children(self) -> list[int]:
        """uvicorn's worker processes (not multiprocessing's resource tracker)."""
        output = subprocess.run(
            ["pgrep", "-P", str(self.pid("web"))], capture_output=True, text=True
        ).stdout
        workers = []
        for pid in output.split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"resource_tracker" not in command:
                workers.append(int(pid))
        return workers

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-4000:]}" for path in self.dir.glob("*.log")
        )


def wait_until_quiet(contest_id: int, timeout: float = 60):
    """Wait until no recompute is queued or running and the standings include every change."""
    import time

    from scoring import models

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = models.StandingsState.objects.get(contest_id=contest_id)
        if state.queued_at is None and state.computed_seq == state.requested_seq:
            # Quiet twice in a row, so a run that just started has finished too.
            time.sleep(0.3)
            again = models.StandingsState.objects.get(contest_id=contest_id)
            if (again.computed_seq, again.queued_at) == (state.computed_seq, None):
                return again
        time.sleep(0.1)
    pytest.fail(
        f"standings did not settle: {models.StandingsState.objects.get(contest_id=contest_id)}"
    )


class ThreadedServer:
    """uvicorn in a thread of this process, on the test database; can stop and start again."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        import uvicorn
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from arena.asgi import application

        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

"""Processes the benches start and measure: a free port, uvicorn and a Celery worker on the
bench's database (`Stack`), a page that answers, the CPU time of a process and its children."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(child) for child in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def cpu_of(pid: int) -> float:
    """utime + stime of a process, in seconds (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


class Stack:
    """A Celery worker (2 processes) and uvicorn with N processes, on the bench's database."""

    def __init__(self, web_processes: int = 1, interval: float = 0.0, extra_env=None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "ARENA_STATIC_FROM_FINDERS": "1",
            # Every simulated screen comes from 127.0.0.1; a hall's phones come from many.
            "ARENA_MAX_STREAMS_PER_CLIENT": "1000000",
            "ARENA_STANDINGS_MIN_INTERVAL": str(interval),
            **(extra_env or {}),
        }
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "arena", "worker", "-c", "2", "-l", "warning"],
            cwd=ROOT,
            env=env,
        )
        command = [sys.executable, "-m", "uvicorn", "arena.asgi:application"]
        command += ["--port", str(self.port), "--log-level", "warning", "--no-access-log"]
        if web_processes > 1:
            command += ["--workers", str(web_processes)]
        self.web = subprocess.Popen(command, cwd=ROOT, env=env)
        wait_for(f"{self.base}/login/")
        if web_processes > 1:  # each child answers /login/ once it runs
            deadline = time.monotonic() + 30
            while len(self.web_pids()) < web_processes + 1 and time.monotonic() < deadline:
                time.sleep(0.2)

    def web_pids(self) -> list[int]:
        """uvicorn's process and its worker processes, if any."""
        return [self.web.pid, *children(self.web.pid)]

    def cpu_seconds(self) -> float:
        return sum(cpu_of(pid) for pid in self.web_pids())

    def cpu_by_process(self) -> dict[str, float]:
        """CPU seconds so far of the web processes, the Celery worker's processes, and every
        PostgreSQL and Redis process on this machine (the bench's loopback services)."""
        worker = [self.worker.pid, *children(self.worker.pid)]
        by_name: dict[str, float] = {"postgres": 0.0, "redis": 0.0}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    name = (entry / "comm").read_text().strip()
                except OSError:
                    continue
                if name.startswith("postgres"):
                    by_name["postgres"] += cpu_of(int(entry.name))
                elif name.startswith("redis-server"):
                    by_name["redis"] += cpu_of(int(entry.name))
        return {
            "web": self.cpu_seconds(),
            "worker": sum(cpu_of(pid) for pid in worker),
            **by_name,
        }

    def status(self, key: str) -> int:
        """Sum of a /proc/<pid>/status field (VmRSS in kB, Threads) over the web processes."""
        total = 0
        for pid in self.web_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(f"{key}:"):
                    total += int(line.split()[1])
        return total

    def stop(self) -> None:
        for process in (self.web, self.worker):
            process.terminate()
        for process in (self.web, self.worker):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")

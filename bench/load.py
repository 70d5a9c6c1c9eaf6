"""Load test of the full stack: judges submitting sheets while projector/audience streams listen.

    ARENA_JUDGE_POSTS_PER_MINUTE=100000 bash scripts/stack.sh start   # then eval its output
    .venv/bin/python bench/load.py --judges 200 --listeners 500 --minutes 10

Judges are locust FastHttpUsers (bench/locustfile.py) in a separate process pinned to one core
with `taskset`, so the load generator does not starve the server; each judge loads a sheet
page once, then POSTs sheets (new ones and revisions on the version it knows) without pause.
The streams are raw Server-Sent Events connections held open by this process. Prints
throughput, p50/p99 of the POSTs, errors, the events the streams received and the memory of
the web processes. Then it checks correctness: every acknowledged sheet is stored exactly once
(one submission record and one audit entry each, the sheet at its last acknowledged version),
and the settled standings equal a fresh recompute and a replay of the audit log. Exits non-zero
if any check fails or any request failed. The per-judge rate limit must be lifted for a load
test (a real judge is limited to 30 sheets a minute).
"""

import argparse
import asyncio
import contextlib
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Judge, LiveState  # noqa: E402
from contests.setup import apply_preset  # noqa: E402
from scoring import standings  # noqa: E402
from scoring.models import AuditEntry, ScoreSheet, SheetSubmission, StandingsState  # noqa: E402
from scoring.replay import replayed_results  # noqa: E402


def build(judges: int, contestants: int) -> Contest:
    owner, _ = get_user_model().objects.get_or_create(username="load")
    contest = Contest.objects.create(
        owner=owner, title="负载测试", date="2026-11-22", show_totals=True
    )
    LiveState.objects.filter(contest=contest).update(screen="board")
    apply_preset(contest, "sikan")
    Contestant.objects.bulk_create(
        Contestant(contest=contest, name=f"选手{i}", unit=f"单位{i}", order=i + 1)
        for i in range(contestants)
    )
    Judge.objects.bulk_create(
        Judge(contest=contest, name=f"评委{i}", unit=f"评委单位{i}", order=i + 1)
        for i in range(judges)
    )
    live.start(contest)
    contest.contestants.update(scoring=Contestant.Scoring.OPEN)
    return contest


async def hold_streams(host: str, port: int, token: str, count: int, stop: threading.Event):
    events = [0] * count

    async def one(index: int) -> None:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            return
        writer.write(
            f"GET /s/{token}/events/ HTTP/1.1\r\nHost: {host}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        try:
            while not stop.is_set():
                try:
                    line = await asyncio.wait_for(reader.readline(), timeout=1)
                except TimeoutError:
                    continue
                if not line:
                    return
                if line.startswith(b"event: frame"):
                    events[index] += 1
        finally:
            writer.close()

    await asyncio.gather(*(one(i) for i in range(count)))
    return events


def web_rss_mb() -> float:
    """Resident memory of every uvicorn process (the supervisor and its workers)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
            text = status.read_text()
        except OSError:
            continue
        parent_is_uvicorn = False
        if b"multiprocessing" in cmdline:
            ppid = next(line.split()[1] for line in text.splitlines() if line.startswith("PPid"))
            with contextlib.suppress(OSError):
                parent_is_uvicorn = b"uvicorn" in Path(f"/proc/{ppid}/cmdline").read_bytes()
        if b"uvicorn" in cmdline or parent_is_uvicorn:
            total += next(
                int(line.split()[1]) for line in text.splitlines() if line.startswith("VmRSS")
            )
    return total / 1024


def settle(contest: Contest, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = StandingsState.objects.get(contest=contest)
        if state.computed_seq == state.requested_seq and state.queued_at is None:
            return
        time.sleep(0.2)
    raise SystemExit("standings did not settle")


def check(contest: Contest, acknowledged: list) -> list[str]:
    problems = []
    last: dict[tuple[int, int], int] = {}
    for judge, contestant, version, _ in acknowledged:
        last[(judge, contestant)] = max(version, last.get((judge, contestant), 0))
    stored = {
        (s.judge_id, s.contestant_id): s.version
        for s in ScoreSheet.objects.filter(contestant__contest=contest)
    }
    if stored != last:
        problems.append(f"sheets differ from the acknowledged ones: {len(stored)} vs {len(last)}")
    submissions = SheetSubmission.objects.filter(judge__contest=contest).count()
    if submissions != len(acknowledged):
        problems.append(f"{submissions} submission records for {len(acknowledged)} acknowledged")
    audit = AuditEntry.objects.filter(contest=contest).count()
    if audit != len(acknowledged):
        problems.append(f"{audit} audit entries for {len(acknowledged)} acknowledged")
    settle(contest)
    latest = standings.latest_snapshot(contest)
    if latest.data != standings.fresh_results(contest):
        problems.append("stored standings differ from a fresh recompute")
    if latest.data != replayed_results(contest):
        problems.append("stored standings differ from the audit log's replay")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("ARENA_STACK_URL", "http://127.0.0.1:8010"))
    parser.add_argument("--judges", type=int, default=200)
    parser.add_argument("--contestants", type=int, default=30)
    parser.add_argument("--listeners", type=int, default=500)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--cpu", default="1", help="core for the load generator (taskset)")
    args = parser.parse_args()
    if not (settings.REDIS_URL and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")):
        raise SystemExit("run against the full stack: eval the output of scripts/stack.sh start")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))

    contest = build(args.judges, args.contestants)
    work = Path(tempfile.mkdtemp(prefix="arena-load-"))
    plan = {
        "judges": [{"id": j.pk, "token": j.token} for j in contest.judges.order_by("order")],
        "contestants": list(contest.contestants.values_list("pk", flat=True)),
        "criteria": list(contest.criteria.values_list("pk", flat=True)),
        "values": [str(v / 2) for v in range(30, 51)],
        "think_min": 0,
        "think_max": 0,
    }
    (work / "plan.json").write_text(json.dumps(plan))

    host, port = args.url.split("//")[1].split(":")
    stop = threading.Event()
    received: list[int] = []
    streams = threading.Thread(
        target=lambda: received.extend(
            asyncio.run(hold_streams(host, int(port), contest.screen_token, args.listeners, stop))
        ),
        daemon=True,
    )
    streams.start()
    time.sleep(min(10, 1 + args.listeners / 100))  # let the streams connect
    rss_before = web_rss_mb()

    seconds = max(1, int(args.minutes * 60))
    command = [
        str(Path(sys.executable).parent / "locust"),  # the environment running this script
        "-f", str(ROOT / "bench/locustfile.py"),
        "--headless", "--only-summary",
        "-u", str(args.judges), "-r", str(max(1, args.judges // 5)),
        "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--host", args.url, "--csv", str(work / "locust"),
    ]  # fmt: skip
    if shutil.which("taskset"):
        command = ["taskset", "-c", args.cpu, *command]
    env = {
        **os.environ,
        "ARENA_LOAD_PLAN": str(work / "plan.json"),
        "ARENA_LOAD_ACKS": str(work / "acks.json"),
    }
    started = time.monotonic()
    subprocess.run(command, env=env, check=False, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    rss_loaded = web_rss_mb()
    stop.set()
    streams.join(timeout=30)

    acknowledged = json.loads((work / "acks.json").read_text())
    with open(work / "locust_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    post = rows["/j/[token]/c/[id]/ POST"]
    failures = sum(
        int(row["Failure Count"]) for row in rows.values() if row["Name"] != "Aggregated"
    )
    connected = sum(1 for count in received if count > 0)
    print(f"machine: {os.cpu_count()} cores; load generator pinned to core {args.cpu}")
    print(
        f"{args.judges} judges, {args.listeners} streams ({connected} received events), "
        f"{seconds} s: {len(acknowledged)} sheets acknowledged, "
        f"{len(acknowledged) / seconds:.0f} sheets/s"
    )
    print(
        f"POST latency p50 {post['50%']} ms, p99 {post['99%']} ms; failed requests {failures}; "
        f"events per stream median {sorted(received)[len(received) // 2] if received else 0}"
    )
    print(f"uvicorn memory: {rss_before:.0f} MB with streams open, {rss_loaded:.0f} MB at the end")
    print(f"(locust ran {elapsed:.0f} s in all)")
    problems = check(contest, acknowledged)
    for problem in problems:
        print("PROBLEM:", problem)
    if not problems:
        print("correct: every acknowledged sheet stored once; standings = fresh = audit replay")
    return 1 if problems or failures or connected < args.listeners else 0


if __name__ == "__main__":
    random.seed(1)
    sys.exit(main())

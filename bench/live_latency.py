"""From a judge's acknowledged POST to the standings event at the screens, on the full stack.

    eval "$(bash scripts/services.sh start)"      # PostgreSQL + Redis on loopback
    .venv/bin/python bench/live_latency.py --judges 100 --listeners 300

Starts a Celery worker (2 processes) and one uvicorn process, opens LISTENERS Server-Sent Events
streams to the projector endpoint, then N judges each POST one sheet for the presenter on stage
within BURST seconds (every judge's page is open before the first POST). For the j-th
acknowledged sheet, latency is the time until a listener receives the first event whose
standings count at least j sheets (acknowledgements come after commit, so by then at least j
sheets are in), counted from the acknowledgement and from the POST being sent (the judge's
tap). Prints p50/p99 over all listeners and sheets, the POST round trip, the uvicorn process's
memory with all streams open, and what a 2-second poll would give.
"""

import argparse
import asyncio
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")
os.environ["ARENA_SNAPSHOTS_KEPT"] = "1000000"  # every version, to map events to sheet counts

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Criterion, Judge  # noqa: E402
from scoring.models import StandingsSnapshot  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(judges: int) -> Contest:
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    contest = Contest.objects.create(owner=owner, title="延迟测试", date="2026-11-22")
    for i, name in enumerate(["看站位", "看重点", "看措施", "看成效"]):
        Criterion.objects.create(contest=contest, name=name, max_score=25, order=i)
    contestant = Contestant.objects.create(contest=contest, name="选手", unit="测试局", order=1)
    Judge.objects.bulk_create(
        Judge(contest=contest, name=f"评委{i}", unit=f"单位{i}", order=i) for i in range(judges)
    )
    live.start(contest)
    live.put_on_stage(contest, contestant)
    live.set_show_totals(contest, True)
    contest.refresh_from_db()
    return contest


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def listen(port: int, token: str, arrivals: list, ready: asyncio.Event, count: list):
    """count: [streams connected, streams wanted, streams that failed to connect]"""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        count[2] += 1
        print(f"stream failed to connect: {error}", file=sys.stderr)
        if count[0] + count[2] >= count[1]:
            ready.set()
        return
    request = f"GET /s/{token}/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream"
    writer.write(f"{request}\r\n\r\n".encode())
    await writer.drain()
    first = True
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"id: "):
                arrivals.append((int(line[4:].strip()), time.monotonic()))
                if first:
                    first = False
                    count[0] += 1
                    if count[0] + count[2] >= count[1]:
                        ready.set()
    finally:
        writer.close()


def judge_post(base, judge: Judge, contestant: Contestant, criteria, delay, acks, lock, ready):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base}/j/{judge.token}/c/{contestant.pk}/"
    page = opener.open(url, timeout=30).read().decode()
    csrf = CSRF.search(page).group(1)
    form = {f"score_{pk}": "20" for pk in criteria}
    form.update(csrfmiddlewaretoken=csrf, submission_id=uuid.uuid4().hex)
    request = urllib.request.Request(  # noqa: S310 - loopback
        url,
        urllib.parse.urlencode(form).encode(),
        headers={"Accept": "application/json", "Referer": url},
    )
    ready.wait()  # every phone has its page open before the first judge taps
    time.sleep(delay)
    sent = time.monotonic()
    opener.open(request, timeout=30).read()
    with lock:
        acks.append((sent, time.monotonic()))


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, int(len(values) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judges", type=int, default=100)
    parser.add_argument("--listeners", type=int, default=300)
    parser.add_argument("--burst", type=float, default=5.0, help="seconds over which judges POST")
    args = parser.parse_args()
    if not (settings.REDIS_URL and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")):
        raise SystemExit("needs DATABASE_URL (PostgreSQL) and REDIS_URL: see the docstring")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    call_command("migrate", verbosity=0)
    contest = build(args.judges)
    contestant = contest.current_contestant
    port = free_port()
    env = {**os.environ, "ARENA_STATIC_FROM_FINDERS": "1"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "arena", "worker", "-c", "2", "-l", "warning"],
        cwd=ROOT,
        env=env,
    )
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "arena.asgi:application",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/login/")
        baseline_rss = rss_mb(web.pid)
        arrivals: list[tuple[int, float]] = []
        acks: list[tuple[float, float]] = []  # (POST sent, acknowledged)
        lock = threading.Lock()

        judges = list(contest.judges.all())
        criteria = list(contest.criteria.values_list("pk", flat=True))

        count = [0, args.listeners, 0]

        async def run() -> float:
            ready = asyncio.Event()
            tasks = [
                asyncio.create_task(listen(port, contest.screen_token, arrivals, ready, count))
                for _ in range(args.listeners)
            ]
            # Each stream costs two small queries at connect: allow for thousands of them.
            await asyncio.wait_for(ready.wait(), 60 + args.listeners / 10)
            rss = rss_mb(web.pid)
            gap = args.burst / max(1, len(judges))
            pages_open = threading.Barrier(len(judges))
            threads = [
                threading.Thread(
                    target=judge_post,
                    args=(base, j, contestant, criteria, i * gap, acks, lock, pages_open),
                )
                for i, j in enumerate(judges)
            ]
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                await asyncio.sleep(0.1)
            await asyncio.sleep(3)  # let the last recompute reach every screen
            for task in tasks:
                task.cancel()
            return rss

        connected_rss = asyncio.run(run())
        versions = dict(
            StandingsSnapshot.objects.filter(contest=contest).values_list("version", "data")
        )
        counts = {v: data["results"][0]["sheets_in"] for v, data in versions.items()}
        first_arrival: dict[int, list[float]] = {}
        for version, at in arrivals:
            first_arrival.setdefault(version, []).append(at)
        latencies, from_tap, round_trips = [], [], []
        for j, (sent, acked) in enumerate(sorted(acks, key=lambda pair: pair[1]), start=1):
            round_trips.append((acked - sent) * 1000)
            covering = sorted(v for v, n in counts.items() if n >= j)
            if not covering:
                continue
            for at in first_arrival.get(covering[0], []):
                latencies.append(max(0.0, at - acked) * 1000)
                from_tap.append((at - sent) * 1000)
        latencies.sort()
        if not latencies:
            raise SystemExit(
                f"no deliveries: acks={len(acks)} versions={counts} events={sorted(first_arrival)}"
            )
        p50, p99 = percentiles(latencies)
        print(f"machine: {os.cpu_count()} cores; PostgreSQL + Redis + Celery (2) + uvicorn (1)")
        print(f"judges {args.judges} over {args.burst:.0f} s, listeners {args.listeners}")
        print(f"streams connected: {count[0]} of {args.listeners} ({count[2]} refused)")
        print(f"acknowledged sheets: {len(acks)}; standings versions: {len(counts)}")
        print(
            f"POST ack → event at screens: p50 {p50:.0f} ms, p99 {p99:.0f} ms "
            f"({len(latencies)} deliveries)"
        )
        # What the hall sees: from the judge's tap to the screens. Faster acknowledgements make
        # the line above grow without the screens changing at all, so read both.
        tap_p50, tap_p99 = percentiles(from_tap)
        print(f"judge's tap (POST sent) → screens: p50 {tap_p50:.0f} ms, p99 {tap_p99:.0f} ms")
        trip_p50, trip_p99 = percentiles(round_trips)
        print(f"POST round trip: p50 {trip_p50:.0f} ms, p99 {trip_p99:.0f} ms")
        per_stream = (connected_rss - baseline_rss) * 1024 / args.listeners
        print(
            f"uvicorn RSS: {baseline_rss:.0f} MB idle, {connected_rss:.0f} MB with "
            f"{args.listeners} streams ({per_stream:.0f} KB each)"
        )
        print("a 2-second poll instead: p50 ≈ 1000 ms + recompute, p99 ≈ 2000 ms + recompute")
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()

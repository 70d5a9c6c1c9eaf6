"""From a judge's tap to the new frame received by every screen's connection, on the full stack.

    eval "$(bash scripts/services.sh start)"      # PostgreSQL + Redis on loopback
    .venv/bin/python bench/live_latency.py --judges 60 --screens 100
    .venv/bin/python bench/live_latency.py --judges 100 --screens 1000 [--web-processes 2]

Starts a Celery worker (2 processes) and uvicorn (one process, or --web-processes N), builds a
contest with one presenter on stage and totals shown, and opens SCREENS event streams from a
process of its own (phones and projectors are other machines) exactly as the pages do: half
the projector's (/s/<token>/events/), half the audience page's (?layout=phone); each judge's
phone has its sheet page open and its own stream (/j/<token>/events/), as the real page does.
The screens do what the pages do: they take the frame pushed in each `frame` event (the pages
fetch nothing unless their stream goes silent, so any fetch here would be a reconnect,
counted). Then every judge POSTs one sheet within BURST seconds.

For the j-th acknowledged sheet, latency runs from the judge's tap (the POST being sent) to the
moment each simulated screen has read from its socket and parsed a complete `frame` event whose
standings count at least j sheets. Where the clock stops: bytes parsed in the screens' process
(CLOCK_MONOTONIC is the machine's, so the two processes' times compare), not the browser's
swap and paint (htmx replacing the board, a few ms on a projector's PC: the browser
tests, e.g. tests/test_browser_follow_stage.py, print that part for real pages). Printed:
p50/p99 of that over all screens and sheets, the POST round trip, reconnects, the web
processes' CPU per standings version, RSS and threads per stream, and how many screens were not
on the final version 1 s after the last sheet was acknowledged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import re
import resource
import statistics
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
os.environ["ARENA_SNAPSHOTS_KEPT"] = "1000000"  # every version, to map frames to sheet counts

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from processes import Stack  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Criterion, Judge  # noqa: E402
from scoring.models import StandingsSnapshot  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def require_full_stack() -> None:
    if not (settings.REDIS_URL and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")):
        raise SystemExit("needs DATABASE_URL (PostgreSQL) and REDIS_URL: see the docstring")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # thousands of sockets, both ends
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    call_command("migrate", verbosity=0)


def build(judges: int) -> Contest:
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    contest = Contest.objects.create(owner=owner, title="延迟测试", date="2026-11-22")
    for i, name in enumerate(["看站位", "看重点", "看措施", "看成效"]):
        Criterion.objects.create(contest=contest, name=name, max_score=25, order=i)
    contestant = Contestant.objects.create(contest=contest, name="选手", unit="测试局", order=1)
    for i in range(2, 11):  # a board of ten, as in a real session
        Contestant.objects.create(contest=contest, name=f"选手{i}", unit=f"测试局{i}", order=i)
    Judge.objects.bulk_create(
        Judge(contest=contest, name=f"评委{i}", unit=f"单位{i}", order=i) for i in range(judges)
    )
    live.start(contest)
    live.put_on_stage(contest, contestant)
    live.set_screen(contest, "board")
    live.set_show_totals(contest, True)
    contest.refresh_from_db()
    return contest


class Screen:
    """One page's stream: records when each complete `frame` event arrived, by version."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.frames: list[tuple[int, float]] = []  # (standings version, complete at)
        self.connects = 0
        self.refused = 0
        self.opened = asyncio.Event()

    async def run(self, port: int, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):  # refused or dropped: retry as a page would
                await self._once(port, stop)
            if not stop.is_set():
                await asyncio.sleep(3)  # the retry the server asks for, as EventSource waits

    async def _once(self, port: int, stop: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        request = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream"
        writer.write(f"{request}\r\n\r\n".encode())
        await writer.drain()
        self.connects += 1
        buffer = b""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                self.refused += 1
                return
            self.opened.set()
            # Chunked transfer: chunk-size lines sit between events; they never contain
            # "\n\n", so events are still found by their blank-line end.
            while not stop.is_set():
                chunk = await reader.read(65536)
                if not chunk:
                    return
                buffer += chunk
                *events, buffer = buffer.split(b"\n\n")
                now = time.monotonic()
                for event in events:
                    start = event.find(b"event: frame\nid: ")
                    if start >= 0:
                        line_end = event.index(b"\n", start + 17)
                        self.frames.append((int(event[start + 17 : line_end]), now))
        finally:
            writer.close()


async def open_streams(
    streams: list[Screen], port: int, stop: asyncio.Event, timeout: float, stagger: float = 0.0
) -> list[asyncio.Task]:
    """Open every stream (`stagger` s apart: a hall filling up) and wait until each is open;
    SystemExit naming how many never opened."""
    tasks = []
    for stream in streams:
        tasks.append(asyncio.create_task(stream.run(port, stop)))
        if stagger:
            await asyncio.sleep(stagger)
    try:
        await asyncio.wait_for(asyncio.gather(*(s.opened.wait() for s in streams)), timeout)
    except TimeoutError:
        waiting = [s for s in streams if not s.opened.is_set()]
        refused = sum(s.refused for s in waiting)
        raise SystemExit(f"{len(waiting)} streams never opened ({refused} refusals)") from None
    return tasks


async def close_streams(stop: asyncio.Event, tasks: list[asyncio.Task]) -> None:
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def judge_sheet(base, judge: Judge, contestant: Contestant, criteria, delay, acks, lock, ready):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base}/j/{judge.token}/c/{contestant.pk}/"
    page = opener.open(url, timeout=60).read().decode()
    csrf = CSRF.search(page).group(1)
    form = {f"score_{pk}": str(15 + (judge.order % 10)) for pk in criteria}
    form.update(csrfmiddlewaretoken=csrf, submission_id=uuid.uuid4().hex)
    request = urllib.request.Request(  # noqa: S310 - loopback
        url,
        urllib.parse.urlencode(form).encode(),
        headers={"Accept": "application/json", "Referer": url},
    )
    ready.wait()  # every phone has its page open before the first judge taps
    time.sleep(delay)
    sent = time.monotonic()
    opener.open(request, timeout=60).read()
    with lock:
        acks.append((sent, time.monotonic()))


def screens_process(paths: list[str], port: int, timeout: float, pipe) -> None:
    """The simulated screens in a process of their own, as phones and projectors are: open every
    stream, say so, hold them until told to stop, then send back what each one received."""
    streams = [Screen(path) for path in paths]

    async def run() -> None:
        stop = asyncio.Event()
        tasks = await open_streams(streams, port, stop, timeout)
        pipe.send("open")
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # "stop"
        await close_streams(stop, tasks)

    asyncio.run(run())
    pipe.send([(s.frames, s.connects, s.refused) for s in streams])


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[max(0, int(len(values) * 0.99) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judges", type=int, default=100)
    parser.add_argument("--screens", type=int, default=1000)
    parser.add_argument("--burst", type=float, default=5.0, help="seconds over which judges POST")
    parser.add_argument("--web-processes", type=int, default=1)
    parser.add_argument(
        "--interval", type=float, default=None, help="ARENA_STANDINGS_MIN_INTERVAL (s)"
    )
    args = parser.parse_args()
    require_full_stack()
    contest = build(args.judges)
    contestant = contest.live.current_contestant
    interval = settings.STANDINGS_MIN_INTERVAL if args.interval is None else args.interval
    stack = Stack(args.web_processes, interval)
    try:
        judges = list(contest.judges.all())
        criteria = list(contest.criteria.values_list("pk", flat=True))
        token = contest.screen_token
        screens = [
            Screen(f"/s/{token}/events/" + ("?layout=phone" if i % 2 else ""))
            for i in range(args.screens)
        ]
        phones = [Screen(f"/j/{judge.token}/events/") for judge in judges]
        acks: list[tuple[float, float]] = []  # (POST sent, acknowledged)
        lock = threading.Lock()
        measured = {}
        streams = [*screens, *phones]
        idle_rss, idle_threads = stack.status("VmRSS"), stack.status("Threads")
        # The screens read in a process of their own (their clock, CLOCK_MONOTONIC, is the
        # machine's): parsing thousands of streams must not slow the judges' side of the bench.
        connections.close_all()
        ours, theirs = multiprocessing.get_context("fork").Pipe()
        paths = [stream.path for stream in streams]
        reader = multiprocessing.get_context("fork").Process(
            target=screens_process, args=(paths, stack.port, 120 + args.screens / 20, theirs)
        )
        reader.start()
        try:
            if ours.recv() != "open":
                raise SystemExit("the screens did not open")
        except EOFError:
            raise SystemExit("the screens' process ended before every stream opened") from None
        time.sleep(2)  # every screen holds its first frame
        measured["rss_kb"] = (stack.status("VmRSS") - idle_rss) / len(streams)
        measured["threads"] = (idle_threads, stack.status("Threads"))
        gap = args.burst / max(1, len(judges))
        pages_open = threading.Barrier(len(judges))
        threads = [
            threading.Thread(
                target=judge_sheet,
                args=(stack.base, j, contestant, criteria, i * gap, acks, lock, pages_open),
            )
            for i, j in enumerate(judges)
        ]
        cpu_before = stack.cpu_by_process()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(3)  # the last recompute reaches every screen
        cpu_after = stack.cpu_by_process()
        measured["cpu"] = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
        ours.send("stop")
        for stream, (frames, connects, refused) in zip(streams, ours.recv(), strict=True):
            stream.frames, stream.connects, stream.refused = frames, connects, refused
        reader.join(60)
    finally:
        stack.stop()

    snapshots = StandingsSnapshot.objects.filter(contest=contest).values_list("version", "data")
    counts = {
        version: next(r["sheets_in"] for r in data["results"] if r["contestant"] == contestant.pk)
        for version, data in snapshots
    }
    acks.sort(key=lambda pair: pair[1])
    from_tap, round_trips = [], [(acked - sent) * 1000 for sent, acked in acks]
    for j, (sent, _acked) in enumerate(acks, start=1):
        covering = min((v for v, n in counts.items() if n >= j), default=None)
        for screen in screens:
            seen = [at for version, at in screen.frames if covering and version >= covering]
            if seen:
                from_tap.append((min(seen) - sent) * 1000)
    final = max(counts)
    last_ack = acks[-1][1]
    late = sum(
        1 for s in screens if not any(v >= final and at <= last_ack + 1.0 for v, at in s.frames)
    )
    versions_in_burst = len([v for v, n in counts.items() if n > 0])
    reconnects = sum(max(0, s.connects - 1) for s in [*screens, *phones])
    refused = sum(s.refused for s in [*screens, *phones])
    missing = len(acks) * len(screens) - len(from_tap)

    print(f"machine: {os.cpu_count()} cores; PostgreSQL + Redis + Celery (2 processes) + uvicorn")
    print(
        f"judges {args.judges} over {args.burst:.0f} s, screens {args.screens} "
        f"(half projector, half phone) + {len(judges)} judges' streams, "
        f"web processes {args.web_processes}, ARENA_STANDINGS_MIN_INTERVAL {interval}"
    )
    print(f"acknowledged sheets: {len(acks)}; standings versions: {versions_in_burst}")
    tap_p50, tap_p99 = percentiles(from_tap)
    print(
        f"judge's tap → new frame on a screen: p50 {tap_p50:.0f} ms, p99 {tap_p99:.0f} ms "
        f"({len(from_tap)} deliveries, {missing} never arrived)"
    )
    trip_p50, trip_p99 = percentiles(round_trips)
    print(f"POST round trip: p50 {trip_p50:.0f} ms, p99 {trip_p99:.0f} ms")
    print(f"frame GETs: 0 (pushed); reconnects: {reconnects}; refused streams: {refused}")
    print(f"screens not on the final version 1 s after the last sheet: {late}")
    cpu = measured["cpu"]
    per_version = cpu["web"] * 1000 / max(1, versions_in_burst)
    print(
        f"web CPU during the burst: {cpu['web']:.2f} s, {per_version:.0f} ms per standings "
        f"version, {per_version * 1000 / len(streams):.1f} µs per stream per version "
        "(the version's renders, the judges' requests and every write, shared out)"
    )
    per_sheet = {k: v * 1000 / max(1, len(acks)) for k, v in cpu.items()}
    print(
        "CPU per sheet, all processes: "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in per_sheet.items())
        + f" = {sum(per_sheet.values()):.1f} ms (streams' share included)"
    )
    idle, busy = measured["threads"]
    print(
        f"web RSS per stream: {measured['rss_kb']:.1f} KB; web threads: {idle} before the "
        f"streams, {busy} with {args.screens + len(judges)} open"
    )


if __name__ == "__main__":
    main()

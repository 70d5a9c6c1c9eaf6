"""Thousands of open streams on one web process: memory and threads per stream, and whether the
process still answers while it holds them.

    eval "$(bash scripts/services.sh start)"      # PostgreSQL + Redis on loopback
    .venv/bin/python bench/stream_capacity.py --streams 5000

Starts the stack of bench/live_latency.py (one uvicorn process, ARENA_MAX_STREAMS = STREAMS),
opens STREAMS audience streams, then times /healthz and judges' POSTs while they are open, and
opens one stream more, which must get a quick 503 (never a 500).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import statistics
import time
import urllib.error
import urllib.request

from live_latency import (
    CSRF,
    Screen,
    build,
    close_streams,
    open_streams,
    require_full_stack,
)
from processes import Stack


def timed_get(url: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.monotonic() - started) * 1000


def timed_sheet(base: str, token: str, contestant: int, criteria: list[int]) -> tuple[int, float]:
    import uuid
    from http.cookiejar import CookieJar
    from urllib.parse import urlencode

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base}/j/{token}/c/{contestant}/"
    csrf = CSRF.search(opener.open(url, timeout=30).read().decode()).group(1)
    form = {f"score_{pk}": "20" for pk in criteria}
    form.update(csrfmiddlewaretoken=csrf, submission_id=uuid.uuid4().hex)
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, urlencode(form).encode(), headers={"Accept": "application/json", "Referer": url}
    )
    started = time.monotonic()
    with opener.open(request, timeout=30) as response:
        return response.status, (time.monotonic() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=5000)
    args = parser.parse_args()
    require_full_stack()
    contest = build(judges=5)
    contestant = contest.live.current_contestant
    criteria = list(contest.criteria.values_list("pk", flat=True))
    judges = list(contest.judges.all())
    stack = Stack(1, extra_env={"ARENA_MAX_STREAMS": str(args.streams)})
    try:
        token = contest.screen_token
        screens = [Screen(f"/s/{token}/events/?layout=phone") for _ in range(args.streams)]
        results = {}
        # The timed requests come from a process of their own, as from a phone: timed from a
        # thread of this process they would wait for this process's 5,000 readers, which parse
        # every pushed frame, and the figure would be the bench's, not the server's. The process
        # starts before any stream is open (fork copies nothing big).
        phones = multiprocessing.get_context("fork").Pool(1)
        phones.apply(time.monotonic)

        async def phone(function, *args):
            return await asyncio.to_thread(phones.apply, function, args)

        async def run() -> None:
            stop = asyncio.Event()
            idle_rss, idle_threads = stack.status("VmRSS"), stack.status("Threads")
            # A hall filling up, not one instant.
            tasks = await open_streams(screens, stack.port, stop, 300, stagger=0.001)
            await asyncio.sleep(3)
            results["rss"] = (stack.status("VmRSS") - idle_rss) / len(screens)
            results["threads"] = (idle_threads, stack.status("Threads"))
            health = [await phone(timed_get, f"{stack.base}/healthz") for _ in range(10)]
            sheets = [
                await phone(timed_sheet, stack.base, judge.token, contestant.pk, criteria)
                for judge in judges
            ]
            await asyncio.sleep(2)  # the sheets' frames reach every stream
            results["health"], results["sheets"] = health, sheets
            results["delivered"] = sum(1 for s in screens if s.frames and s.frames[-1][0] > 0)
            results["over_cap"] = await phone(timed_get, f"{stack.base}/s/{token}/events/")
            await close_streams(stop, tasks)

        asyncio.run(run())
        phones.close()
    finally:
        stack.stop()

    idle, busy = results["threads"]
    print(f"streams open on one uvicorn process: {args.streams}")
    print(f"RSS per stream: {results['rss']:.1f} KB; threads: {idle} idle, {busy} with the streams")
    codes = sorted({status for status, _ in results["health"]})
    times = [ms for _, ms in results["health"]]
    print(
        f"/healthz meanwhile: status {codes}, median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms"
    )
    codes = sorted({status for status, _ in results["sheets"]})
    times = [ms for _, ms in results["sheets"]]
    print(
        f"judge POSTs meanwhile: status {codes}, median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms ({', '.join(f'{ms:.0f}' for ms in times)})"
    )
    print(f"streams holding a frame with the new sheets 2 s later: {results['delivered']}")
    status, ms = results["over_cap"]
    print(f"one stream over the cap: HTTP {status} in {ms:.0f} ms")


if __name__ == "__main__":
    main()

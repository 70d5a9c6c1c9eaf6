"""What one more screen costs the web process for each frame pushed, on the full stack.

    eval "$(bash scripts/services.sh start)"      # PostgreSQL + Redis on loopback
    .venv/bin/python bench/push_cost.py --screens 3000 --versions 60

Starts the stack of bench/live_latency.py (one uvicorn process), opens SCREENS audience and
projector streams from a process of their own, and makes VERSIONS changes of what the screens
show (the totals shown, then hidden, …: each is one render of every feed and one frame to every
stream, with no judge's request beside it), 0.3 s apart. Printed: the web process's CPU per
change, and the same with 10 screens; their difference over the extra screens is the cost of
one more screen per frame (the write, and whatever wakes it), the figure issue 31 targets at
≤ 20 µs. Where the clock stops: CPU time of the web process (utime + stime from /proc) from
before the first change to 2 s after the last; no figure is printed unless every screen then
holds every change (the screens' process counts the frames each one received).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

from live_latency import build, require_full_stack, screens_process  # sets Django up
from processes import Stack

from contests import live


def cost(contest, screens: int, versions: int) -> float:
    """Web CPU seconds for `versions` changes pushed to `screens` streams; SystemExit if any
    screen missed a frame (the first, and one per change)."""
    stack = Stack(1, extra_env={"ARENA_MAX_STREAMS": str(screens + 100)})
    try:
        token = contest.screen_token
        paths = [f"/s/{token}/events/" + ("?layout=phone" if i % 2 else "") for i in range(screens)]
        ours, theirs = multiprocessing.get_context("fork").Pipe()
        reader = multiprocessing.get_context("fork").Process(
            target=screens_process, args=(paths, stack.port, 120 + screens / 20, theirs)
        )
        reader.start()
        if ours.recv() != "open":
            raise SystemExit("the screens did not open")
        time.sleep(2)  # every screen holds its first frame
        before = stack.cpu_by_process()["web"]
        for change in range(versions):
            live.set_show_totals(contest, change % 2 == 1)  # built with totals shown
            time.sleep(0.3)
        time.sleep(2)  # the last change reaches every screen
        spent = stack.cpu_by_process()["web"] - before
        ours.send("stop")
        fewest = min(len(frames) for frames, _connects, _refused in ours.recv())
        reader.join(60)
        if fewest < versions + 1:  # the first frame, then one per change
            raise SystemExit(f"a screen received {fewest} frames of {versions + 1}")
        return spent
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screens", type=int, default=3000)
    parser.add_argument("--versions", type=int, default=60)
    args = parser.parse_args()
    require_full_stack()
    contest = build(1)
    few = 10
    base = cost(contest, few, args.versions)
    spent = cost(contest, args.screens, args.versions)
    extra = (spent - base) / ((args.screens - few) * args.versions)
    print(f"changes pushed: {args.versions}, 0.3 s apart; one web process")
    print(f"{few} screens: web CPU {base * 1000 / args.versions:.1f} ms per change")
    print(
        f"{args.screens} screens: web CPU {spent * 1000 / args.versions:.1f} ms per change "
        "(every screen received every change)"
    )
    print(f"one more screen: {extra * 1e6:.1f} µs of web CPU per frame pushed")


if __name__ == "__main__":
    main()

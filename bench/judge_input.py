"""How long a judge's sheet takes on a phone: taps counted, time estimated, page time measured.

    .venv/bin/python bench/judge_input.py          # embedded SQLite under a temporary directory

A 四看 sheet (4 criteria, 25 points each, step 0.5) on Debian's Chromium at 390×844, touch
enabled, served by uvicorn. Three judges, as the page lets them work: one chip per criterion
(whole points) and then 提交评分; the same with a half point (one ＋ after the chip) on two
criteria; and on all four.
For each it counts the taps, checks that every control was on the first screen (no scrolling),
measures the machine's share (first tap → the "已记录" confirmation on the page), and estimates
the human's share with the keystroke-level model (Card, Moran & Newell): per score a decision
(M = 1.35 s) and a pointing tap (P + tap = 1.1 + 0.2 s), per extra adjustment or the submit
one more pointing tap. A script cannot time a person; it can count what the page asks of them.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")
os.environ["ARENA_DATA_DIR"] = tempfile.mkdtemp(prefix="arena-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from processes import free_port, wait_for  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Judge  # noqa: E402
from contests.setup import apply_preset  # noqa: E402

DECIDE, POINT_AND_TAP = 1.35, 1.1 + 0.2  # seconds, keystroke-level model
VIEWPORT = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def build() -> Contest:
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    contest = Contest.objects.create(owner=owner, title="评分输入测试", date="2026-12-01")
    apply_preset(contest, "sikan")
    Contestant.objects.create(contest=contest, name="汇报人", unit="某局", order=1)
    for order in (1, 2, 3):
        Judge.objects.create(contest=contest, name=f"评委{order}", unit="评委单位", order=order)
    live.start(contest)
    contest.contestants.update(scoring=Contestant.Scoring.OPEN)
    return contest


def one_sheet(page, url: str, halves: int) -> dict:
    page.goto(url)
    taps = []
    for index in range(4):
        criterion = page.locator(".criterion").nth(index)
        taps.append(criterion.locator(".chip").nth(4 + index % 3))
        if index < halves:
            taps.append(criterion.locator(".step-up"))
    taps.append(page.locator("#sheet-form button[type=submit]"))
    unscrolled = all(
        (box := tap.bounding_box())["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
        for tap in taps
    )
    started = time.monotonic()
    for tap in taps:
        tap.tap()
    page.wait_for_selector("#confirmation:has-text('已记录')")
    machine = time.monotonic() - started
    human = 4 * DECIDE + len(taps) * POINT_AND_TAP
    return {"taps": len(taps), "unscrolled": unscrolled, "machine": machine, "human": human}


def main() -> None:
    call_command("migrate", verbosity=0)
    contest = build()
    port = free_port()
    env = {**os.environ, "ARENA_STATIC_FROM_FINDERS": "1", "ARENA_JUDGE_POSTS_PER_MINUTE": "1000"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "arena.asgi:application", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    contestant = contest.contestants.get()
    # Read before Playwright's loop runs in this thread (the ORM refuses inside it).
    urls = [
        f"http://127.0.0.1:{port}/j/{judge.token}/c/{contestant.pk}/"
        for judge in contest.judges.order_by("order")
    ]
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            context = browser.new_context(
                viewport=VIEWPORT, locale="zh-CN", is_mobile=True, has_touch=True
            )
            page = context.new_page()
            for url, halves in zip(urls, (0, 2, 4), strict=True):
                result = one_sheet(page, url, halves)
                print(
                    f"half points on {halves} of 4 criteria: {result['taps']} taps, "
                    f"all on the first screen: {result['unscrolled']}, "
                    f"page time {result['machine'] * 1000:.0f} ms, "
                    f"estimated judge time {result['human']:.1f} s (target ≤ 20 s, ≤ 8 taps)"
                )
            browser.close()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()

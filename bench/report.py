"""Time and size of the PDF results report for 30 contestants × 60 judges (targets: ≤ 5 s, ≤ 3 MB).

    .venv/bin/python bench/report.py            # embedded SQLite under a temporary directory
    DATABASE_URL=postgres://… python bench/report.py

Builds a signed-off contest with sheets from every judge, then times `report.build` (collecting
the data, checking the standings against the sheets, HTML, WeasyPrint layout and PDF) over a
few runs and prints the median, the page count and the file size.
"""

import datetime as dt
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arena.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["ARENA_DATA_DIR"] = tempfile.mkdtemp(prefix="arena-bench-")

import django

django.setup()

import logging  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup  # noqa: E402
from contests.setup import apply_preset  # noqa: E402
from orgs.access import grant  # noqa: E402
from orgs.models import Role  # noqa: E402
from scoring import report, results  # noqa: E402
from scoring.demo import demo_names, fill_sheets  # noqa: E402
from scoring.models import Report, StandingsState  # noqa: E402

CONTESTANTS, JUDGES, REPEATS = 30, 60, 3
TARGET_SECONDS, TARGET_BYTES = 5.0, 3 * 1024 * 1024


def build_contest() -> Contest:
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    contest = Contest.objects.create(
        owner=owner,
        title="2026 年度“晒比拼”局长擂台赛（基准）",
        date=dt.date(2026, 11, 22),
        venue="市行政中心三楼大会议室",
        organizer_name="市委组织部",
        red_flag_count=3,
        snail_count=2,
    )
    apply_preset(contest, "sikan")
    groups = [
        ContestantGroup.objects.create(contest=contest, name=name, order=order)
        for order, name in enumerate(["经济部门组", "社会事业组", "党群部门组"])
    ]
    names = demo_names(CONTESTANTS + JUDGES, seed=7)
    Contestant.objects.bulk_create(
        Contestant(
            contest=contest,
            name=names[i],
            unit=f"市第{i + 1}局",
            title="局长",
            order=i + 1,
            group=groups[i % 3],
        )
        for i in range(CONTESTANTS)
    )
    leaders = JudgeGroup.objects.create(contest=contest, name="市领导", weight="40", order=1)
    heads = JudgeGroup.objects.create(contest=contest, name="部门负责人", weight="60", order=2)
    Judge.objects.bulk_create(
        Judge(
            contest=contest,
            name=names[CONTESTANTS + j],
            unit=f"评委单位{j}",
            order=j + 1,
            group=leaders if j < 12 else heads,
        )
        for j in range(JUDGES)
    )
    live.start(contest)
    fill_sheets(contest)
    live.finish(contest)
    contest.refresh_from_db()
    version = settled_version(contest)
    results.sign_off(contest, owner, official="张审核", role="review", version=version)
    # The second signature from a second account, as the results require.
    supervisor, _ = get_user_model().objects.get_or_create(username="report-supervisor")
    grant(contest.organisation, supervisor, {Role.SUPERVISOR}, by=None)
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    contest.refresh_from_db()
    return contest


def settled_version(contest, timeout: float = 120) -> int:
    """The standings version once every sheet is in it, waiting as an organizer would on the
    results page: on the full stack the recompute runs on a worker, after the sheets commit."""
    from scoring.recompute_queue import ensure_fresh

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ensure_fresh(contest.pk)  # as the results page does, should a recompute be lost
        state = StandingsState.objects.get(contest=contest)
        if state.version and state.computed_seq == state.requested_seq and not state.queued_at:
            return state.version
        time.sleep(0.2)
    raise SystemExit("the standings did not settle: is a Celery worker running?")


def main() -> None:
    logging.disable(logging.INFO)  # WeasyPrint logs every page at INFO
    call_command("migrate", verbosity=0)
    contest = build_contest()
    snapshot = results.results_snapshot(contest)
    times, size, pages = [], 0, 0
    for _ in range(REPEATS):
        Report.objects.filter(contest=contest).delete()
        row = Report.objects.create(
            contest=contest, key="bench", version=snapshot.version, fingerprint=""
        )
        started = time.perf_counter()
        report.build(row)
        times.append(time.perf_counter() - started)
        row.refresh_from_db()
        pdf = bytes(row.pdf)
        if os.environ.get("ARENA_BENCH_PDF"):  # to look at the result
            Path(os.environ["ARENA_BENCH_PDF"]).write_bytes(pdf)
        size = len(pdf)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median = statistics.median(times)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"report {CONTESTANTS} contestants × {JUDGES} judges: median {median:.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in times)}), {size / 1024:.0f} KB, {pages} pages; "
        f"targets ≤ {TARGET_SECONDS:.0f} s {'met' if median <= TARGET_SECONDS else 'NOT met'}, "
        f"≤ 3 MB {'met' if size <= TARGET_BYTES else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

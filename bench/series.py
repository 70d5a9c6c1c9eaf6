"""A 赛马 series of 100 units × 12 signed monthly rounds: the time to recount the standings
after a round is signed, and the time to serve the standings matrix page (target: each
< 300 ms).

    .venv/bin/python bench/series.py            # embedded SQLite under a temporary directory
    DATABASE_URL=postgres://… python bench/series.py

Each round is a real contest: 100 presenters, 5 judges whose sheets are written by
`scoring.demo.fill_sheets`, finished, recomputed and signed by two accounts; the series follows
every sign-off. Then it times, over several runs: `series.standings.refresh` with a changed
input (the recount and the new snapshot, as a sign-off triggers it), and a GET of
/o/series/<id>/ through Django's full request cycle (middleware, view, template), as the
organizer's browser asks for it; the network is not part of it.
"""

import datetime as dt
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
from django.test import Client  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Criterion, Judge  # noqa: E402
from orgs.access import grant  # noqa: E402
from orgs.models import Role  # noqa: E402
from scoring import results  # noqa: E402
from scoring.demo import fill_sheets  # noqa: E402
from scoring.standings import recompute  # noqa: E402
from series import rounds, standings  # noqa: E402
from series.models import Entrant, Series, SeriesGroup  # noqa: E402

UNITS, ROUNDS, JUDGES, REPEATS = 100, 12, 5, 7
TARGET_MS = 300


def build() -> Series:
    users = get_user_model().objects
    owner = users.create_user("bench-series")  # force_login below: no password needed
    second = users.create_user("bench-series-2")
    series = Series.objects.create(owner=owner, title="2026 年度月度晒比赛马（基准）", year=2026)
    groups = [
        SeriesGroup.objects.create(series=series, name=name, order=n)
        for n, name in enumerate(["经济组", "社会组", "党群组"])
    ]
    Entrant.objects.bulk_create(
        Entrant(series=series, name=f"第{i + 1}单位", group=groups[i % 3], order=i)
        for i in range(UNITS)
    )
    for number in range(1, ROUNDS + 1):
        contest = Contest.objects.create(
            owner=owner, title=f"{number}月晒比", date=dt.date(2026, number, 20)
        )
        grant(contest.organisation, second, {Role.SUPERVISOR}, by=None)
        Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
        Judge.objects.bulk_create(
            Judge(contest=contest, name=f"评委{j}", order=j) for j in range(1, JUDGES + 1)
        )
        # A unit or two sits each month out, as in real series.
        Contestant.objects.bulk_create(
            Contestant(contest=contest, name=f"负责人{i}", unit=f"第{i + 1}单位", order=i)
            for i in range(UNITS)
            if (i + number) % 37
        )
        rounds.add_round(series, contest, label=f"2026年{number}月")
        live.start(contest)
        fill_sheets(contest, seed=number)
        live.finish(contest)
        recompute(contest.pk)
        version = results.results_snapshot(contest).version
        results.sign_off(contest, owner, official="张审核", role="review", version=version)
        results.sign_off(contest, second, official="李监督", role="supervise", version=version)
    return series


def timed(action) -> list[float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    series = build()
    data = standings.latest_snapshot(series).data
    assert len(data["counted"]) == ROUNDS and len(data["entrants"]) == UNITS

    weights = iter(range(2, 2 + REPEATS))

    def recount() -> None:
        # A changed input, as a sign-off brings: the recount writes a new snapshot.
        series.rounds.filter(number=1).update(weight=next(weights))
        standings.refresh(series)

    client = Client()
    client.force_login(series.owner)
    url = f"/o/series/{series.pk}/"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200 and b"\xe7\xac\xac12\xe6\x9c\x9f" in response.content

    # The process's first request pays for loading URL patterns, templates and catalogues, as
    # a server does once after it starts: one request to another page first.
    client.get("/o/series/")
    recount_ms, page_ms = timed(recount), timed(page)
    size = len(client.get(url).content)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"database: {django.db.connection.vendor}")
    print(f"series: {UNITS} units × {ROUNDS} signed rounds ({JUDGES} judges each)")
    for label, times in (("recount + snapshot", recount_ms), ("matrix page GET", page_ms)):
        print(
            f"{label}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
            f"over {REPEATS} runs (target < {TARGET_MS} ms): {' '.join(f'{t:.0f}' for t in times)}"
        )
    print(f"matrix page: {size / 1024:.0f} KB of HTML")


if __name__ == "__main__":
    main()

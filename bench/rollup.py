"""Organisations at a city's scale: 1 city, 10 counties, 10 townships each (111 organisations),
a contest in each, all finished and signed. Times, through Django's full request cycle as the
browser asks for them: the city's roll-up page, the events list of a city 查看者 (everything
below, read-only), and one township contest's results page as its own 组织者 and as the city
查看者 (read access found three levels up); with the number of queries of each.

    .venv/bin/python bench/rollup.py            # embedded SQLite under a temporary directory
    DATABASE_URL=postgres://… python bench/rollup.py
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from contests import live  # noqa: E402
from contests.models import Contest, Contestant, Criterion, Judge  # noqa: E402
from orgs.access import grant  # noqa: E402
from orgs.models import Organisation, Role  # noqa: E402
from scoring import results  # noqa: E402
from scoring.demo import fill_sheets  # noqa: E402
from scoring.standings import recompute  # noqa: E402

COUNTIES, TOWNSHIPS, PRESENTERS, JUDGES, REPEATS = 10, 10, 8, 5, 7


def signed_contest(owner, reviewer, supervisor, organisation, n: int) -> Contest:
    contest = Contest.objects.create(
        owner=owner, organisation=organisation, title=f"{organisation.name}擂台赛",
        date=dt.date(2026, 1 + n % 12, 1 + n % 28),
    )  # fmt: skip
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.bulk_create(
        Judge(contest=contest, name=f"评委{j}", order=j) for j in range(1, JUDGES + 1)
    )
    Contestant.objects.bulk_create(
        Contestant(contest=contest, name=f"汇报人{p}", unit=f"单位{p}", order=p)
        for p in range(1, PRESENTERS + 1)
    )
    live.start(contest)
    fill_sheets(contest, seed=n)
    live.finish(contest)
    recompute(contest.pk)
    version = results.results_snapshot(contest).version
    results.sign_off(contest, reviewer, official="张", role="review", version=version)
    results.sign_off(contest, supervisor, official="李", role="supervise", version=version)
    return contest


def build():
    users = get_user_model().objects
    owner, reviewer, supervisor = (users.create_user(f"bench-{n}") for n in ("o", "r", "s"))
    city = Organisation.objects.create(name="基准市", level="city")
    organisations = [city]
    for c in range(COUNTIES):
        county = Organisation.objects.create(name=f"基准县{c}", level="county", parent=city)
        organisations.append(county)
        organisations += [
            Organisation.objects.create(name=f"基准县{c}镇{t}", level="township", parent=county)
            for t in range(TOWNSHIPS)
        ]
    contests = []
    for n, organisation in enumerate(organisations):
        grant(organisation, owner, {Role.ORGANIZER}, by=None)
        grant(organisation, reviewer, {Role.REVIEWER}, by=None)
        grant(organisation, supervisor, {Role.SUPERVISOR}, by=None)
        contests.append(signed_contest(owner, reviewer, supervisor, organisation, n))
    viewer = users.create_user("bench-city-viewer")
    grant(city, viewer, {Role.VIEWER}, by=None)
    return city, owner, viewer, contests[-1]


def timed(client: Client, path: str) -> tuple[float, float, int]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(times), max(times), len(queries)


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    city, owner, viewer, township_contest = build()
    print(f"built {Organisation.objects.count()} organisations, {Contest.objects.count()} signed "
          f"contests in {time.perf_counter() - started:.0f} s")  # fmt: skip
    print(f"{connection.vendor}, Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs; median / max of {REPEATS} GETs, queries")  # fmt: skip
    as_viewer, as_owner = Client(), Client()
    as_viewer.force_login(viewer)
    as_owner.force_login(owner)
    results_page = f"/o/{township_contest.pk}/results/"
    for label, client, path in (
        ("city roll-up (111 organisations), city 查看者", as_viewer, f"/o/orgs/{city.pk}/"),
        ("events list, city 查看者", as_viewer, "/o/"),
        ("township results page, its 组织者", as_owner, results_page),
        ("township results page, city 查看者", as_viewer, results_page),
    ):
        median, worst, queries = timed(client, path)
        print(f"{label:40} {median:7.1f} ms  {worst:7.1f} ms  {queries:4d} queries")


if __name__ == "__main__":
    main()

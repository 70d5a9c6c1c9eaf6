"""The 晒比榜 page of a series with 161 metrics (58 省考, 47 市考, 56 区级) and twelve months of
values each: the time to serve the page by metric and by unit (target < 1 s).

    .venv/bin/python bench/boards.py            # embedded SQLite under a temporary directory
    DATABASE_URL=postgres://… python bench/boards.py

Values are written in bulk; the page is then asked for December through Django's full request
cycle (middleware, view, template) as the organizer's browser asks for it, several times.
"""

import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
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

from boards.models import Board, Metric, MetricValue  # noqa: E402
from series.models import Entrant, Series  # noqa: E402

BOARDS = {"省考排行榜": 58, "市考排行榜": 47, "区级综合评价榜": 56}
REPEATS = 7
TARGET_MS = 1000


def build() -> Series:
    owner = get_user_model().objects.create_user("bench-boards")
    series = Series.objects.create(owner=owner, title="2026 年度晒比（基准）", year=2026)
    units = Entrant.objects.bulk_create(
        Entrant(series=series, name=f"第{i + 1}单位", order=i) for i in range(30)
    )
    rng = random.Random(2026)
    number = 0
    for order, (name, count) in enumerate(BOARDS.items()):
        board = Board.objects.create(series=series, name=name, order=order)
        for _ in range(count):
            number += 1
            mode = "rank" if name != "区级综合评价榜" else rng.choice(["ratio", "difference"])
            metric = Metric.objects.create(
                board=board, code=f"M{number:03d}", name=f"指标{number}", mode=mode,
                annual_target=None if mode == "rank" else Decimal(100),
                lead_entrant=units[number % len(units)], action=f"行动{number % 8}",
            )  # fmt: skip
            MetricValue.objects.bulk_create(
                MetricValue(
                    metric=metric,
                    period=dt.date(2026, month, 1),
                    actual=None if mode == "rank" else Decimal(rng.randint(80, 110)),
                    rank=rng.randint(1, 26) if mode == "rank" else None,
                    field=26 if mode == "rank" else None,
                )
                for month in range(1, 13)
            )
    return series


def timed(client: Client, url: str) -> list[float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    series = build()
    client = Client()
    client.force_login(series.owner)
    client.get("/o/series/")  # the process's first request loads URL patterns and templates
    base = f"/o/series/{series.pk}/boards/?month=2026-12"
    page = client.get(base).content.decode()
    assert "共 161 项" in page, "the summary counts do not add up to 161"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(f"database: {django.db.connection.vendor}")
    print("board: 161 metrics on 3 boards × 12 months of values, December shown")
    for label, url in (("by metric", base), ("by unit", base + "&view=units")):
        times = timed(client, url)
        print(
            f"page {label}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms "
            f"over {REPEATS} runs (target < {TARGET_MS} ms)"
        )


if __name__ == "__main__":
    main()

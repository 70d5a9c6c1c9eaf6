"""Recompute time of live standings: engine alone, and engine + loading + snapshot write.

`cold`: the first recompute in a process (every sheet read and converted). `warm`: the
recompute a judge's submission triggers in a live event: before each timed run one sheet is
revised (a score changed, the sheet's version bumped, the change counter raised, as
scoring/sheets.py does), so that sheet is read and converted again while the sheets unchanged
since the last run come from the per-process cache of prepared sheets (scoring/standings.py).
The clock runs from the start of `standings.recompute` to the snapshot written (committed); it
does not include the submission's own write, nor the push to the screens (bench/live_latency.py
measures that path end to end).

    .venv/bin/python bench/ranking.py            # embedded SQLite under a temporary directory
    DATABASE_URL=postgres://… python bench/ranking.py

Prints one line per size and whether the cost grows linearly with the number of scores.
"""

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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402

from contests.models import Contest, Contestant, Criterion, Judge, JudgeGroup  # noqa: E402
from scoring import engine, standings  # noqa: E402
from scoring.models import Score, ScoreSheet, StandingsState  # noqa: E402

SIZES = [(30, 100, 6), (100, 200, 8), (300, 300, 10)]
TARGETS_MS = {(30, 100, 6): 20, (100, 200, 8): 200}
REPEATS = 5


def build(n_contestants: int, n_judges: int, n_criteria: int) -> Contest:
    rng = random.Random(n_contestants * 7 + n_judges)
    owner, _ = get_user_model().objects.get_or_create(username="bench")
    contest = Contest.objects.create(owner=owner, title=f"bench {n_contestants}", date="2026-11-22")
    criteria = Criterion.objects.bulk_create(
        Criterion(contest=contest, name=f"c{i}", max_score=Decimal(20), order=i)
        for i in range(n_criteria)
    )
    groups = [
        JudgeGroup.objects.create(contest=contest, name="领导", weight=Decimal(40)),
        JudgeGroup.objects.create(contest=contest, name="部门", weight=Decimal(60)),
    ]
    contestants = Contestant.objects.bulk_create(
        Contestant(contest=contest, name=f"选手{i}", unit=f"单位{i}", order=i + 1)
        for i in range(n_contestants)
    )
    judges = Judge.objects.bulk_create(
        Judge(contest=contest, name=f"评委{j}", unit=f"评委单位{j}", order=j, group=groups[j % 2])
        for j in range(n_judges)
    )
    sheets = ScoreSheet.objects.bulk_create(
        (ScoreSheet(judge=j, contestant=c) for j in judges for c in contestants), batch_size=5000
    )
    Score.objects.bulk_create(
        (
            Score(sheet=s, criterion=cr, value=Decimal(rng.randint(20, 40)) / 2)
            for s in sheets
            for cr in criteria
        ),
        batch_size=10000,
    )
    StandingsState.objects.create(contest=contest)
    return contest


def timed(function, repeats: int = REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def engine_only(contest: Contest):
    """The engine's share: inputs loaded once, compute() timed without its memo."""
    results_inputs = {}

    def capture(**kwargs):
        results_inputs.update(kwargs)
        return original(**kwargs)

    original = engine.compute
    engine.compute = capture
    try:
        standings.compute_for_contest(contest)
    finally:
        engine.compute = original
    results_inputs["memo"] = None  # every contestant aggregated, as in a cold recompute
    return lambda: engine.compute(**results_inputs)


def recompute_only(contest: Contest) -> None:
    """A recompute with nothing changed but the counter (the cold run reads every sheet)."""
    StandingsState.objects.filter(contest=contest).update(requested_seq=F("requested_seq") + 1)
    assert standings.recompute(contest.pk) is not None


def after_a_revision(contest: Contest, repeats: int = REPEATS) -> float:
    """Median ms of the recompute after one sheet is revised, a different sheet each run."""
    sheets = list(
        ScoreSheet.objects.filter(contestant__contest=contest).values_list("pk", flat=True)[:50]
    )
    samples = []
    for turn in range(repeats):
        sheet = sheets[turn % len(sheets)]
        score = Score.objects.filter(sheet_id=sheet).order_by("pk").first()
        Score.objects.filter(pk=score.pk).update(value=Decimal(10) if score.value != 10 else 11)
        ScoreSheet.objects.filter(pk=sheet).update(version=F("version") + 1)
        StandingsState.objects.filter(contest=contest).update(requested_seq=F("requested_seq") + 1)
        started = time.perf_counter()
        assert standings.recompute(contest.pk) is not None
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )
    print(
        f"{'contestants × judges × criteria':>32} {'scores':>9} {'engine ms':>10} "
        f"{'cold ms':>9} {'warm ms':>9} {'warm µs/score':>14} {'target':>9}"
    )
    for size in SIZES:
        contest = build(*size)
        scores = size[0] * size[1] * size[2]
        standings._prepared.clear()
        cold_ms = timed(lambda contest=contest: recompute_only(contest), repeats=1)
        engine_ms = timed(engine_only(contest))
        warm_ms = after_a_revision(contest)
        target = TARGETS_MS.get(size)
        verdict = "" if target is None else ("ok" if warm_ms <= target else f">{target} ms")
        print(
            f"{' × '.join(map(str, size)):>32} {scores:>9} {engine_ms:>10.1f} {cold_ms:>9.1f} "
            f"{warm_ms:>9.1f} {warm_ms * 1000 / scores:>14.2f} {verdict:>9}"
        )
    print(
        "warm: the recompute after one sheet is revised (a different sheet each run), as a "
        "live submission triggers; the clock stops when the snapshot is written. Targets "
        "apply to it."
    )


if __name__ == "__main__":
    main()

"""对标差距 as every surface shows it (board, a metric's months, a unit's page, the month's XLSX
and 通报): ours against the 对标对象 and against the best of the benchmarks (boards/rules.gap)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from boards import rules
from boards.models import Benchmark, Metric


@dataclass(frozen=True)
class Gap:
    name: str  # whom we compare with
    other: Decimal  # their value
    value: Decimal  # the gap: percentage points, or % (ratio mode)
    percent: bool

    @property
    def figure(self) -> str:
        """−2.60 个百分点 / −12.00%: the gap in words, the same on every surface."""
        return f"{self.value:.2f}%" if self.percent else f"{self.value:.2f} 个百分点"

    @property
    def unit(self) -> str:
        return "%" if self.percent else "个百分点"


@dataclass(frozen=True)
class Comparison:
    benchmark: Gap | None  # the 对标对象: the first benchmark in order that is not a group best
    best: Gap | None  # the best value among the benchmarks (not counting averages)


NONE = Comparison(None, None)


def compare(
    metric: Metric, ours: Decimal | None, theirs: list[tuple[Benchmark, Decimal]]
) -> Comparison:
    """Ours against the benchmarks' values of the month (`theirs` in the benchmarks' order).
    No gap for a 位次 metric, when we have no value, or against nobody."""
    if ours is None or not theirs or metric.mode == Metric.Mode.RANK:
        return NONE
    percent = metric.mode == Metric.Mode.RATIO
    inverse = metric.direction == Metric.Direction.DOWN

    def gap(name: str, other: Decimal) -> Gap | None:
        value = rules.gap(ours, other, percent=percent, inverse=inverse)
        return None if value is None else Gap(name, other, value, percent)

    peer = next(((b, v) for b, v in theirs if b.kind != Benchmark.Kind.BEST), None)
    candidates = [(b, v) for b, v in theirs if b.kind != Benchmark.Kind.AVERAGE]
    top = rules.best([v for _b, v in candidates], inverse=inverse)
    best = next((b for b, v in candidates if v == top), None)
    return Comparison(
        gap(peer[0].name, peer[1]) if peer else None,
        gap(best.name, top) if best is not None and top is not None else None,
    )


def widest_first(rows: list) -> list:
    """A unit's metrics with the widest gap behind first (the 对标对象's gap, else the best's),
    then those level or ahead, then those with no gap, each group in the board's order."""

    def key(row) -> tuple:
        gap = row.comparison.benchmark or row.comparison.best
        return (0, gap.value) if gap is not None else (1, Decimal(0))

    return sorted(rows, key=key)

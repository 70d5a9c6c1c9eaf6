"""晒比榜 rules as plain Python (no Django), exact decimals: period targets, lights by ratio,
difference or rank, the unit score, pledges checked at their due date (docs/boards.md)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
NOT_DUE, MISSING = "not_due", "missing"  # the two greys: 未到考核期, 未报
POINTS = {GREEN: Decimal(100), YELLOW: Decimal(60), RED: Decimal(0)}
HUNDREDTH = Decimal("0.01")


def two_places(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Thresholds:
    """A board's light thresholds; the defaults are printed on every board page and PDF."""

    ratio_green: Decimal = Decimal(100)  # completion % at or above: green
    ratio_yellow: Decimal = Decimal(90)  # at or above: yellow; below: red
    difference_yellow: Decimal = Decimal("-1.00")  # gap at or above: yellow (≥ 0 green)


DEFAULT = Thresholds()


def period_target(
    annual: Decimal,
    *,
    cumulative: bool,
    periods_elapsed: int,
    periods_per_year: int,
    explicit: Decimal | None = None,
) -> Decimal:
    """The target for a period: the explicit one; else for a cumulative amount 序时进度 =
    annual × elapsed periods / periods a year (March of a quarterly metric: 1/4); for a rate
    the annual target itself."""
    if explicit is not None:
        return explicit
    if not cumulative:
        return annual
    return annual * periods_elapsed / periods_per_year


@dataclass(frozen=True)
class Reading:
    light: str  # green / yellow / red, or grey
    grey: str = ""  # NOT_DUE or MISSING when grey
    value: Decimal | None = None  # completion % (ratio), gap in points (difference), rank
    move: int | None = None  # rank mode: places gained since the previous period


def ratio(
    actual: Decimal, target: Decimal, *, inverse: bool, limits: Thresholds = DEFAULT
) -> Reading:
    """完成率: actual / target (正向) or target / actual (逆向; an actual of 0 is 100 %), two
    decimals; the light compares the published two-decimal figure."""
    if inverse:
        completion = Decimal(100) if actual == 0 else target / actual * 100
    else:
        completion = actual / target * 100 if target else Decimal(100)
    completion = two_places(completion)
    if completion >= limits.ratio_green:
        light = GREEN
    elif completion >= limits.ratio_yellow:
        light = YELLOW
    else:
        light = RED
    return Reading(light, value=completion)


def difference(
    actual: Decimal, target: Decimal, *, inverse: bool, limits: Thresholds = DEFAULT
) -> Reading:
    """Growth rates: the gap actual − target in points (逆向: target − actual)."""
    gap = two_places((target - actual) if inverse else (actual - target))
    if gap >= 0:
        light = GREEN
    elif gap >= limits.difference_yellow:
        light = YELLOW
    else:
        light = RED
    return Reading(light, value=gap)


def rank(position: int, field: int, previous: int | None = None) -> Reading:
    """Position r of n among peers: green (领先) r ≤ ⌈n/3⌉, red r > n − ⌈n/3⌉, else yellow."""
    if not 1 <= position <= field:
        raise ValueError(f"rank {position} is not within 1…{field}")
    third = math.ceil(field / 3)
    if position <= third:
        light = GREEN
    elif position > field - third:
        light = RED
    else:
        light = YELLOW
    move = None if previous is None else previous - position
    return Reading(light, value=Decimal(position), move=move)


def gap(ours: Decimal, other: Decimal, *, percent: bool, inverse: bool) -> Decimal | None:
    """对标差距, negative when we are behind. Difference mode (percent False): ours − other in
    percentage points (7.2 against 9.8: −2.60). Ratio mode: ours / other − 1 in % (1320 against
    1500: −12.00). 逆向 turns the sign (a 逆向 5 against 4: −25.00). Two decimals, half up;
    None for a ratio against 0."""
    if percent:
        if other == 0:
            return None
        value = (ours / other - 1) * 100
    else:
        value = ours - other
    return two_places(-value if inverse else value)


def best(values: Iterable[Decimal], *, inverse: bool) -> Decimal | None:
    """The best of the values: the highest, or for a 逆向 metric the lowest."""
    values = list(values)
    if not values:
        return None
    return min(values) if inverse else max(values)


def grey(reason: str) -> Reading:
    return Reading(GREY, grey=reason)


def unit_score(readings: Iterable[tuple[Reading, Decimal]]) -> Decimal | None:
    """区级综合评价: Σ wᵢ·pᵢ / Σ wᵢ, points green 100, yellow 60, red 0; 未报 counts as red,
    未到考核期 is left out. None when nothing counts."""
    total = weight = Decimal(0)
    for reading, w in readings:
        if reading.light == GREY and reading.grey != MISSING:
            continue
        total += w * POINTS.get(reading.light, Decimal(0))
        weight += w
    return two_places(total / weight) if weight else None


def leading(rank_readings: Iterable[Reading]) -> tuple[int, int]:
    """领先 x / y: of a unit's rank-mode readings that are not grey, how many are green."""
    ranked = [r for r in rank_readings if r.light != GREY]
    return sum(1 for r in ranked if r.light == GREEN), len(ranked)


# Pledges (亮目标 / 军令状)
EXCEEDED, MET, MISSED, SHORT_OF_STRETCH, DONE, NOT_DONE, PENDING, UNREPORTED = (
    "exceeded",
    "met",
    "missed",
    "short_of_stretch",
    "done",
    "not_done",
    "pending",
    "unreported",  # due, but nobody has reported how it went
)
PLEDGE_LIGHTS = {
    EXCEEDED: GREEN,
    MET: GREEN,
    DONE: GREEN,
    SHORT_OF_STRETCH: YELLOW,
    MISSED: RED,
    NOT_DONE: RED,
    PENDING: GREY,
    UNREPORTED: GREY,
}


def pledge(
    *,
    comparator: str,  # ">=", "<=" or "done"
    due: date,
    today: date,
    actual: Decimal | None = None,
    assured: Decimal | None = None,  # 确保
    stretch: Decimal | None = None,  # 力争
    completed: bool | None = None,  # qualitative pledges
) -> str:
    """A pledge's outcome at its due date: ≥ — at or above 力争 超额, at or above 确保 达标,
    below 确保 未达标; with 力争 only and missed, 未达力争 (not red). ≤ mirrors. 完成 —
    已完成 / 未完成. Before the due date: 未到期; due without a reported result: 未报."""
    if today < due:
        return PENDING
    if comparator == "done":
        if completed is None:
            return UNREPORTED
        return DONE if completed else NOT_DONE
    if actual is None:
        return UNREPORTED

    def reached(goal: Decimal) -> bool:
        return actual >= goal if comparator == ">=" else actual <= goal

    if stretch is not None and reached(stretch):
        return EXCEEDED
    if assured is not None:
        return MET if reached(assured) else MISSED
    return SHORT_OF_STRETCH


NAMED_DUES = {"一季度": (3, 31), "上半年": (6, 30), "前三季度": (9, 30), "全年": (12, 31)}


def due_date(text: str, on_or_after: date) -> date | None:
    """A pledge's 时限 as a date: 一季度 = 03-31, 上半年 = 06-30, 前三季度 = 09-30, 全年 = 12-31,
    the next such day on or after `on_or_after` (the day it was pledged: "一季度" said on
    2026-12-06 is 2027-03-31, never a day already past); or an ISO date as written."""
    text = text.strip()
    if text in NAMED_DUES:
        due = date(on_or_after.year, *NAMED_DUES[text])
        return due if due >= on_or_after else date(on_or_after.year + 1, *NAMED_DUES[text])
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None

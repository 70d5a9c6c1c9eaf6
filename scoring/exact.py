"""The engine's exact arithmetic (scoring/engine.py): fixed-point scores and weights, rounding
half up for publication, a judge group's aggregate (mean, trimmed mean, median), per-judge
standardisation, competition ranking, and a sheet turned into exact integers (`prepare`).
Plain Python, no Django."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.engine import Criterion, Sheet

Id = Hashable


class Method(StrEnum):
    MEAN = "mean"
    TRIMMED = "trimmed"
    MEDIAN = "median"


class ScoringError(ValueError):
    """Input the engine refuses to rank: an incomplete or out-of-range sheet, an unknown id."""


def publish(value: Fraction | Decimal, decimals: int = 2) -> Decimal:
    """Round half up to the published number of decimals."""
    exact = Fraction(value)
    scale = 10**decimals
    numerator = exact.numerator * scale
    # floor(x·scale + ½) for non-negative x; scores are never negative.
    rounded = (2 * numerator + exact.denominator) // (2 * exact.denominator)
    return (Decimal(rounded) / Decimal(scale)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


SCORE_PLACES = 2  # scores and indicator values: at most 2 decimals (hundredths)
WEIGHT_PLACES = 3  # weights: at most 3 decimals (thousandths)
SCALE = 10 ** (SCORE_PLACES + WEIGHT_PLACES)  # a weighted score as an integer of 1/SCALE units
_fixed_cache: dict[tuple[object, int], int] = {}


def fixed(value: object, places: int) -> int:
    """value × 10^places as an exact integer; refuses NaN, infinities and finer decimals.

    Scores repeat a lot (a 25-point criterion in steps of 0.5 has 51 values), so results are
    cached: this conversion is most of the work for a large contest.
    """
    key = (value, places)
    try:
        return _fixed_cache[key]
    except (KeyError, TypeError):
        pass
    if isinstance(value, float):
        number = Decimal(repr(value))  # shortest round-trip text: 9.88, not 9.8800000000000007…
    else:
        number = value if isinstance(value, Decimal) else Decimal(value)
    if not number.is_finite():
        raise ScoringError(f"{value} is not a number")
    scaled = number.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ScoringError(f"{value} has more than {places} decimals")
    result = int(scaled)
    if len(_fixed_cache) < 100_000:
        _fixed_cache[key] = result
    return result


def effective_trim(count: int, trim: int) -> int:
    """k highest and k lowest are dropped only while at least one sheet remains."""
    return max(0, min(trim, (count - 1) // 2))


def aggregate(
    totals: Sequence[tuple[Id, Fraction | int]], method: Method, trim: int = 0
) -> tuple[Fraction | None, tuple[Id, ...]]:
    """A group's score from (judge, sheet total) pairs, and the judges whose sheets were dropped.

    Equal totals are ordered by judge id when choosing which to drop, so the mark on the
    report is reproducible; the aggregate itself does not depend on that choice.
    """
    if not totals:
        return None, ()
    ordered = sorted(totals, key=lambda pair: (pair[1], pair[0]))
    values = [value for _, value in ordered]
    if method is Method.MEDIAN:
        middle = len(values) // 2
        if len(values) % 2:
            return Fraction(values[middle]), ()
        return Fraction(values[middle - 1] + values[middle]) / 2, ()
    k = effective_trim(len(values), trim) if method is Method.TRIMMED else 0
    kept = values[k : len(values) - k]
    dropped = tuple(judge for judge, _ in ordered[:k] + ordered[len(ordered) - k :])
    return Fraction(sum(kept)) / len(kept), dropped


def standardise(
    totals: Mapping[tuple[Id, Id], Fraction], maximum: Fraction
) -> dict[tuple[Id, Id], Fraction]:
    """Rescale each judge's sheet totals to the pooled mean and spread.

    adjusted = μ + σ · (x − μ_judge) / σ_judge, clamped to 0..maximum. A judge with a single sheet
    keeps it unchanged (no scale can be estimated); a judge who gave everyone the same total
    expressed no preference and is mapped to μ. Population standard deviations throughout.
    """
    if not totals:
        return {}
    with localcontext() as context:
        context.prec = 50

        def stats(values: list[Fraction]) -> tuple[Fraction, Fraction]:
            mean = sum(values, Fraction(0)) / len(values)
            variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
            root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
            return mean, Fraction(root)

        pooled_mean, pooled_sd = stats(list(totals.values()))
        by_judge: dict[Id, list[Fraction]] = defaultdict(list)
        for (judge, _), value in totals.items():
            by_judge[judge].append(value)
        judge_stats = {
            judge: stats(values) for judge, values in by_judge.items() if len(values) >= 2
        }
    adjusted = {}
    for key, value in totals.items():
        judge = key[0]
        if judge not in judge_stats:
            adjusted[key] = value
            continue
        mean, sd = judge_stats[judge]
        scaled = pooled_mean if sd == 0 else pooled_mean + pooled_sd * (value - mean) / sd
        adjusted[key] = min(max(scaled, Fraction(0)), maximum)
    return adjusted


def rank(keys: Mapping[Id, tuple]) -> dict[Id, int]:
    """Competition ranking: 1 + how many have a strictly better key (1, 1, 3)."""
    ordered = sorted(keys.values())
    ranks = {}
    for contestant, key in keys.items():
        # Keys are sort keys where smaller is better; bisect finds how many are strictly better.
        low, high = 0, len(ordered)
        while low < high:
            mid = (low + high) // 2
            if ordered[mid] < key:
                low = mid + 1
            else:
                high = mid
        ranks[contestant] = low + 1
    return ranks


def sheet_units(sheet: Sheet, criteria: Sequence[tuple[Id, int, int]]) -> tuple[int, list[int]]:
    """The sheet total in 1/SCALE units and each criterion score in hundredths."""
    scores = sheet.scores
    total = 0
    hundredths = []
    for criterion_id, weight, maximum in criteria:
        try:
            value = scores[criterion_id]
        except KeyError:
            raise ScoringError(
                f"sheet of judge {sheet.judge_id} misses criterion {criterion_id}"
            ) from None
        units = fixed(value, SCORE_PLACES)
        if units < 0 or units > maximum:
            raise ScoringError(f"score {value} outside 0..{Fraction(maximum, 100)}")
        total += units * weight
        hundredths.append(units)
    if len(scores) != len(criteria):
        unknown = set(scores) - {criterion_id for criterion_id, _, _ in criteria}
        raise ScoringError(f"sheet of judge {sheet.judge_id} scores unknown criteria {unknown}")
    return total, hundredths


def criteria_units(criteria: Sequence[Criterion]) -> list[tuple[Id, int, int]]:
    return [
        (c.id, fixed(c.weight, WEIGHT_PLACES), fixed(c.max_score, SCORE_PLACES)) for c in criteria
    ]


@dataclass(frozen=True)
class PreparedSheet:
    """A sheet already checked against the criteria and turned into exact integers.

    `total` is Σ score × weight in 1/SCALE units, `hundredths` the scores in criterion order.
    Valid only for the criteria it was prepared with (see `criteria_signature`): callers may
    keep it between recomputes while neither the sheet's version nor the criteria change.
    """

    judge_id: Id
    contestant_id: Id
    total: int
    hundredths: tuple[int, ...]


def criteria_signature(criteria: Sequence[Criterion]) -> tuple:
    """What a PreparedSheet depends on: the criteria, their order, weights and maxima."""
    return tuple((c.id, Decimal(c.weight), Decimal(c.max_score)) for c in criteria)


def prepare(sheet: Sheet, criteria: Sequence[Criterion]) -> PreparedSheet:
    total, hundredths = sheet_units(sheet, criteria_units(criteria))
    return PreparedSheet(sheet.judge_id, sheet.contestant_id, total, tuple(hundredths))


def sheet_total(sheet: Sheet, criteria: Sequence[Criterion]) -> Fraction:
    """Σ score × weight; every criterion must be scored, within 0..max."""
    total, _ = sheet_units(sheet, criteria_units(criteria))
    return Fraction(total, SCALE)


def memo_key(
    context: tuple, sheets: list, judge_group: Mapping[Id, Id | None], values: tuple
) -> tuple | None:
    """What a contestant's exact scores depend on, or None when they cannot be reused.

    Sheets are keyed by identity, which is sound only for immutable PreparedSheets (a plain
    Sheet's scores are a mutable mapping) and only while the memo holds the sheets themselves,
    so that no other object can take a stored id. A live recompute passes the same cached
    PreparedSheet objects for sheets that did not change, and a new object for one that did.
    """
    if not all(type(sheet) is PreparedSheet for sheet in sheets):
        return None
    return (
        context,
        tuple(map(id, sheets)),
        tuple(judge_group[sheet.judge_id] for sheet in sheets),
        values,
    )

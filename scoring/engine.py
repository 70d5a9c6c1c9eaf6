"""The scoring engine: score sheets and indicator scores in, published standings out.

Plain Python with no Django imports, so every rule can be tested and checked by hand.
Inputs and published outputs are Decimal. Intermediate arithmetic is exact (Fraction), so a
mean such as 1/3 never turns into 0.333… and then rounds the wrong way at a half-up boundary;
only standardisation, which needs a square root, is computed in Decimal at 50 digits.

The rules, in the order they apply (docs/scoring.md has the worked example):
1. Sheet total = Σ criterion score × criterion weight.
2. Optional standardisation per judge (z-score, rescaled to the pooled mean and spread).
3. Within each judge group: mean, trimmed mean (drop k highest and k lowest; k shrinks to
   (n−1)//2 when there are too few sheets) or median of the sheet totals.
4. Judge score = Σ group weight × group aggregate / Σ weights of groups that scored.
5. Indicator score = Σ indicator value × indicator weight over the contestant's items (共性, and
   the 个性 ones listed for it), or in `percent` mode that sum ÷ Σ maximum × weight × 100
   (scoring/composite.py); its dimension subtotals add up to the published indicator score.
6. Total = (judge weight × judge score + indicator weight × indicator score) / sum of weights.
7. Published numbers are rounded to 2 decimals, half up; ranks are given on the rounded total,
   then tie-breaks (judge score, then each criterion's average in criterion order), then a
   shared rank (1, 1, 3).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

from scoring.composite import Composite, Task, apportion, indicator_part

Id = Hashable


class Method(StrEnum):
    MEAN = "mean"
    TRIMMED = "trimmed"
    MEDIAN = "median"


@dataclass(frozen=True)
class Criterion:
    id: Id
    max_score: Decimal
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class Indicator:
    id: Id
    max_score: Decimal
    weight: Decimal = Decimal(1)
    dimension: Id | None = None
    applies_to: frozenset | None = None  # 个性 (X) item: only these contestants; None: all


@dataclass(frozen=True)
class Contestant:
    id: Id
    group_id: Id | None = None
    order: int = 0


@dataclass(frozen=True)
class Judge:
    id: Id
    group_id: Id | None = None


@dataclass(frozen=True)
class Sheet:
    judge_id: Id
    contestant_id: Id
    scores: Mapping[Id, Decimal]


@dataclass(frozen=True)
class Rules:
    method: Method = Method.TRIMMED
    trim: int = 1
    standardise: bool = False
    judge_weight: Decimal = Decimal(100)
    indicator_weight: Decimal = Decimal(0)
    judge_group_weights: Mapping[Id | None, Decimal] = field(default_factory=dict)
    break_ties_by_criteria: bool = True
    decimals: int = 2
    composite: Composite = Composite.SUM


@dataclass(frozen=True)
class Result:
    contestant_id: Id
    rank: int | None
    group_rank: int | None
    total: Decimal | None
    judge_score: Decimal | None
    indicator_score: Decimal | None
    criteria: dict[Id, Decimal]
    judge_groups: dict[Id | None, Decimal]
    sheets_in: int
    sheets_counted: int
    dropped_judges: tuple[Id, ...]
    dimensions: dict[Id | None, Decimal] = field(default_factory=dict)
    exact_total: Fraction | None = field(default=None, compare=False, repr=False)


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


def _sheet_units(sheet: Sheet, criteria: Sequence[tuple[Id, int, int]]) -> tuple[int, list[int]]:
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


def _criteria_units(criteria: Sequence[Criterion]) -> list[tuple[Id, int, int]]:
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
    total, hundredths = _sheet_units(sheet, _criteria_units(criteria))
    return PreparedSheet(sheet.judge_id, sheet.contestant_id, total, tuple(hundredths))


def sheet_total(sheet: Sheet, criteria: Sequence[Criterion]) -> Fraction:
    """Σ score × weight; every criterion must be scored, within 0..max."""
    total, _ = _sheet_units(sheet, _criteria_units(criteria))
    return Fraction(total, SCALE)


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


def _rank(keys: Mapping[Id, tuple]) -> dict[Id, int]:
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


def _memo_key(
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


def _contestant_entry(
    contestant_id: Id,
    groups: Mapping[Id | None, list[tuple[Id, Fraction | int]]],
    raw_scores: Mapping[tuple[Id, Id], Sequence[int]],
    criteria: Sequence[Criterion],
    rules: Rules,
    unit: int,
    judge_weight: Fraction,
    indicator_weight: Fraction,
    indicator: tuple[Fraction | None, dict[Id | None, Fraction]],
) -> dict:
    """One contestant's exact (unrounded) scores from its sheets grouped by judge group."""
    group_scores: dict[Id | None, Fraction] = {}
    dropped: list[Id] = []
    for group_id, pairs in groups.items():
        score, group_dropped = aggregate(pairs, rules.method, rules.trim)
        group_scores[group_id] = score / unit
        dropped.extend(group_dropped)
    weights = {g: Fraction(rules.judge_group_weights.get(g, Decimal(1))) for g in group_scores}
    weight_sum = sum(weights.values(), Fraction(0))
    judge_score = (
        sum((weights[g] * s for g, s in group_scores.items()), Fraction(0)) / weight_sum
        if weight_sum > 0
        else None
    )
    counted_judges = [
        judge for pairs in groups.values() for judge, _ in pairs if judge not in dropped
    ]
    criteria_means = {}
    if counted_judges and criteria:
        columns = zip(
            *(raw_scores[(judge, contestant_id)] for judge in counted_judges), strict=True
        )
        sums = [sum(column) for column in columns]
        denominator = 10**SCORE_PLACES * len(counted_judges)
        criteria_means = {
            criterion.id: Fraction(sums[index], denominator)
            for index, criterion in enumerate(criteria)
        }
    indicator_score, dimensions = indicator

    total: Fraction | None = Fraction(0)
    for weight, part in ((judge_weight, judge_score), (indicator_weight, indicator_score)):
        if weight == 0:
            continue
        if part is None:
            total = None
            break
        total += weight * part
    if total is not None:
        total /= judge_weight + indicator_weight
    return {
        "total": total,
        "judge_score": judge_score,
        "indicator_score": indicator_score,
        "dimensions": dimensions,
        "criteria": criteria_means,
        "groups": group_scores,
        "sheets_in": sum(len(pairs) for pairs in groups.values()),
        "sheets_counted": len(counted_judges),
        "dropped": tuple(sorted(dropped)),
    }


MEMO_LIMIT = 20_000  # contestant entries kept in a caller's memo


def compute(
    contestants: Sequence[Contestant],
    criteria: Sequence[Criterion],
    judges: Sequence[Judge],
    sheets: Iterable[Sheet | PreparedSheet],
    rules: Rules,
    indicators: Sequence[Indicator] = (),
    indicator_scores: Mapping[tuple[Id, Id], Decimal] | None = None,
    memo: dict | None = None,
) -> list[Result]:
    """Standings for every contestant, ranked ones first by rank, then unranked by order.

    Only the sheets given count; leave out drafts and recused judges' sheets before calling.
    A contestant without the parts its total needs (no sheet yet while judges count, or no
    indicator value while indicators count) gets no total and no rank.

    `memo`, a dict the caller keeps between calls, lets a live recompute reuse the exact scores
    of contestants whose inputs did not change (see `_memo_key`); results are identical with
    or without it.
    """
    indicator_scores = indicator_scores or {}
    judge_group = {judge.id: judge.group_id for judge in judges}
    known_contestants = {c.id for c in contestants}
    criteria_units = _criteria_units(criteria)
    maximum = Fraction(sum(w * m for _, w, m in criteria_units), SCALE)

    # Exact integers (1/SCALE units) on the hot path; Fractions only where a division happens.
    totals: dict[tuple[Id, Id], int] = {}
    raw_scores: dict[tuple[Id, Id], Sequence[int]] = {}
    sheets_of: dict[Id, list[Sheet | PreparedSheet]] = defaultdict(list)
    for sheet in sheets:
        if sheet.judge_id not in judge_group:
            raise ScoringError(f"unknown judge {sheet.judge_id}")
        if sheet.contestant_id not in known_contestants:
            raise ScoringError(f"unknown contestant {sheet.contestant_id}")
        key = (sheet.judge_id, sheet.contestant_id)
        if key in totals:
            raise ScoringError(f"two sheets for judge {key[0]} and contestant {key[1]}")
        if isinstance(sheet, PreparedSheet):
            totals[key], raw_scores[key] = sheet.total, sheet.hundredths
        else:
            totals[key], raw_scores[key] = _sheet_units(sheet, criteria_units)
        sheets_of[sheet.contestant_id].append(sheet)
    if rules.standardise:
        # Standardisation couples every contestant to every judge's other sheets: no reuse.
        memo = None
        counted_totals = standardise({k: Fraction(v, SCALE) for k, v in totals.items()}, maximum)
        unit = 1
    else:
        counted_totals, unit = totals, SCALE

    judge_weight = Fraction(rules.judge_weight)
    indicator_weight = Fraction(rules.indicator_weight)
    if judge_weight < 0 or indicator_weight < 0 or judge_weight + indicator_weight == 0:
        raise ScoringError("weights must be non-negative and not both zero")
    tasks = [
        Task(
            indicator.id,
            fixed(indicator.weight, WEIGHT_PLACES),
            fixed(indicator.max_score, SCORE_PLACES),
            indicator.dimension,
            indicator.applies_to,
        )
        for indicator in indicators
    ]
    composite = Composite(rules.composite)
    context = (
        rules.method,
        rules.trim,
        judge_weight,
        indicator_weight,
        tuple((g, Fraction(w)) for g, w in rules.judge_group_weights.items()),
        tuple(criteria_units),
        tuple(tasks),
        composite,
    )
    if memo is not None and len(memo) > MEMO_LIMIT:
        memo.clear()

    exact: dict[Id, dict] = {}
    for contestant in contestants:
        own_sheets = sheets_of.get(contestant.id, [])
        values = tuple(indicator_scores.get((task.id, contestant.id)) for task in tasks)
        memo_key = None
        if memo is not None:
            memo_key = _memo_key(context, own_sheets, judge_group, values)
            if memo_key is not None:
                hit = memo.get(contestant.id)
                if hit is not None and hit[0] == memo_key:
                    exact[contestant.id] = hit[2]
                    continue
        groups: dict[Id | None, list[tuple[Id, Fraction | int]]] = defaultdict(list)
        for sheet in own_sheets:
            pair = (sheet.judge_id, contestant.id)
            groups[judge_group[sheet.judge_id]].append((sheet.judge_id, counted_totals[pair]))
        entry = _contestant_entry(
            contestant.id,
            groups,
            raw_scores,
            criteria,
            rules,
            unit,
            judge_weight,
            indicator_weight,
            indicator_part(
                tasks,
                [None if value is None else fixed(value, SCORE_PLACES) for value in values],
                contestant.id,
                composite,
            ),
        )
        exact[contestant.id] = entry
        if memo_key is not None:
            # The sheets are stored with the key so that their ids stay theirs (see _memo_key).
            memo[contestant.id] = (memo_key, own_sheets, entry)

    def rounded(value: Fraction | None) -> Decimal | None:
        return None if value is None else publish(value, rules.decimals)

    # Every published number is rounded once; ranks compare exactly these numbers.
    shown = {
        contestant_id: {
            "total": rounded(entry["total"]),
            "judge_score": rounded(entry["judge_score"]),
            "indicator_score": rounded(entry["indicator_score"]),
            "dimensions": apportion(
                entry["dimensions"], rounded(entry["indicator_score"]), rules.decimals
            )
            if entry["dimensions"]
            else {},
            "criteria": {k: rounded(v) for k, v in entry["criteria"].items()},
            "groups": {k: rounded(v) for k, v in entry["groups"].items()},
        }
        for contestant_id, entry in exact.items()
    }
    zero = Decimal(0).quantize(Decimal(1).scaleb(-rules.decimals))
    tie_break = rules.break_ties_by_criteria and judge_weight > 0
    rank_keys = {}
    for contestant in contestants:
        entry = shown[contestant.id]
        if entry["total"] is None:
            continue
        key = [-entry["total"]]
        if tie_break:
            key.append(-entry["judge_score"])
            key.extend(-entry["criteria"].get(criterion.id, zero) for criterion in criteria)
        rank_keys[contestant.id] = tuple(key)

    ranks = _rank(rank_keys)
    group_ranks: dict[Id, int] = {}
    members: dict[Id, dict[Id, tuple]] = defaultdict(dict)
    for contestant in contestants:
        if contestant.id in rank_keys and contestant.group_id is not None:
            members[contestant.group_id][contestant.id] = rank_keys[contestant.id]
    for keys in members.values():
        group_ranks.update(_rank(keys))

    results = [
        Result(
            contestant_id=c.id,
            rank=ranks.get(c.id),
            group_rank=group_ranks.get(c.id),
            total=shown[c.id]["total"],
            judge_score=shown[c.id]["judge_score"],
            indicator_score=shown[c.id]["indicator_score"],
            criteria=shown[c.id]["criteria"],
            judge_groups=shown[c.id]["groups"],
            sheets_in=exact[c.id]["sheets_in"],
            sheets_counted=exact[c.id]["sheets_counted"],
            dropped_judges=exact[c.id]["dropped"],
            dimensions=shown[c.id]["dimensions"],
            exact_total=exact[c.id]["total"],
        )
        for c in contestants
    ]
    order = {c.id: c.order for c in contestants}
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, order[r.contestant_id]))

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
from decimal import Decimal
from fractions import Fraction

from scoring.composite import Composite, Task, apportion, indicator_part
from scoring.exact import (
    SCALE,
    SCORE_PLACES,
    WEIGHT_PLACES,
    Method,
    PreparedSheet,
    ScoringError,
    aggregate,
    criteria_units,
    fixed,
    memo_key,
    publish,
    rank,
    sheet_units,
    standardise,
)

Id = Hashable


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


def _read_sheets(
    sheets: Iterable[Sheet | PreparedSheet],
    judge_group: Mapping[Id, Id | None],
    known_contestants: set[Id],
    criteria_units: Sequence[tuple[Id, int, int]],
) -> tuple[dict, dict, dict]:
    """Each sheet's total in exact integers (1/SCALE units, the hot path: Fractions only where a
    division happens), its scores in hundredths, and the sheets by contestant."""
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
            totals[key], raw_scores[key] = sheet_units(sheet, criteria_units)
        sheets_of[sheet.contestant_id].append(sheet)
    return totals, raw_scores, sheets_of


def _ranks(
    contestants: Sequence[Contestant],
    criteria: Sequence[Criterion],
    shown: Mapping[Id, dict],
    rules: Rules,
    judge_weight: Fraction,
) -> tuple[dict[Id, int], dict[Id, int]]:
    """Ranks overall and within each presenter group, on the published (rounded) numbers."""
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

    ranks = rank(rank_keys)
    group_ranks: dict[Id, int] = {}
    members: dict[Id, dict[Id, tuple]] = defaultdict(dict)
    for contestant in contestants:
        if contestant.id in rank_keys and contestant.group_id is not None:
            members[contestant.group_id][contestant.id] = rank_keys[contestant.id]
    for keys in members.values():
        group_ranks.update(rank(keys))
    return ranks, group_ranks


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
    of contestants whose inputs did not change (see `exact.memo_key`); results are identical with
    or without it.
    """
    indicator_scores = indicator_scores or {}
    judge_group = {judge.id: judge.group_id for judge in judges}
    units = criteria_units(criteria)
    maximum = Fraction(sum(w * m for _, w, m in units), SCALE)

    totals, raw_scores, sheets_of = _read_sheets(
        sheets, judge_group, {c.id for c in contestants}, units
    )
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
        tuple(units),
        tuple(tasks),
        composite,
    )
    if memo is not None and len(memo) > MEMO_LIMIT:
        memo.clear()

    exact: dict[Id, dict] = {}
    for contestant in contestants:
        own_sheets = sheets_of.get(contestant.id, [])
        values = tuple(indicator_scores.get((task.id, contestant.id)) for task in tasks)
        key = None
        if memo is not None:
            key = memo_key(context, own_sheets, judge_group, values)
            if key is not None:
                hit = memo.get(contestant.id)
                if hit is not None and hit[0] == key:
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
        if key is not None:
            # The sheets are stored with the key so that their ids stay theirs (see exact.memo_key).
            memo[contestant.id] = (key, own_sheets, entry)

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
    ranks, group_ranks = _ranks(contestants, criteria, shown, rules, judge_weight)
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

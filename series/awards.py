"""红旗 and 蜗牛 of one period of a 赛马 series: plain Python, no Django, from published totals.

Per series, each of the two awards follows one rule:
- `Quota`: the top (红旗) or bottom (蜗牛) k of each group, ranked within the group (one group,
  key None, for the whole field). A tie across the boundary takes the whole tie, and a note
  says so (第 11 名并列 2 个，共 12 个).
- `Threshold`: 红旗 at or above a total, 蜗牛 below one. Nobody may qualify: 本期无蜗牛 is a result.
- `Manual`: named by the organizer, each with a reason (refused without one).
Nobody gets both in one period: 红旗 wins.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from series.cumulative import round_ranks


@dataclass(frozen=True)
class Quota:
    counts: Mapping[Hashable | None, int]  # group → how many; None: the whole field


@dataclass(frozen=True)
class Threshold:
    total: Decimal  # 红旗: total ≥ this; 蜗牛: total < this


@dataclass(frozen=True)
class Manual:
    reasons: Mapping[Hashable, str]  # entrant → why

    def __post_init__(self) -> None:
        missing = [entrant for entrant, reason in self.reasons.items() if not reason.strip()]
        if missing:
            raise ValueError(f"a manual award needs a reason: {missing}")


Rule = Quota | Threshold | Manual


@dataclass
class PeriodAwards:
    red: set = field(default_factory=set)
    snail: set = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _quota(totals, groups, quota: Quota, top: bool, label: str, notes: list[str]) -> set:
    chosen = set()
    for group, count in quota.counts.items():
        members = {e: t for e, t in totals.items() if group is None or groups.get(e) == group}
        if not members or count <= 0:
            continue
        # From the bottom, rank the negated totals: the lowest total is 1st from the end.
        ranks = round_ranks(members if top else {e: -t for e, t in members.items()})
        taken = {e for e, rank in ranks.items() if rank <= count}
        if len(taken) > count:
            where = "" if group is None else f"{group}："
            boundary = max(ranks[e] for e in taken)
            tied = sum(1 for rank in ranks.values() if rank == boundary)
            place = f"第 {boundary} 名" if top else f"倒数第 {boundary} 名"
            notes.append(f"{where}{label}{place}并列 {tied} 个，共 {len(taken)} 个（配额 {count}）")
        chosen |= taken
    return chosen


def _apply(totals, groups, rule: Rule, top: bool, label: str, notes: list[str]) -> set:
    if isinstance(rule, Quota):
        return _quota(totals, groups, rule, top, label, notes)
    if isinstance(rule, Threshold):
        return {e for e, t in totals.items() if (t >= rule.total if top else t < rule.total)}
    unknown = set(rule.reasons) - set(totals)
    if unknown:
        raise ValueError(f"not ranked in this period: {sorted(map(str, unknown))}")
    return set(rule.reasons)


def period_awards(
    totals: Mapping[Hashable, Decimal],
    red: Rule,
    snail: Rule,
    groups: Mapping[Hashable, Hashable] | None = None,
) -> PeriodAwards:
    """红旗 and 蜗牛 of one period from its published totals (entrants ranked in it)."""
    result = PeriodAwards()
    groups = groups or {}
    result.red = _apply(totals, groups, red, True, "红旗", result.notes)
    result.snail = _apply(totals, groups, snail, False, "蜗牛", result.notes) - result.red
    if not result.red:
        result.notes.append("本期无红旗")
    if not result.snail:
        result.notes.append("本期无蜗牛")
    return result


def rolling_flag(totals: Mapping[Hashable, Decimal]) -> set:
    """流动红旗: held for the period by its first place (all of a tie for it)."""
    return {e for e, rank in round_ranks(totals).items() if rank == 1}

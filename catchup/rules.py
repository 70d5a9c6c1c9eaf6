"""对标赶超 rules as plain Python: who must file a 赶超方案 after a round, when it is due and how
its task shows, how a milestone stands against the actuals (the pledge rules of boards/rules)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from boards import rules as board_rules
from followup import rules as ledger_rules

# How a milestone target stands: the pledge outcomes, in the words of a plan.
MET, MISSED, PENDING, UNREPORTED = "met", "missed", "pending", "unreported"
WORDS = {MET: "达标", MISSED: "未达标", PENDING: "未到期", UNREPORTED: "未报"}


def bottom(ranks: Mapping[int, int | None], count: int) -> set[int]:
    """The units in the last `count` places of the ranking (unranked ones left out); a unit tied
    with the last of them is among them too. count 0: nobody."""
    ranked = sorted((rank for rank in ranks.values() if rank is not None), reverse=True)
    if count <= 0 or not ranked:
        return set()
    cut = ranked[min(count, len(ranked)) - 1]
    return {unit for unit, rank in ranks.items() if rank is not None and rank >= cut}


def task_due(round_day: date, days: int) -> date:
    """Due `days` calendar days after the round's day: 2026-09-18 + 15 → 2026-10-03."""
    return round_day + timedelta(days=days)


def task_light(due: date, today: date, filed_on: date | None) -> str:
    """Filed: green. Not filed: the ledger's light for a deadline (red the day after it)."""
    if filed_on is not None:
        return ledger_rules.GREEN
    return ledger_rules.light(due, today).colour


def target_outcome(
    comparator: str, goal: Decimal, due: date, today: date, actual: Decimal | None
) -> str:
    """A milestone target at its date: 达标 / 未达标; 未到期 before it; 未报 without an actual."""
    outcome = board_rules.pledge(
        comparator=comparator, due=due, today=today, actual=actual, assured=goal
    )
    return {board_rules.MET: MET, board_rules.MISSED: MISSED,
            board_rules.PENDING: PENDING}.get(outcome, UNREPORTED)  # fmt: skip


def milestone_outcome(outcomes: Iterable[str]) -> str:
    """A milestone: 未到期 before its date; then 未达标 if any target missed, 未报 if any has no
    actual, else 达标 (a milestone without targets: 未报)."""
    outcomes = list(outcomes)
    if PENDING in outcomes:
        return PENDING
    if MISSED in outcomes:
        return MISSED
    if UNREPORTED in outcomes or not outcomes:
        return UNREPORTED
    return MET


def stage_dates(first_year: int) -> list[tuple[str, date]]:
    """The staged milestones of 003 (「一年起步成势、三年基本达标、五年大见成效」) as dates: the end
    of the first, the third and the fifth year."""
    return [
        ("一年起步成势", date(first_year, 12, 31)),
        ("三年基本达标", date(first_year + 2, 12, 31)),
        ("五年大见成效", date(first_year + 4, 12, 31)),
    ]

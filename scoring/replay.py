"""Standings rebuilt from the audit log alone, to prove that nothing was lost or counted twice.

Every accepted sheet version writes one AuditEntry with the values recorded. Taking each
(judge, contestant) pair's last entry gives the sheets as they should stand; running the engine
on them must give exactly the stored standings. `manage.py verify_audit ID` runs the check.
"""

from decimal import Decimal

from arena.text import is_number
from contests.models import Contest
from scoring import engine
from scoring.standings import compute_for_contest, is_recused, serialize


def audit_sheets(contest: Contest) -> list[engine.Sheet]:
    last: dict[tuple[int, int], dict] = {}
    for judge_id, contestant_id, values in contest.audit_entries.order_by("at", "id").values_list(
        "judge_id", "contestant_id", "new_values"
    ):
        last[(judge_id, contestant_id)] = values
    judge_units = dict(contest.judges.values_list("pk", "unit"))
    contestant_units = dict(contest.contestants.values_list("pk", "unit"))
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    return [
        engine.Sheet(
            judge_id,
            contestant_id,
            {int(key): Decimal(value) for key, value in values.items() if is_number(key)},
        )
        for (judge_id, contestant_id), values in last.items()
        if not is_recused(
            judge_units[judge_id],
            contestant_units[contestant_id],
            (judge_id, contestant_id) in marked,
        )
    ]


def replayed_results(contest: Contest) -> dict:
    """What the standings are according to the audit log (same shape as a snapshot's data)."""
    return serialize(*compute_for_contest(contest, sheets=audit_sheets(contest)))

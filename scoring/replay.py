"""Standings rebuilt from the audit log alone, to prove that nothing was lost or counted twice.

Every accepted sheet version writes one AuditEntry with the values recorded. Taking each
(judge, contestant) pair's last entry gives the sheets as they should stand; running the engine
on them must give exactly the stored standings. `manage.py verify_audit ID` runs the check.
"""

from decimal import Decimal

from arena.text import is_number, plain
from contests.models import Contest
from scoring import engine
from scoring.models import ScoreSheet
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


def score_mismatches(contest: Contest) -> list[str]:
    """Every submitted sheet's scores in the database against its last audit entry, value by
    value: the replayed ranking alone misses an edit that changes no total (a score the
    trimming drops, raised further)."""
    logged: dict[tuple[int, int], tuple[int, dict]] = {}
    for judge_id, contestant_id, version, values in contest.audit_entries.order_by(
        "at", "id"
    ).values_list("judge_id", "contestant_id", "version", "new_values"):
        scores = {int(k): Decimal(v) for k, v in values.items() if is_number(k)}
        logged[(judge_id, contestant_id)] = (version, scores)
    stored: dict[tuple[int, int], tuple[int, dict]] = {}
    sheets = ScoreSheet.objects.filter(judge__contest=contest, status=ScoreSheet.Status.SUBMITTED)
    for sheet in sheets.prefetch_related("scores"):
        scores = {score.criterion_id: score.value for score in sheet.scores.all()}
        stored[(sheet.judge_id, sheet.contestant_id)] = (sheet.version, scores)
    judges = dict(contest.judges.values_list("pk", "name"))
    contestants = dict(contest.contestants.values_list("pk", "name"))
    criteria = dict(contest.criteria.values_list("pk", "name"))

    def shown(entry: tuple[int, dict] | None) -> str:
        if entry is None:
            return "无"
        version, scores = entry
        listed = "，".join(f"{criteria.get(k, k)} {plain(v)}" for k, v in sorted(scores.items()))
        return f"v{version}：{listed}"

    return [
        f"{judges.get(j, j)} → {contestants.get(c, c)}：日志 {shown(logged.get((j, c)))}；"
        f"数据库 {shown(stored.get((j, c)))}"
        for j, c in sorted(set(logged) | set(stored))
        if logged.get((j, c)) != stored.get((j, c))
    ]


def broken_seals(contest: Contest) -> tuple[list[str], int]:
    """Log rows of the contest edited since they were written (audit entries, sign-offs, the
    results log, the setup log), and how many rows were written before rows were sealed."""
    edited, unsealed = [], 0
    for label, rows in (
        ("审计记录", contest.audit_entries.all()),
        ("签字", contest.signoffs.all()),
        ("结果日志", contest.results_events.all()),
        ("设置变更日志", contest.setup_changes.all()),
    ):
        for row in rows.order_by("id"):
            holds = row.seal_holds()
            if holds is None:
                unsealed += 1
            elif not holds:
                edited.append(f"{label} #{row.pk}（{row}）写入后被改动")
    return edited, unsealed

"""Recording a judge's score sheet: validated, idempotent, versioned, audited.

A submission carries a client-generated id. The same id again (double tap, retry after a
timeout) returns what was recorded the first time and records nothing new. A revision names
the version it was based on; if the sheet moved on meanwhile, it is refused with the current
values instead of overwriting them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.text import clean_text, parse_decimal, plain
from contests.models import Contest, Contestant, Criterion, Judge
from scoring.models import AuditEntry, ScoreSheet, SheetSubmission
from scoring.recompute_queue import request_recompute
from scoring.sheet_sql import (
    TABLES,
    CriterionRow,
    Target,
    criteria_rows,
    fetch,
    insert,
    lock_clause,
    lock_target,
)
from scoring.standings import is_recused

SUBMISSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_COMMENT = 500


class SubmissionError(Exception):
    """A refused submission: an HTTP status, a code for scripts, a message for the judge."""

    def __init__(self, status: int, code: str, message: str, field: str = "", sheet=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.sheet = sheet


@dataclass(frozen=True)
class Recorded:
    sheet_id: int
    version: int
    values: dict[str, str]
    replayed: bool


def parse_values(
    criteria: Sequence[Criterion | CriterionRow], raw: Mapping[str, str], step: Decimal
) -> dict[int, Decimal]:
    """Every criterion present, a number, within 0..max, on the organizer's step."""
    values = {}
    for criterion in criteria:
        text = str(raw.get(str(criterion.pk), "")).strip()
        if not text:
            raise SubmissionError(
                400,
                "missing",
                _("请为“{name}”打分。").format(name=criterion.name),
                str(criterion.pk),
            )
        value = parse_decimal(text)
        if value is None:
            raise SubmissionError(
                400,
                "not_a_number",
                _("“{name}”的分数“{value}”不是数字。").format(name=criterion.name, value=text[:20]),
                str(criterion.pk),
            )
        if value < 0 or value > criterion.max_score:
            raise SubmissionError(
                400,
                "out_of_range",
                _("“{name}”的分数须在 0 到 {score} 之间。").format(
                    name=criterion.name, score=plain(criterion.max_score)
                ),
                str(criterion.pk),
            )
        if value % step != 0:
            raise SubmissionError(
                400,
                "off_step",
                _("“{name}”的分数须为 {step} 的整数倍。").format(
                    name=criterion.name, step=plain(step)
                ),
                str(criterion.pk),
            )
        values[criterion.pk] = value.quantize(Decimal("0.01"))
    unknown = set(raw) - {str(c.pk) for c in criteria}
    if unknown:
        raise SubmissionError(400, "unknown_criterion", _("提交了不属于本场的评分项。"))
    return values


def check_open(judge: Judge, target: Target) -> None:
    """The contest is live, the contestant open for scoring, and the judge not recused."""
    if target.contest_status != Contest.Status.LIVE:
        raise SubmissionError(409, "contest_not_live", _("本场擂台赛当前不在评分阶段。"))
    if judge.withdrawn_at is not None:
        raise SubmissionError(403, "judge_withdrawn", _("您已退出本场评分，不能再提交。"))
    if target.withdrawn:
        raise SubmissionError(
            409, "withdrawn", _("{name} 已退出，不再评分。").format(name=target.name)
        )
    if target.scoring == Contestant.Scoring.PENDING:
        raise SubmissionError(
            409, "not_open", _("{name} 的评分尚未开始。").format(name=target.name)
        )
    if target.scoring == Contestant.Scoring.CLOSED:
        raise SubmissionError(
            409, "closed", _("{name} 的评分已截止，不能再提交或修改。").format(name=target.name)
        )
    if is_recused(judge.unit, target.unit, target.marked_recused):
        raise SubmissionError(
            403, "recused", _("您需回避 {name}，不参与其评分。").format(name=target.name)
        )


def sheet_values(sheet: ScoreSheet) -> dict[str, str]:
    return {str(s.criterion_id): str(s.value) for s in sheet.scores.all()}


def submit_sheet(
    judge: Judge,
    contestant: Contestant | int,
    raw_values: Mapping[str, str],
    *,
    submission_id: str,
    base_version: int | None = None,
    comment: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> Recorded:
    """Record a sheet once per submission id; see the module docstring for the rules.

    `contestant` may be just its id: the contestant row is read under a lock anyway, and a
    contestant of another contest is refused as not found.
    """
    contestant_id = contestant if isinstance(contestant, int) else contestant.pk
    if not SUBMISSION_ID.match(submission_id or ""):
        raise SubmissionError(400, "bad_submission_id", _("提交编号无效，请刷新页面后重试。"))
    comment = clean_text(comment)
    if len(comment) > MAX_COMMENT:
        raise SubmissionError(
            400,
            "comment_too_long",
            _("评语不能超过 {COMMENT} 字。").format(COMMENT=MAX_COMMENT),
            "comment",
        )
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _record(
                    judge,
                    contestant_id,
                    raw_values,
                    submission_id,
                    base_version,
                    comment,
                    ip_address,
                    user_agent,
                )
        except IntegrityError:
            # Two copies of one submission raced (or two devices created the same sheet): the
            # loser's transaction rolled back; the second pass finds what the winner recorded.
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _one(rows: QuerySet):
    """The row a unique key names, or None."""
    try:
        return rows.get()
    except rows.model.DoesNotExist:
        return None


def _record(
    judge, contestant_id, raw_values, submission_id, base_version, comment, ip_address, user_agent
) -> Recorded:
    ops = connection.ops
    seen = fetch(
        f"SELECT id FROM {TABLES['SheetSubmission']} WHERE judge_id = %s AND submission_id = %s",  # noqa: S608
        [judge.pk, submission_id],
    )
    if seen:
        replay = SheetSubmission.objects.select_related("sheet").get(pk=seen[0][0])
        if replay.sheet.contestant_id != contestant_id:
            raise SubmissionError(409, "submission_reused", _("提交编号已用于另一位汇报人。"))
        return Recorded(replay.sheet_id, replay.version, replay.values, replayed=True)
    target = lock_target(judge, contestant_id)
    if target is None:
        raise SubmissionError(404, "not_found", _("没有这位汇报人。"))
    check_open(judge, target)
    values = parse_values(criteria_rows(target.contest_id), raw_values, Decimal(target.score_step))
    existing = fetch(
        f"SELECT id FROM {TABLES['ScoreSheet']} WHERE judge_id = %s AND contestant_id = %s"  # noqa: S608
        + lock_clause(),
        [judge.pk, contestant_id],
    )
    # No base version means "based on no sheet": a second device that also started from an
    # empty form must not overwrite the first one's sheet.
    base_version = base_version or 0
    if existing:
        sheet = ScoreSheet.objects.prefetch_related("scores").get(pk=existing[0][0])
        return _revise(
            judge, target, sheet, values, submission_id, base_version, comment, ip_address,
            user_agent,
        )  # fmt: skip
    if base_version:
        raise SubmissionError(409, "stale", _("评分表状态已变化，请刷新后重试。"))
    now = ops.adapt_datetimefield_value(timezone.now())
    sheet_id = insert(
        "ScoreSheet",
        {
            "judge_id": judge.pk,
            "contestant_id": contestant_id,
            "status": ScoreSheet.Status.SUBMITTED.value,
            "version": 1,
            "comment": comment,
            "submission_id": submission_id,
            "created_at": now,
            "updated_at": now,
        },
        returning=True,
    )
    return _record_version(
        judge, target, sheet_id, 1, values, comment, submission_id,
        AuditEntry.Action.CREATE, None, ip_address, user_agent,
    )  # fmt: skip


def _record_version(
    judge, target, sheet_id, version, values, comment, submission_id, action, old_values,
    ip_address, user_agent,
) -> Recorded:  # fmt: skip
    """A sheet version's scores, its submission id (for replays) and its audit entry; then
    the recompute request. The one writer of both a first sheet and a revision."""
    ops = connection.ops
    moment = timezone.now()
    now = ops.adapt_datetimefield_value(moment)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLES['Score']} (sheet_id, criterion_id, value) VALUES (%s, %s, %s)",  # noqa: S608
            [
                [sheet_id, criterion_id, ops.adapt_decimalfield_value(value, 6, 2)]
                for criterion_id, value in values.items()
            ],
        )
    recorded = {**{str(k): str(v) for k, v in values.items()}, "comment": comment}
    entered = json.dumps(recorded)
    insert(
        "SheetSubmission",
        {
            "judge_id": judge.pk,
            "submission_id": submission_id,
            "sheet_id": sheet_id,
            "version": version,
            "values": entered,
            "created_at": now,
        },
    )
    entry = AuditEntry(
        contest_id=target.contest_id,
        judge_id=judge.pk,
        contestant_id=target.pk,
        sheet_id=sheet_id,
        action=action.value,
        version=version,
        old_values=old_values,
        new_values=recorded,
        submission_id=submission_id,
        ip_address=ip_address or None,
        user_agent=user_agent[:300],
        at=moment,
    )
    insert(
        "AuditEntry",
        {
            "contest_id": entry.contest_id,
            "judge_id": entry.judge_id,
            "contestant_id": entry.contestant_id,
            "sheet_id": sheet_id,
            "action": entry.action,
            "version": version,
            "old_values": None if old_values is None else json.dumps(old_values),
            "new_values": entered,
            "submission_id": submission_id,
            "ip_address": ops.adapt_ipaddressfield_value(entry.ip_address),
            "user_agent": entry.user_agent,
            "at": now,
            "seal": entry.expected_seal(),
        },
    )
    request_recompute(target.contest_id)
    return Recorded(sheet_id, version, recorded, replayed=False)


def _revise(
    judge, target, sheet, values, submission_id, base_version, comment, ip_address, user_agent
) -> Recorded:
    """A sheet that exists: replay, refuse as stale, keep as unchanged, or a new version."""
    if sheet.submission_id == submission_id:
        # A copy of this very submission won the race while this one waited for the
        # contestant lock (its record was not committed when this one looked): replay it.
        current = {**sheet_values(sheet), "comment": sheet.comment}
        return Recorded(sheet.pk, sheet.version, current, replayed=True)
    if base_version != sheet.version:
        raise SubmissionError(
            409,
            "stale",
            _("这张评分表已在别处更新过，下面是当前记录的分数，请核对后再提交。"),
            sheet=sheet,
        )
    stored = sheet_values(sheet)
    old_values = {**stored, "comment": sheet.comment}
    same_scores = {str(k): v for k, v in values.items()} == {
        k: Decimal(v) for k, v in stored.items()
    }
    if same_scores and comment == sheet.comment and sheet.status == sheet.Status.SUBMITTED:
        # The same scores again (a judge pressing submit twice with new ids): nothing
        # changes, so no new version and nothing in the audit log; the id still replays.
        SheetSubmission.objects.create(
            judge=judge,
            submission_id=submission_id,
            sheet=sheet,
            version=sheet.version,
            values=old_values,
        )
        return Recorded(sheet.pk, sheet.version, old_values, replayed=False)
    sheet.version += 1
    sheet.comment = comment
    sheet.submission_id = submission_id
    sheet.status = ScoreSheet.Status.SUBMITTED
    sheet.save(update_fields=["version", "comment", "submission_id", "status", "updated_at"])
    sheet.scores.all().delete()
    return _record_version(
        judge, target, sheet.pk, sheet.version, values, comment, submission_id,
        AuditEntry.Action.UPDATE, old_values, ip_address, user_agent,
    )  # fmt: skip

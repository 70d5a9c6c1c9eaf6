"""The ledger's operations: remarks and 交办 on stage, closing measures (done → verified or sent
back), extensions, cancelling, monthly updates; every status and date change audited.

Every function that depends on the date takes `today` (a local date), so the rules are exact
in tests and the pages pass `timezone.localdate()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arena.text import clean_name, clean_text
from contests.models import Contest, Contestant
from followup import rules
from followup.models import (
    Extension,
    FollowupAudit,
    Matter,
    Measure,
    Remark,
    Responsibility,
    Update,
)
from series.models import Entrant, Round


class FollowupError(Exception):
    """An action the ledger refuses; the message is for the person who tried it."""


def audit(matter: Matter, field: str, old, new, *, user=None, entrant=None, measure=None, note=""):
    FollowupAudit.objects.create(
        series_id=matter.series_id,
        matter=matter,
        measure=measure,
        field=field,
        old="" if old is None else str(old),
        new="" if new is None else str(new),
        note=note[:300],
        user=user if user is not None and user.is_authenticated else None,
        entrant=entrant,
    )


def _text(value: str, label: str, limit: int) -> str:
    value = clean_text(value).strip()
    if not value:
        raise FollowupError(_("请填写{label}。").format(label=label))
    if len(value) > limit:
        raise FollowupError(_("{label}请控制在 {n} 字以内。").format(label=label, n=limit))
    return value


def round_of(contest: Contest) -> Round | None:
    return Round.objects.filter(contest=contest).select_related("series").first()


def presenter_unit(contestant: Contestant) -> Entrant | None:
    link = getattr(contestant, "participation", None) if contestant.pk else None
    return link.entrant if link else None


@transaction.atomic
def add_measure(
    matter: Matter, *, text: str, deadline: dt.date, units: Sequence[Entrant], user=None
) -> Measure:
    if not units:
        raise FollowupError(_("请选择至少一个责任单位（第一个为牵头单位）。"))
    if any(unit.series_id != matter.series_id for unit in units):
        raise FollowupError(_("责任单位须是本系列的参赛单位。"))
    measure = Measure.objects.create(
        matter=matter, text=_text(text, _("具体措施"), 500), deadline=deadline
    )
    Responsibility.objects.bulk_create(
        Responsibility(measure=measure, entrant=unit, order=order)
        for order, unit in enumerate(dict.fromkeys(units), start=1)
    )
    audit(matter, "deadline", None, deadline, user=user, measure=measure, note=measure.text)
    return measure


@transaction.atomic
def record_remark(
    contest: Contest,
    contestant: Contestant,
    *,
    kind: str,
    text: str,
    user,
    today: dt.date,
    speaker: str = "",
    units: Sequence[Entrant] = (),
    deadline: dt.date | None = None,
) -> Remark:
    """点评 or 提问 noted against the presenter; a 交办 also opens a 现场交办 matter with one
    measure (the remark's text) for the responsible units, due on `deadline`."""
    if contestant.contest_id != contest.pk:
        raise FollowupError(_("该汇报人不属于本场。"))
    if kind not in Remark.Kind.values:
        raise FollowupError(_("请选择点评、提问或交办。"))
    text = _text(text, _("内容"), 1000)
    remark = Remark(
        contest=contest,
        contestant=contestant,
        kind=kind,
        text=text,
        speaker=clean_name(speaker)[:50],
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    if kind == Remark.Kind.ASSIGN:
        rnd = round_of(contest)
        if rnd is None:
            raise FollowupError(_("交办须在赛马系列的一期里记录（责任单位取自参赛单位）。"))
        if deadline is None:
            raise FollowupError(_("请填写解决时限。"))
        if deadline < today:
            raise FollowupError(_("解决时限不能早于今天。"))
        matter = Matter.objects.create(
            series=rnd.series,
            kind=Matter.Kind.ASSIGNED,
            title=text[:500],
            lead_entrant=presenter_unit(contestant),
            round=rnd,
            created_by=remark.recorded_by,
        )
        audit(matter, "status", None, matter.get_status_display(), user=user, note=_("现场交办"))
        add_measure(matter, text=text[:500], deadline=deadline, units=units, user=user)
        remark.matter = matter
    remark.save()
    return remark


@transaction.atomic
def move_remark(remark: Remark, contestant: Contestant, *, user) -> None:
    """A remark filed under the wrong presenter goes to the right one; a 交办 takes its matter's
    lead unit along. Logged on the matter when there is one."""
    if contestant.contest_id != remark.contest_id:
        raise FollowupError(_("该汇报人不属于本场。"))
    if contestant.pk == remark.contestant_id:
        return
    before = remark.contestant
    remark.contestant = contestant
    remark.save(update_fields=["contestant"])
    if remark.matter_id:
        matter = remark.matter
        old_unit = matter.lead_entrant
        matter.lead_entrant = presenter_unit(contestant)
        matter.save(update_fields=["lead_entrant"])
        audit(matter, "presenter", f"{before.name}（{old_unit or '—'}）",
              f"{contestant.name}（{matter.lead_entrant or '—'}）", user=user)  # fmt: skip


def _settle_matter(matter: Matter, user=None, entrant=None) -> None:
    """A matter is 已销号 when all its measures are, 待核销 when all are done or closed."""
    statuses = set(matter.measures.values_list("status", flat=True))
    if not statuses or matter.status == Matter.Status.CANCELLED:
        return
    if statuses == {Measure.Status.CLOSED}:
        new = Matter.Status.CLOSED
    elif statuses <= {Measure.Status.CLOSED, Measure.Status.DONE}:
        new = Matter.Status.CHECKING
    else:
        new = Matter.Status.OPEN
    if new != matter.status:
        old = matter.get_status_display()
        matter.status = new
        matter.save(update_fields=["status"])
        audit(matter, "status", old, matter.get_status_display(), user=user, entrant=entrant)


def _locked(measure: Measure) -> Measure:
    return Measure.objects.select_for_update().select_related("matter").get(pk=measure.pk)


@transaction.atomic
def mark_done(measure: Measure, *, evidence: str, today: dt.date, user=None, entrant=None) -> None:
    """The responsible unit reports the measure done; the overdue clock stops today."""
    measure = _locked(measure)
    if measure.status != Measure.Status.OPEN:
        raise FollowupError(_("该措施不是“未完成”状态。"))
    measure.evidence = _text(evidence, _("完成情况"), 2000)
    measure.status = Measure.Status.DONE
    measure.done_on = today
    measure.save(update_fields=["evidence", "status", "done_on"])
    audit(measure.matter, "status", _("未完成"), _("已完成待核"), user=user, entrant=entrant,
          measure=measure, note=measure.evidence[:300])  # fmt: skip
    audit(measure.matter, "done_on", None, today, user=user, entrant=entrant, measure=measure)
    _settle_matter(measure.matter, user, entrant)


@transaction.atomic
def verify(measure: Measure, *, user, today: dt.date) -> None:
    measure = _locked(measure)
    if measure.status != Measure.Status.DONE:
        raise FollowupError(_("只有“已完成待核”的措施可以核销。"))
    measure.status = Measure.Status.CLOSED
    measure.verified_by = user
    measure.verified_on = today
    measure.save(update_fields=["status", "verified_by", "verified_on"])
    audit(measure.matter, "status", _("已完成待核"), _("已销号"), user=user, measure=measure)
    _settle_matter(measure.matter, user)


@transaction.atomic
def send_back(measure: Measure, *, reason: str, user) -> None:
    """退回: back to 未完成 with the reason; the deadline stays as it was."""
    measure = _locked(measure)
    if measure.status != Measure.Status.DONE:
        raise FollowupError(_("只有“已完成待核”的措施可以退回。"))
    reason = _text(reason, _("退回原因"), 300)
    done_on = measure.done_on
    measure.status = Measure.Status.OPEN
    measure.done_on = None
    measure.save(update_fields=["status", "done_on"])
    audit(
        measure.matter,
        "status",
        _("已完成待核"),
        _("退回"),
        user=user,
        measure=measure,
        note=reason,
    )
    audit(measure.matter, "done_on", done_on, None, user=user, measure=measure)
    _settle_matter(measure.matter, user)


@transaction.atomic
def request_extension(
    measure: Measure, *, new_deadline: dt.date, reason: str, today: dt.date, user=None, entrant=None
) -> Extension:
    measure = _locked(measure)
    if measure.status != Measure.Status.OPEN:
        raise FollowupError(_("只有“未完成”的措施可以申请延期。"))
    if not rules.may_extend(measure.deadline, today):
        raise FollowupError(_("已逾期，不能再申请延期。"))
    if new_deadline <= measure.deadline:
        raise FollowupError(
            _("延期后的时限须晚于现在的时限 {date}。").format(date=measure.deadline)
        )
    if measure.extensions.filter(result=Extension.Result.PENDING).exists():
        raise FollowupError(_("已有一个延期申请在等待审批。"))
    extension = Extension.objects.create(
        measure=measure,
        asked_on=today,
        new_deadline=new_deadline,
        reason=_text(reason, _("延期理由"), 300),
    )
    note = _("申请延期：{reason}").format(reason=extension.reason)
    audit(measure.matter, "extension", None, new_deadline, user=user, entrant=entrant,
          measure=measure, note=note)  # fmt: skip
    return extension


@transaction.atomic
def decide_extension(extension: Extension, *, approve: bool, user, today: dt.date) -> None:
    extension = (
        Extension.objects.select_for_update().select_related("measure__matter").get(pk=extension.pk)
    )
    if extension.result != Extension.Result.PENDING:
        raise FollowupError(_("该延期申请已审批。"))
    measure = _locked(extension.measure)
    extension.result = Extension.Result.APPROVED if approve else Extension.Result.REFUSED
    extension.decided_by = user
    extension.decided_on = today
    extension.save(update_fields=["result", "decided_by", "decided_on"])
    matter = measure.matter
    if approve:
        old = measure.deadline
        measure.original_deadline = measure.original_deadline or old
        measure.deadline = extension.new_deadline
        measure.save(update_fields=["deadline", "original_deadline"])
        audit(matter, "deadline", old, measure.deadline, user=user, measure=measure,
              note=_("同意延期"))  # fmt: skip
    else:
        audit(matter, "extension", extension.new_deadline, None, user=user, measure=measure,
              note=_("不同意延期"))  # fmt: skip


@transaction.atomic
def cancel(matter: Matter, *, reason: str, user) -> None:
    """撤销 with a reason: the matter stays in the ledger, marked."""
    matter = Matter.objects.select_for_update().get(pk=matter.pk)
    if matter.status == Matter.Status.CANCELLED:
        raise FollowupError(_("已撤销。"))
    reason = _text(reason, _("撤销原因"), 300)
    old = matter.get_status_display()
    matter.status = Matter.Status.CANCELLED
    matter.cancel_reason = reason
    matter.save(update_fields=["status", "cancel_reason"])
    audit(matter, "status", old, matter.get_status_display(), user=user, note=reason)


def submit_update(
    matter: Matter,
    *,
    period: dt.date,
    progress: str,
    problems: str = "",
    percent: int | None = None,
) -> Update:
    """实现情况 and 存在问题 for a month (a later submission for the same month replaces it)."""
    if percent is not None and not 0 <= percent <= 100:
        raise FollowupError(_("完成进度请填 0 至 100。"))
    update, _created = Update.objects.update_or_create(
        matter=matter,
        period=period.replace(day=1),
        defaults={
            "progress": _text(progress, _("实现情况"), 2000),
            "problems": clean_text(problems).strip()[:2000],
            "percent": percent,
        },
    )
    return update


def measure_light(measure: Measure, today: dt.date) -> rules.Light:
    return rules.light(
        measure.deadline,
        today,
        closed=measure.status == Measure.Status.CLOSED,
        done_on=measure.done_on,
    )


def matter_light(matter: Matter, today: dt.date) -> str:
    if matter.status == Matter.Status.CANCELLED:
        return rules.GREY
    return rules.worst(measure_light(m, today).colour for m in matter.measures.all())


def outcome(measure: Measure, today: dt.date) -> str:
    """How a measure stands for 回头看: 按期办结 / 逾期办结 / 推进中 / 逾期."""
    light = measure_light(measure, today)
    if measure.status == Measure.Status.CLOSED:
        return "late" if light.overdue else "on_time"
    return "overdue" if light.colour == rules.RED else "open"


OUTCOME_LABELS = {
    "on_time": gettext_lazy("按期办结"),
    "late": gettext_lazy("逾期办结"),
    "open": gettext_lazy("推进中"),
    "overdue": gettext_lazy("逾期"),
}


def outcomes_text(counts, separator: str = "、") -> str:
    """ "按期办结 1、逾期办结 2": the non-zero counts of outcome(), in a fixed order."""
    return separator.join(
        f"{OUTCOME_LABELS[key]} {counts[key]}" for key in OUTCOME_LABELS if counts[key]
    )

"""Pledges (承诺, 军令状): taken down as said on stage, their results reported and verified
(audited), their outcomes by the pledge rules (boards/rules.py) as of an explicit today."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boards import rules
from boards.models import Pledge
from boards.values import apply_changes, audit, parse_decimal
from series.models import Entrant

PLEDGE_LABELS = {
    rules.EXCEEDED: gettext_lazy("超额"),
    rules.MET: gettext_lazy("达标"),
    rules.MISSED: gettext_lazy("未达标"),
    rules.SHORT_OF_STRETCH: gettext_lazy("未达力争"),
    rules.DONE: gettext_lazy("已完成"),
    rules.NOT_DONE: gettext_lazy("未完成"),
    rules.PENDING: gettext_lazy("未到期"),
    rules.UNREPORTED: gettext_lazy("到期未报"),
}


def pledge_outcome(pledge: Pledge, today: dt.date) -> str:
    return rules.pledge(
        comparator=pledge.comparator,
        due=pledge.due,
        today=today,
        actual=pledge.actual,
        assured=pledge.assured,
        stretch=pledge.stretch,
        completed=pledge.completed,
    )


def pledge_line(pledges, today: dt.date) -> str:
    """ "已到期 2 项：达标 1、未达力争 1；未到期 1 项" for a unit's pledges as of `today`."""
    outcomes = Counter(pledge_outcome(p, today) for p in pledges)
    pending = outcomes.pop(rules.PENDING, 0)
    parts = []
    if outcomes:
        order = [
            rules.EXCEEDED,
            rules.MET,
            rules.DONE,
            rules.MISSED,
            rules.NOT_DONE,
            rules.SHORT_OF_STRETCH,
            rules.UNREPORTED,
        ]
        detail = "、".join(f"{PLEDGE_LABELS[k]} {outcomes[k]}" for k in order if outcomes[k])
        parts.append(_("已到期 {n} 项：{detail}").format(n=sum(outcomes.values()), detail=detail))
    if pending:
        parts.append(_("未到期 {n} 项").format(n=pending))
    return "；".join(parts)


@transaction.atomic
def set_pledge_result(
    pledge: Pledge, *, actual: Decimal | None = None, completed: bool | None = None,
    evidence: str = "", user=None, entrant=None,
) -> None:  # fmt: skip
    """The actual (or 已完成 / 未完成) of a pledge, audited."""
    changes = {"actual": actual, "completed": completed, "evidence": evidence.strip()}
    apply_changes(pledge, changes, series_id=pledge.series_id, user=user, entrant=entrant)
    pledge.save()


@transaction.atomic
def record_pledge(
    link, presenter, *, text: str, comparator: str, assured: str, stretch: str, unit: str, due: str
) -> Pledge:
    """Take down a pledge as said on stage; ValueError with the reason for the clerk."""
    text = " ".join((text or "").split())
    if not text:
        raise ValueError(_("请填写承诺内容。"))
    if comparator not in Pledge.Comparator.values:
        raise ValueError(_("请选择比较方式。"))
    assured_value = parse_decimal(assured, _("确保值"))
    stretch_value = parse_decimal(stretch, _("力争值"))
    if comparator != "done" and assured_value is None and stretch_value is None:
        raise ValueError(_("请填确保值或力争值（定性的承诺请选“完成”）。"))
    due_on = rules.due_date(due or "", link.round.contest.date)
    if due_on is None:
        raise ValueError(_("时限应为 一季度、上半年、前三季度、全年 或一个日期。"))
    return Pledge.objects.create(
        series=link.round.series,
        entrant=link.entrant,
        round=link.round,
        contestant=presenter,
        text=text[:500],
        original_text=text[:500],
        comparator=comparator,
        assured=assured_value,
        stretch=stretch_value,
        unit=(unit or "").strip()[:20],
        due=due_on,
    )


def stage_pledges(entrant: Entrant, today: dt.date, limit: int = 3) -> list[Pledge]:
    """What the stage screen shows under a presenter: up to three of the unit's pledges, those
    still open first, nearest due date first."""
    pledges = list(Pledge.objects.filter(entrant=entrant).order_by("due", "id"))
    pledges.sort(key=lambda p: (pledge_outcome(p, today) != rules.PENDING, p.due))
    return pledges[:limit]


@transaction.atomic
def edit_pledge(pledge: Pledge, *, text: str, due: dt.date, user) -> None:
    """Change a pledge's wording or due date (logged); the words said on stage stay in
    original_text."""
    text = " ".join((text or "").split())
    if not text:
        raise ValueError(_("请填写承诺内容。"))
    apply_changes(pledge, {"text": text[:500], "due": due}, series_id=pledge.series_id, user=user)
    if not pledge.original_text:
        pledge.original_text = text
    pledge.save()


def verify_pledge(pledge: Pledge, *, user) -> None:
    """The organizer confirms the result a unit reported (logged)."""
    from django.utils import timezone

    pledge.verified_by = user
    pledge.verified_at = timezone.now()
    pledge.save(update_fields=["verified_by", "verified_at"])
    audit(pledge, "verified", "", "✓", series_id=pledge.series_id, user=user)

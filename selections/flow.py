"""Everything done to a selection, each in one transaction and logged (SelectionLog): set it up,
put nominees forward, pass them step by step, open the 公示, record and decide objections,
commend, and reopen a commended selection with a reason."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.lib.workdays import parse_holidays
from arena.text import clean_name, clean_text
from contests.kinds import kind_of
from contests.models import Contest
from orgs.access import can
from scoring.standings import latest_snapshot
from selections import rules
from selections.models import (
    FIVE_STARS,
    SEVEN_STEPS,
    Category,
    Nominee,
    Objection,
    Passage,
    Selection,
    SelectionLog,
    Step,
    Unit,
)


class SelectionError(Exception):
    """Refused; the message says why, in the office's words."""


def log(selection: Selection, user, action: str, detail: str = "", nominee=None) -> None:
    SelectionLog.objects.create(
        selection=selection, nominee=nominee, user=user, action=action, detail=detail[:500]
    )


@transaction.atomic
def create(organisation, title: str, year: int, user, units: list[str],
           categories: list[str] = FIVE_STARS, steps=SEVEN_STEPS) -> Selection:  # fmt: skip
    """A new selection with its categories, units and steps (the seven by default)."""
    selection = Selection.objects.create(
        organisation=organisation, title=title, year=year, created_by=user
    )
    Category.objects.bulk_create(
        Category(selection=selection, order=i, name=name) for i, name in enumerate(categories)
    )
    Unit.objects.bulk_create(
        Unit(selection=selection, order=i, name=name) for i, name in enumerate(units)
    )
    Step.objects.bulk_create(
        Step(selection=selection, order=i, name=name, **options)
        for i, (name, options) in enumerate(steps)
    )
    log(selection, user, _("新建评选"), title)
    return selection


def _steps(selection: Selection) -> list[Step]:
    return list(selection.steps.all())


def _locked(selection: Selection) -> Selection:
    return Selection.objects.select_for_update().get(pk=selection.pk)


@transaction.atomic
def nominate(selection: Selection, *, name: str, unit: Unit, category: Category, user,
             story: str = "", photo=None) -> Nominee:  # fmt: skip
    if _locked(selection).status != Selection.Status.DRAFT:
        raise SelectionError(_("公示已开始，不能再推荐人选。"))
    name, story = clean_name(name), clean_text(story).strip()
    if not name or len(name) > 100:
        raise SelectionError(_("请填写姓名或案例名称（100 字以内）。"))
    if len(story) > 2000:
        raise SelectionError(_("事迹不超过 2000 字（现 {n} 字）。").format(n=len(story)))
    nominee = Nominee.objects.create(
        selection=selection, name=name, unit=unit, category=category, story=story,
        photo=photo or "",
    )  # fmt: skip
    log(selection, user, _("推荐人选"), f"{category.name} · {unit.name} · {name}", nominee)
    return nominee


def _passed(nominee: Nominee, steps: list[Step]) -> set[int]:
    index = {step.pk: i for i, step in enumerate(steps)}
    return {index[pk] for pk in nominee.passages.values_list("step_id", flat=True)}


@transaction.atomic
def pass_step(nominee: Nominee, step: Step, user, *, on: date | None = None,
              number: int | None = None, votes: tuple[int, int, int] | None = None,
              note: str = "", attachment=None) -> Passage:  # fmt: skip
    """The nominee through `step`, the one after the last it passed, with what the step asks
    (an attachment is an uploaded file, kept privately under the name it came with)."""
    selection = _locked(nominee.selection)
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    steps = _steps(selection)
    if selection.status != Selection.Status.DRAFT:
        raise SelectionError(_("公示已开始，各步骤不能再变动。"))
    if nominee.status != Nominee.Status.ACTIVE:
        raise SelectionError(_("{name}（{status}）不再办理步骤。").format(
            name=nominee.name, status=nominee.get_status_display()))  # fmt: skip
    if step.selection_id != selection.pk or nominee.selection_id != selection.pk:
        raise SelectionError(_("这一步不属于这项评选。"))
    if step.kind in {Step.Kind.EXPERT, Step.Kind.PUBLICITY, Step.Kind.COMMEND}:
        raise SelectionError(_("“{step}”对全部人选一起进行。").format(step=step.name))
    target = [s.pk for s in steps].index(step.pk)
    problem = rules.step_problem([s.name for s in steps], _passed(nominee, steps), target)
    if problem:
        raise SelectionError(problem)
    if step.kind == Step.Kind.REVIEW and not can(user, selection.organisation, "approve"):
        raise SelectionError(_("“{step}”须由审核人办理。").format(step=step.name))
    missing = [
        label
        for needed, given, label in (
            (step.needs_date, on, _("日期")),
            (step.needs_number, number, step.number_label or _("人数")),
            (step.needs_vote, votes, _("表决结果（赞成、反对、弃权）")),
            (step.needs_note, note.strip() or None, _("说明")),
            (step.needs_attachment, attachment, _("附件")),
        )
        if needed and given is None
    ]
    if missing:
        raise SelectionError(_("“{step}”须填写：{fields}。").format(
            step=step.name, fields="、".join(map(str, missing))))  # fmt: skip
    votes_for, against, abstain = votes or (None, None, None)
    passage = Passage.objects.create(
        nominee=nominee, step=step, on=on, number=number, votes_for=votes_for,
        votes_against=against, votes_abstain=abstain, note=note.strip()[:500], by=user,
        attachment=attachment or "",
        attachment_name=clean_name(attachment.name)[:200] if attachment else "",
    )  # fmt: skip
    log(selection, user, _("通过“{step}”").format(step=step.name), nominee.name, nominee)
    return passage


@transaction.atomic
def link_review(step: Step, contest: Contest, user) -> None:
    """The offline review (a contest of the 专家评审 kind, same organisation) behind the step."""
    selection = _locked(step.selection)
    if step.kind != Step.Kind.EXPERT:
        raise SelectionError(_("“{step}”不是专家评审。").format(step=step.name))
    if contest.organisation_id != selection.organisation_id or not kind_of(contest).offline:
        raise SelectionError(_("请选择本组织的专家评审活动。"))
    Step.objects.filter(pk=step.pk).update(contest=contest)
    log(selection, user, _("关联专家评审"), f"{step.name}：{contest.title}")


@transaction.atomic
def take_review(step: Step, user) -> int:
    """The signed ranking of the step's offline review into the step, for every nominee who has
    passed the steps before it: each case found by its name, with its rank and total."""
    selection = _locked(step.selection)
    step = Step.objects.select_related("contest").get(pk=step.pk)
    contest = step.contest
    if contest is None:
        raise SelectionError(_("“{step}”还没有关联专家评审。").format(step=step.name))
    if contest.status not in Contest.SIGNED_STATUSES:
        raise SelectionError(_("专家评审“{title}”的结果审核签字后才能计入。").format(
            title=contest.title))  # fmt: skip
    steps = _steps(selection)
    before = set(range(steps.index(step)))
    due = [n for n in selection.nominees.filter(status=Nominee.Status.ACTIVE)
           if _passed(n, steps) == before]  # fmt: skip
    results = {row["name"]: row for row in latest_snapshot(contest).data["results"]}
    missing = [n.name for n in due if n.name not in results]
    if missing:
        raise SelectionError(_("专家评审中没有：{names}").format(names="、".join(missing)))
    for nominee in due:
        row = results[nominee.name]
        note = _("专家评审第 {rank} 名，得分 {total}").format(rank=row["rank"], total=row["total"])
        Passage.objects.create(nominee=nominee, step=step, on=contest.date, note=note, by=user)
    log(selection, user, _("计入“{step}”").format(step=step.name),
        _("{title}：{n} 项").format(title=contest.title, n=len(due)))  # fmt: skip
    return len(due)


@transaction.atomic
def withdraw(nominee: Nominee, reason: str, user) -> None:
    """The nominee leaves the selection; the row, its steps and its reason stay."""
    reason = " ".join(reason.split())
    if len(reason) < 2:
        raise SelectionError(_("请写明退出原因。"))
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    if nominee.status != Nominee.Status.ACTIVE:
        raise SelectionError(_("{name} 已不在推选中。").format(name=nominee.name))
    nominee.status, nominee.status_reason = Nominee.Status.WITHDRAWN, reason[:300]
    nominee.save(update_fields=["status", "status_reason"])
    log(nominee.selection, user, _("退出"), f"{nominee.name}：{reason}", nominee)


def quota_problems(selection: Selection) -> list[str]:
    active = selection.nominees.filter(status=Nominee.Status.ACTIVE)
    chosen = active.values_list("category__name", "unit__name")
    quotas = [rules.Quota(c.name, c.quota, c.quota_per_unit) for c in selection.categories.all()]
    return rules.quota_problems(chosen, quotas)


def window(selection: Selection) -> tuple[date, date] | None:
    """The 公示期, once the 公示 has opened."""
    if selection.publicity_start is None:
        return None
    holidays = parse_holidays(selection.publicity_holidays)
    return rules.publicity_window(selection.publicity_start, selection.publicity_days, holidays)


@transaction.atomic
def open_publicity(
    selection: Selection,
    start: date,
    user,
    *,
    days: int | None = None,
    holidays: str | None = None,
    contact: str | None = None,
) -> tuple[date, date]:
    """公示 for every nominee still in the selection: each must have passed every step before
    it, and the quotas must hold. `days`, `holidays` and `contact` change the window's terms."""
    selection = _locked(selection)
    if selection.status != Selection.Status.DRAFT:
        raise SelectionError(_("公示已经开始。"))
    steps = _steps(selection)
    publicity = next((s for s in steps if s.kind == Step.Kind.PUBLICITY), None)
    if publicity is None:
        raise SelectionError(_("这项评选没有“公示”步骤。"))
    before = steps[: steps.index(publicity)]
    active = list(selection.nominees.filter(status=Nominee.Status.ACTIVE))
    if not active:
        raise SelectionError(_("还没有推选中的人选。"))
    behind = [n.name for n in active if len(_passed(n, steps)) < len(before)]
    if behind:
        raise SelectionError(_("{n} 人尚未通过“{step}”：{names}").format(
            n=len(behind), step=before[-1].name, names="、".join(behind[:10])))  # fmt: skip
    problems = quota_problems(selection)
    if problems:
        raise SelectionError(_("超出名额：") + "；".join(problems))
    selection.publicity_start, selection.status = start, Selection.Status.PUBLICITY
    if days is not None:
        selection.publicity_days = days
    if holidays is not None:
        selection.publicity_holidays = holidays
    if contact is not None:
        selection.publicity_contact = clean_name(contact)[:300]
    selection.save()
    Passage.objects.bulk_create(
        Passage(nominee=n, step=publicity, on=start, by=user) for n in active
    )
    first, last = window(selection)
    log(selection, user, _("开始公示"), _("{first} 至 {last}，{n} 人").format(
        first=first, last=last, n=len(active)))  # fmt: skip
    return first, last


@transaction.atomic
def record_objection(nominee: Nominee, *, received_on: date, channel: str, content: str,
                     submitter: str, user) -> Objection:  # fmt: skip
    """An objection as received; outside the 公示期 it is recorded all the same, marked 逾期."""
    selection = _locked(nominee.selection)
    span = window(selection)
    if span is None:
        raise SelectionError(_("公示开始后才能登记异议。"))
    content, submitter = clean_text(content).strip(), clean_name(submitter)
    if not content or len(content) > 2000:
        raise SelectionError(_("请填写异议内容（2000 字以内）。"))
    if selection.real_name_objections and not submitter:
        raise SelectionError(_("本次评选实行实名反映：请填写反映人姓名。"))
    if channel not in Objection.Channel.values:
        raise SelectionError(_("请选择反映方式。"))
    objection = Objection.objects.create(
        nominee=nominee, received_on=received_on, channel=channel, content=content,
        submitter=submitter[:50], late=rules.is_late(received_on, span), recorded_by=user,
    )  # fmt: skip
    detail = f"{nominee.name}（{received_on}{'，逾期' if objection.late else ''}）"
    log(selection, user, _("登记异议"), detail, nominee)
    return objection


@transaction.atomic
def decide_objection(objection: Objection, upheld: bool, reason: str, user) -> None:
    """成立 or 不成立, with the reason; an upheld one takes the nominee out (取消, kept)."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    reason = " ".join(reason.split())
    if objection.finding:
        raise SelectionError(_("这条异议已经处理。"))
    if len(reason) < 2:
        raise SelectionError(_("请写明处理意见。"))
    objection.finding = Objection.Finding.UPHELD if upheld else Objection.Finding.REJECTED
    objection.reason, objection.handled_by = reason[:500], user
    objection.handled_at = timezone.now()
    objection.save(update_fields=["finding", "reason", "handled_by", "handled_at"])
    nominee = objection.nominee
    if upheld and nominee.status == Nominee.Status.ACTIVE:
        nominee.status = Nominee.Status.CANCELLED
        nominee.status_reason = _("异议成立：{reason}").format(reason=reason)[:300]
        nominee.save(update_fields=["status", "status_reason"])
    finding = objection.get_finding_display()
    log(nominee.selection, user, _("异议{finding}").format(finding=finding),
        f"{nominee.name}：{reason}", nominee)  # fmt: skip


def open_objections(selection: Selection):
    """Objections received in the 公示期 with no finding yet, on nominees still in it."""
    return Objection.objects.filter(
        nominee__selection=selection, nominee__status=Nominee.Status.ACTIVE,
        finding=Objection.Finding.OPEN, late=False,
    )  # fmt: skip


@transaction.atomic
def commend(selection: Selection, user, today: date | None = None) -> int:
    """统一表彰 for every nominee still in the selection, once the 公示期 is over and every
    objection has its finding; the results are final from then on."""
    selection = _locked(selection)
    if selection.status != Selection.Status.PUBLICITY:
        raise SelectionError(_("公示之后才能表彰。"))
    today = today or timezone.localdate()
    pending = open_objections(selection).values_list("nominee__name", flat=True)
    problems = rules.commend_problems(pending, window(selection)[1], today)
    if problems:
        raise SelectionError("；".join(problems))
    step = next(s for s in _steps(selection) if s.kind == Step.Kind.COMMEND)
    active = list(selection.nominees.filter(status=Nominee.Status.ACTIVE))
    Passage.objects.bulk_create(Passage(nominee=n, step=step, on=today, by=user) for n in active)
    selection.status, selection.commended_at = Selection.Status.COMMENDED, timezone.now()
    selection.save(update_fields=["status", "commended_at"])
    log(selection, user, _("统一表彰"), _("{n} 人").format(n=len(active)))
    return len(active)


@transaction.atomic
def reopen(selection: Selection, reason: str, user) -> None:
    """A commended selection back to 公示 for a correction, with the reason (logged)."""
    selection = _locked(selection)
    reason = " ".join(reason.split())
    if selection.status != Selection.Status.COMMENDED:
        raise SelectionError(_("只有已表彰的评选可以重新打开。"))
    if len(reason) < 2:
        raise SelectionError(_("请写明更正原因。"))
    Passage.objects.filter(nominee__selection=selection, step__kind=Step.Kind.COMMEND).delete()
    selection.status, selection.commended_at = Selection.Status.PUBLICITY, None
    selection.save(update_fields=["status", "commended_at"])
    log(selection, user, _("重新打开（更正）"), reason)


def commended(selection: Selection):
    """The final 表彰 list: nominees still in the selection that passed the 表彰 step."""
    commend_step = Q(passages__step__kind=Step.Kind.COMMEND)
    return (
        selection.nominees.filter(commend_step, status=Nominee.Status.ACTIVE)
        .annotate(commended_on=Max("passages__on", filter=commend_step))
        .select_related("unit", "category")
        .order_by("category__order", "unit__order", "id")
    )

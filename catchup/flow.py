"""Everything done to a plan or a task, each in one transaction and logged (PlanLog): the task
after a counted round, a unit's draft, its submission (the measures become a matter of the
事项台账, the unit's open tasks are filed), the organizer's review or return; how milestones and
tasks stand today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.text import clean_name, clean_text
from boards import values
from boards.models import Benchmark, Metric, MetricValue
from catchup import rules
from catchup.models import (
    CatchUpSettings,
    Milestone,
    MilestoneTarget,
    Plan,
    PlanLog,
    PlanMeasure,
    Task,
)
from followup import ledger
from followup.models import Matter
from series.models import Entrant, Round, Series


class PlanError(Exception):
    """Refused, with the reason in the office's words."""


def settings_for(series: Series) -> CatchUpSettings:
    return CatchUpSettings.objects.get_or_create(series=series)[0]


def log(series_id: int, action: str, detail: str = "", *, plan=None, task=None, user=None,
        entrant=None) -> None:  # fmt: skip
    account = user if user is not None and user.is_authenticated else None
    PlanLog.objects.create(series_id=series_id, plan=plan, task=task, user=account,
                           entrant=entrant, action=action, detail=detail[:500])  # fmt: skip


def on_round_counted(sender, *, series: Series, round: Round, snapshot, user=None, **kwargs):
    """series.standings.round_counted: the last units of the cumulative ranking get their
    "需提交赶超方案" task, once per round (a re-signed correction gives none again)."""
    config = settings_for(series)
    if not config.bottom:
        return
    ranks = {row["id"]: row["rank"] for row in snapshot.data["entrants"]}
    due = rules.task_due(round.contest.date, config.days)
    for entrant in Entrant.objects.filter(pk__in=rules.bottom(ranks, config.bottom)):
        task, made = Task.objects.get_or_create(
            entrant=entrant, round=round, defaults={"series": series, "due": due}
        )
        if made:
            log(series.pk, _("需提交赶超方案"), f"{entrant.name}：{due:%Y-%m-%d}", task=task,
                user=user)  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """What a unit writes in its plan (catchup/forms.py parses the form into this)."""

    title: str
    analysis: str
    benchmarks: list[Benchmark]
    measures: list[tuple[str, dt.date]]
    milestones: list[tuple[str, dt.date, list[tuple[Metric, str, Decimal]]]]


@transaction.atomic
def save_draft(entrant: Entrant, draft: Draft, plan: Plan | None = None) -> Plan:
    """A new plan, or a draft rewritten; a submitted plan is changed only after it is returned."""
    title = clean_name(draft.title)
    if not title or len(title) > 200:
        raise PlanError(_("请填写方案名称（200 字以内）。"))
    analysis = clean_text(draft.analysis).strip()
    if len(analysis) > 5000:
        raise PlanError(_("差距分析不超过 5000 字。"))
    if plan is None:
        plan = Plan.objects.create(series=entrant.series, entrant=entrant, title=title,
                                   analysis=analysis)  # fmt: skip
        action = _("新建方案")
    else:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != Plan.Status.DRAFT:
            raise PlanError(_("方案已提交，退回后才能修改。"))
        plan.title, plan.analysis = title, analysis
        plan.save(update_fields=["title", "analysis"])
        plan.measures.all().delete()
        plan.milestones.all().delete()
        action = _("修改方案")
    plan.benchmarks.set([b for b in draft.benchmarks if b.series_id == entrant.series_id])
    PlanMeasure.objects.bulk_create(
        PlanMeasure(plan=plan, order=i, text=text, deadline=deadline)
        for i, (text, deadline) in enumerate(draft.measures)
    )
    for i, (label, due, targets) in enumerate(draft.milestones):
        milestone = Milestone.objects.create(plan=plan, order=i, label=label, due=due)
        MilestoneTarget.objects.bulk_create(
            MilestoneTarget(milestone=milestone, metric=metric, comparator=comparator, value=value)
            for metric, comparator, value in targets
        )
    log(plan.series_id, action, title, plan=plan, entrant=entrant)
    return plan


@transaction.atomic
def submit(plan: Plan, entrant: Entrant) -> Plan:
    """已提交: the measures go into the 事项台账 as one matter (the unit responsible), and the
    unit's open tasks are filed with this plan."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.entrant_id != entrant.pk:
        raise PlanError(_("这不是本单位的方案。"))
    if plan.status != Plan.Status.DRAFT:
        raise PlanError(_("方案已提交。"))
    measures = list(plan.measures.all())
    if not measures:
        raise PlanError(_("请至少写一条赶超措施，再提交。"))
    if not plan.milestones.exists():
        raise PlanError(_("请至少写一个阶段目标，再提交。"))
    matter = Matter.objects.create(
        series_id=plan.series_id, kind=Matter.Kind.CATCH_UP, title=plan.title[:500],
        lead_entrant=entrant, goal=plan.analysis,
    )  # fmt: skip
    for measure in measures:
        ledger.add_measure(matter, text=measure.text, deadline=measure.deadline, units=[entrant])
    today = timezone.localdate()
    plan.status, plan.matter, plan.submitted_at = Plan.Status.SUBMITTED, matter, timezone.now()
    plan.save(update_fields=["status", "matter", "submitted_at"])
    log(plan.series_id, _("提交方案"), plan.title, plan=plan, entrant=entrant)
    for task in Task.objects.select_for_update().filter(entrant=entrant, plan__isnull=True):
        task.plan, task.filed_on = plan, today
        task.save(update_fields=["plan", "filed_on"])
        log(plan.series_id, _("已提交赶超方案"), f"{entrant.name}：{plan.title}", task=task,
            entrant=entrant)  # fmt: skip
    return plan


@transaction.atomic
def review(plan: Plan, user) -> None:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.SUBMITTED:
        raise PlanError(_("只能审核已提交的方案。"))
    plan.status, plan.reviewed_by, plan.reviewed_at = Plan.Status.REVIEWED, user, timezone.now()
    plan.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    log(plan.series_id, _("审核通过"), plan.title, plan=plan, user=user)


@transaction.atomic
def send_back(plan: Plan, reason: str, user) -> None:
    """退回 with a reason: the plan is a draft again, its matter 撤销 (kept in the ledger), the
    tasks it filed open again."""
    reason = " ".join(reason.split())
    if len(reason) < 2 or len(reason) > 300:
        raise PlanError(_("请写明退回原因（300 字以内）。"))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.DRAFT:
        raise PlanError(_("方案还没有提交。"))
    if plan.matter is not None:
        ledger.cancel(plan.matter, reason=_("方案退回：{reason}").format(reason=reason), user=user)
    for task in plan.tasks.select_for_update():
        task.plan, task.filed_on = None, None
        task.save(update_fields=["plan", "filed_on"])
    plan.status, plan.matter, plan.reviewed_by, plan.reviewed_at = (
        Plan.Status.DRAFT,
        None,
        None,
        None,
    )
    plan.save(update_fields=["status", "matter", "reviewed_by", "reviewed_at"])
    log(plan.series_id, _("退回方案"), reason, plan=plan, user=user)


def actual_at(metric: Metric, on: dt.date) -> Decimal | None:
    """The metric's actual as of a date: its latest value in a month up to it."""
    value = (
        MetricValue.objects.filter(metric=metric, period__lte=on.replace(day=1))
        .order_by("-period")
        .first()
    )
    if metric.mode == Metric.Mode.RANK:
        return Decimal(value.rank) if value and value.rank else None
    return values.resolved_actual(metric, value)


@dataclass(frozen=True)
class TargetCheck:
    target: MilestoneTarget
    actual: Decimal | None
    outcome: str

    @property
    def word(self) -> str:
        return rules.WORDS[self.outcome]


@dataclass(frozen=True)
class MilestoneCheck:
    milestone: Milestone
    targets: list[TargetCheck]

    @property
    def outcome(self) -> str:
        return rules.milestone_outcome(t.outcome for t in self.targets)

    @property
    def word(self) -> str:
        return rules.WORDS[self.outcome]


def milestones(plan: Plan, today: dt.date | None = None) -> list[MilestoneCheck]:
    """Each milestone with its targets checked against the actuals as of its date."""
    today = today or timezone.localdate()
    checks = []
    for milestone in plan.milestones.prefetch_related("targets__metric__board"):
        targets = []
        for target in milestone.targets.all():
            actual = actual_at(target.metric, milestone.due) if today >= milestone.due else None
            outcome = rules.target_outcome(target.comparator, target.value, milestone.due, today,
                                           actual)  # fmt: skip
            targets.append(TargetCheck(target, actual, outcome))
        checks.append(MilestoneCheck(milestone, targets))
    return checks


def task_light(task: Task, today: dt.date | None = None) -> str:
    return rules.task_light(task.due, today or timezone.localdate(), task.filed_on)

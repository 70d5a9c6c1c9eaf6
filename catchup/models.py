"""对标方案 / 赶超方案: a unit's plan to close its gaps — the benchmarks it measures itself against,
its analysis, its measures (followed in the 事项台账 as a matter), its staged milestones with
target values on metrics — and the "需提交赶超方案" task a series gives its last units after a
round counts. Every change is in PlanLog (append-only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from boards.models import Benchmark, Metric
from followup.models import Matter
from series.models import Entrant, Round, Series


class CatchUpSettings(models.Model):
    """A series' option: after each round counts, its last `bottom` units in the cumulative
    ranking must file a 赶超方案 within `days` days (off while bottom is 0)."""

    series = models.OneToOneField(Series, on_delete=models.CASCADE, related_name="catchup")
    bottom = models.PositiveSmallIntegerField(_("排名末位须提交赶超方案的单位数"), default=0)
    days = models.PositiveSmallIntegerField(_("提交期限（天）"), default=15)

    def __str__(self) -> str:
        return f"{self.series_id}: {self.bottom} / {self.days}"


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        REVIEWED = "reviewed", _("已审核")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="plans")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("方案名称"), max_length=200)
    benchmarks = models.ManyToManyField(Benchmark, blank=True, related_name="plans")
    analysis = models.TextField(_("差距分析"), max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # The measures, once submitted: a matter of the 事项台账, followed like a 交办.
    matter = models.OneToOneField(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="plan"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PlanMeasure(models.Model):
    """A measure as the unit drafts it; on submission each becomes a measure of the plan's
    matter in the 事项台账 (its deadline, light and 销号 from then on are the ledger's)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("措施"), max_length=500)
    deadline = models.DateField(_("时限"))

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Milestone(models.Model):
    """一年起步成势 / 三年基本达标 / 五年大见成效 (or any label and date), with target values."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("阶段"), max_length=30)
    due = models.DateField(_("时限"))

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class MilestoneTarget(models.Model):
    class Comparator(models.TextChoices):
        AT_LEAST = ">=", "≥"
        AT_MOST = "<=", "≤"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="targets")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    comparator = models.CharField(max_length=2, choices=Comparator, default=Comparator.AT_LEAST)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.comparator} {self.value}"


class Task(models.Model):
    """需提交赶超方案: given to a unit in the bottom of the cumulative ranking after a round;
    filed when the unit submits a plan (green), red once past its due date unfiled."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="catchup_tasks")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="catchup_tasks")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="catchup_tasks")
    due = models.DateField(_("提交时限"))
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    filed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entrant", "round"], name="catchup_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.entrant_id} · {self.due}"


class PlanLog(AppendOnly):
    """Append-only: what was done to a plan or a task, by an account or a unit's link."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="log"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.PROTECT, related_name="log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=100)
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

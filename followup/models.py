"""事项台账: matters, their measures with responsible units and deadlines, monthly updates,
what was said and assigned on stage, cards, and the audit of every status and date change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from contests.models import Contest, Contestant
from series.models import Entrant, Round, Series


class FollowupSettings(models.Model):
    """A series' follow-up rules: cards on or off, how long a 整改 may take, what a 红牌 means."""

    series = models.OneToOneField(Series, on_delete=models.CASCADE, related_name="followup")
    cards = models.BooleanField(
        _("蜗牛亮黄牌、红牌"), default=False, help_text=_("项目类参赛对象通常开启")
    )
    rectification_days = models.PositiveSmallIntegerField(_("整改期限（天）"), default=30)
    red_card_consequence = models.CharField(
        _("红牌后果"), max_length=200, blank=True, help_text=_("如：退出重点项目计划")
    )

    def __str__(self) -> str:
        return f"{self.series_id}"


class Matter(models.Model):
    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("重点指标")
        PROJECT = "project", _("重点项目")
        WORK = "work", _("重点工作")
        ASSIGNED = "assigned", _("现场交办")
        RECTIFICATION = "rectification", _("整改")
        CATCH_UP = "catch_up", _("赶超措施")  # a 赶超方案's measures (catchup/)

    class Status(models.TextChoices):
        OPEN = "open", _("推进中")
        CHECKING = "checking", _("待核销")
        CLOSED = "closed", _("已销号")
        CANCELLED = "cancelled", _("已撤销")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="matters")
    kind = models.CharField(_("类别"), max_length=14, choices=Kind, default=Kind.WORK)
    title = models.CharField(_("事项内容"), max_length=500)
    action = models.CharField(_("行动"), max_length=100, blank=True, help_text=_("如：全域美丽"))
    lead_leader = models.CharField(_("领办领导"), max_length=50, blank=True)
    lead_entrant = models.ForeignKey(
        Entrant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_matters",
        verbose_name=_("牵头单位"),
    )
    co_entrants = models.ManyToManyField(
        Entrant, blank=True, related_name="co_matters", verbose_name=_("配合单位")
    )
    goal = models.TextField(_("目标"), blank=True)
    # Origin: planned (none of these), assigned on stage (remark), or a 蜗牛 decision (card).
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.OPEN)
    cancel_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "id"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("未完成")
        DONE = "done", _("已完成待核")
        CLOSED = "closed", _("已销号")

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="measures")
    text = models.CharField(_("具体措施"), max_length=500)
    deadline = models.DateField(_("解决时限"))
    original_deadline = models.DateField(_("原时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status, default=Status.OPEN)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    evidence = models.TextField(_("完成情况"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.text

    def units(self) -> list[Entrant]:
        """Responsible units, 牵头 first."""
        return [
            link.entrant for link in self.responsible.select_related("entrant").order_by("order")
        ]


class Responsibility(models.Model):
    """A unit responsible for a measure; order 1 is 牵头."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsible")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="measures")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "entrant"], name="responsibility_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.entrant_id}"


class Extension(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("未同意")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="extensions")
    asked_on = models.DateField()
    new_deadline = models.DateField(_("延至"))
    reason = models.CharField(_("理由"), max_length=300)
    result = models.CharField(max_length=8, choices=Result, default=Result.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.measure_id} → {self.new_deadline}"


class Update(models.Model):
    """实现情况 of a matter for one period (a month: its first day)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="updates")
    period = models.DateField(_("月份"))
    progress = models.TextField(_("实现情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "period"], name="update_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.period:%Y-%m}"


class Remark(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("点评")
        QUESTION = "question", _("提问")
        ASSIGN = "assign", _("交办")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="remarks")
    # PROTECT: a presenter with remarks is withdrawn, never deleted with what was said (#29).
    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="remarks")
    speaker = models.CharField(_("发言人"), max_length=50, blank=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind, default=Kind.COMMENT)
    text = models.CharField(_("内容"), max_length=1000)
    matter = models.OneToOneField(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="remark"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Card(models.Model):
    class Colour(models.TextChoices):
        YELLOW = "yellow", _("黄牌")
        RED = "red", _("红牌")
        LIFTED = "lifted", _("已摘牌")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="cards")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="cards")
    issued_round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="cards_issued")
    colour = models.CharField(max_length=8, choices=Colour, default=Colour.YELLOW)
    matter = models.OneToOneField(Matter, on_delete=models.PROTECT, related_name="card")
    changed_round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="cards_changed"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["issued_round__number", "id"]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.entrant_id}"


FIELD_LABELS = {
    "status": _("状态"),
    "deadline": _("解决时限"),
    "done_on": _("完成日期"),
    "extension": _("延期申请"),
    "card": _("黄牌/红牌"),
    "presenter": _("汇报人"),
}


class FollowupAudit(AppendOnly):
    """Append-only: every status and date change of a matter, measure or card."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="followup_audit")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="audit")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    field = models.CharField(max_length=30)
    old = models.CharField(max_length=300, blank=True)
    new = models.CharField(max_length=300, blank=True)
    note = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # when a unit acted through its link
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

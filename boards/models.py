"""晒比 boards: metrics (指标) with targets, their monthly values and lights, and pledges
(亮目标 / 军令状) checked at their due date. Called 指标 on boards; the per-contest scores are
指标评分 in the UI, so the two never mix."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from contests.models import Contestant
from series.models import Entrant, Round, Series


class Board(models.Model):
    class Kind(models.TextChoices):
        PEER_RANK = "peer_rank", _("位次榜（在同类地区中的位次，如省考、市考）")
        INTERNAL = "internal", _("综合评价榜（本地各单位的完成情况）")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("榜单"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind, default=Kind.INTERNAL)
    order = models.PositiveIntegerField(default=0)
    ratio_green = models.DecimalField(
        _("完成率绿灯线（%）"), max_digits=6, decimal_places=2, default=Decimal(100)
    )
    ratio_yellow = models.DecimalField(
        _("完成率黄灯线（%）"), max_digits=6, decimal_places=2, default=Decimal(90)
    )
    difference_yellow = models.DecimalField(
        _("差值黄灯线（百分点）"), max_digits=6, decimal_places=2, default=Decimal("-1.00")
    )
    public = models.BooleanField(_("公开"), default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="board_unique_name")]

    def __str__(self) -> str:
        return self.name


class Metric(models.Model):
    class Direction(models.TextChoices):
        UP = "up", _("正向")
        DOWN = "down", _("逆向")

    class Mode(models.TextChoices):
        RATIO = "ratio", _("完成率")
        DIFFERENCE = "difference", _("差值")
        RANK = "rank", _("位次")

    class Frequency(models.TextChoices):
        MONTH = "month", _("月")
        QUARTER = "quarter", _("季")
        YEAR = "year", _("年")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="metrics")
    code = models.CharField(_("指标编号"), max_length=30)
    name = models.CharField(_("指标名称"), max_length=200)
    action = models.CharField(_("行动"), max_length=100, blank=True)
    lead_leader = models.CharField(_("领办领导"), max_length=50, blank=True)
    lead_entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="led_metrics"
    )
    co_entrants = models.ManyToManyField(Entrant, blank=True, related_name="co_metrics")
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    direction = models.CharField(_("方向"), max_length=4, choices=Direction, default=Direction.UP)
    mode = models.CharField(_("方式"), max_length=10, choices=Mode, default=Mode.RATIO)
    frequency = models.CharField(
        _("频次"), max_length=8, choices=Frequency, default=Frequency.MONTH
    )
    cumulative = models.BooleanField(_("累计值"), default=False)
    annual_target = models.DecimalField(
        _("年度目标"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    stretch_target = models.DecimalField(
        _("力争目标"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    peer_group = models.CharField(_("对比范围"), max_length=100, blank=True)
    source = models.CharField(_("数据来源"), max_length=100, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=Decimal(1))

    class Meta:
        ordering = ["board__order", "code"]
        constraints = [models.UniqueConstraint(fields=["board", "code"], name="metric_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MetricValue(models.Model):
    """One period's value of a metric (period: the month's first day)."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(_("月份"))
    actual = models.DecimalField(
        _("本期实际"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    cumulative_actual = models.DecimalField(
        _("累计实际"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("本期目标"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("位次"), null=True, blank=True)
    field = models.PositiveIntegerField(_("参评总数"), null=True, blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    source = models.CharField(_("数据来源"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_by_entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed = models.BooleanField(_("已审核"), default=False)
    # Changed after its month was published: marked 已更正; what it was stays in the audit.
    corrected = models.BooleanField(_("已更正"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "period"], name="metric_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.period:%Y-%m}"


class Benchmark(models.Model):
    """对标对象: a named peer (宜宾市翠屏区), or a peer group's best or average (全省山区26县第一 /
    平均), with values per metric and month (BenchmarkValue). The first in order that is not a
    group's best is the one a board compares with; the best of all is 最优."""

    class Kind(models.TextChoices):
        PEER = "peer", _("对标对象")
        BEST = "best", _("同类最优")
        AVERAGE = "average", _("同类平均")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="benchmarks")
    name = models.CharField(_("对标对象"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind, default=Kind.PEER)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="benchmark_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class BenchmarkValue(models.Model):
    """A benchmark's value of a metric in a month (period: the month's first day), audited."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="benchmark_values")
    period = models.DateField(_("期间"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "period", "benchmark__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "metric", "period"], name="benchmark_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benchmark_id} {self.metric_id} {self.period:%Y-%m}"


class Publication(models.Model):
    """A month of a series' boards made public (the 月度晒比通报 goes out); withdrawn, not
    deleted. Public pages show published months only."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="board_months")
    period = models.DateField(_("月份"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["series", "period"], name="board_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.period:%Y-%m}"


class Pledge(models.Model):
    """亮目标 / 军令状: what a unit's head promised on stage, checked at the due date."""

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", "≥"
        AT_MOST = "<=", "≤"
        DONE = "done", _("完成")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="pledges")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="pledges")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    contestant = models.ForeignKey(
        Contestant, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    text = models.CharField(_("承诺内容"), max_length=500)
    original_text = models.CharField(max_length=500, blank=True)
    metric = models.ForeignKey(
        Metric, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    comparator = models.CharField(
        _("比较"), max_length=4, choices=Comparator, default=Comparator.AT_LEAST
    )
    assured = models.DecimalField(
        _("确保值"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    stretch = models.DecimalField(
        _("力争值"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    due = models.DateField(_("时限"))
    actual = models.DecimalField(_("实际"), max_digits=14, decimal_places=4, null=True, blank=True)
    completed = models.BooleanField(_("已完成"), null=True, blank=True)
    evidence = models.TextField(_("完成情况"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class BoardAudit(AppendOnly):
    """Append-only: every change of a value, a benchmark's value or a pledge, who made it
    (account or unit link)."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="board_audit")
    value = models.ForeignKey(
        MetricValue, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    benchmark_value = models.ForeignKey(
        BenchmarkValue, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    field = models.CharField(max_length=30)
    old = models.CharField(max_length=500, blank=True)
    new = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"

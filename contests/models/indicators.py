"""指标评分: the items an organizer scores per presenter (晒比 indicator tables, 三考三比 tasks)
and the values entered for them. They are part of the setup that moves results
(contests/changelog.py); scoring reads them to rank (scoring/indicators.py)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contests.models.contest import Contest
from contests.models.people import Contestant


class Indicator(models.Model):
    """An objective measure the organizer enters per contestant (晒比 indicator tables), called
    指标评分 in the UI: 指标 alone is a board's metric (boards/)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("指标评分项"), max_length=100)
    max_score = models.DecimalField(_("满分"), max_digits=8, decimal_places=2)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=Decimal(1))
    order = models.PositiveIntegerField(default=0)

    class Dimension(models.TextChoices):
        """三考三比: 考速度比能力 / 考力度比实绩 / 考尺度比作风 (names: Contest.dimension_names)."""

        SPEED = "speed", _("速度")
        FORCE = "force", _("力度")
        STYLE = "style", _("尺度")

    dimension = models.CharField(_("维度"), max_length=8, choices=Dimension, blank=True, default="")

    class Scope(models.TextChoices):
        COMMON = "common", _("共性")
        OWN = "own", _("个性")

    scope = models.CharField(_("适用范围"), max_length=8, choices=Scope, default=Scope.COMMON)
    # 个性 (X) tasks apply to these presenters only: the others' cells are blank and locked.
    contestants = models.ManyToManyField(
        Contestant, blank=True, related_name="own_indicators", verbose_name=_("适用的汇报人")
    )

    class Meta:
        db_table = "scoring_indicator"  # made by scoring; moved here with its table (#31)
        ordering = ["order", "id"]
        verbose_name = _("指标评分项")
        verbose_name_plural = _("指标评分项")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name"],
                name="indicator_unique_name",
                violation_error_message=_("本场已有同名指标。"),
            ),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_positive"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="indicator_weight_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def listed_presenters(contest: Contest) -> dict[int, set[int]]:
        """Each 个性 (X) item of the contest with the presenters it applies to, by item id."""
        listed: dict[int, set[int]] = {}
        for indicator_id, contestant_id in Indicator.contestants.through.objects.filter(
            indicator__contest=contest
        ).values_list("indicator_id", "contestant_id"):
            listed.setdefault(indicator_id, set()).add(contestant_id)
        return listed

    @property
    def dimension_label(self) -> str:
        """The dimension as the contest names it, or ""."""
        if not self.dimension:
            return ""
        index = list(self.Dimension.values).index(self.dimension)
        return self.contest.dimension_names()[index]

    @property
    def scope_label(self) -> str:
        """共性, or 个性 with the presenters it applies to."""
        if self.scope == self.Scope.COMMON:
            return str(self.Scope.COMMON.label)
        names = "、".join(c.unit or c.name for c in self.contestants.all())
        return f"{self.Scope.OWN.label}：{names or '—'}"


class IndicatorScore(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="indicator_scores"
    )
    value = models.DecimalField(max_digits=8, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "scoring_indicatorscore"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "contestant"], name="indicator_score_unique"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_score_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.contestant_id}={self.value}"

"""A 赛马 series: entrants that persist across rounds, each round a contest, the standings over
the signed rounds as versioned snapshots, their sign-off, publication and log (docs/series.md)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arena.records import ResultsLog, Signature, Snapshot
from contests.models import Contest, Contestant, new_screen_token


def new_entrant_token() -> str:
    return secrets.token_urlsafe(24)


class Series(models.Model):
    class Cadence(models.TextChoices):
        MONTH = "month", _("月")
        BIMONTH = "bimonth", _("双月")
        QUARTER = "quarter", _("季")
        HALF = "half", _("半年")
        YEAR = "year", _("年")
        IRREGULAR = "irregular", _("不定期")

    class Method(models.TextChoices):
        MEAN = "mean", _("各期总分平均")
        WEIGHTED_MEAN = "weighted_mean", _("各期总分按权重加权平均")
        RANK_POINTS = "rank_points", _("名次积分（该期参赛数 − 名次 + 1）")

    class AwardRule(models.TextChoices):
        NONE = "none", _("不评")
        QUOTA = "quota", _("按名次（每组配额）")
        THRESHOLD = "threshold", _("按分数线")
        MANUAL = "manual", _("组织者指定（须写理由）")

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("所属组织"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="series",
        verbose_name=_("创建人"),
    )
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    cadence = models.CharField(_("周期"), max_length=10, choices=Cadence, default=Cadence.QUARTER)
    level = models.CharField(
        _("层级"), max_length=16, choices=Contest.Level, default=Contest.Level.CITY
    )
    method = models.CharField(_("累计方法"), max_length=16, choices=Method, default=Method.MEAN)
    minimum_rounds = models.PositiveSmallIntegerField(
        _("最少参赛期数"), default=1, help_text=_("参赛期数少于此数的单位列出但不排名")
    )
    red_rule = models.CharField(
        _("红旗评定"), max_length=10, choices=AwardRule, default=AwardRule.QUOTA
    )
    red_count = models.PositiveSmallIntegerField(
        _("红旗：前几名"), default=1, help_text=_("按名次评定时；分组配额在分组里设")
    )
    red_threshold = models.DecimalField(
        _("红旗分数线（≥）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    snail_rule = models.CharField(
        _("蜗牛评定"), max_length=10, choices=AwardRule, default=AwardRule.QUOTA
    )
    snail_count = models.PositiveSmallIntegerField(_("蜗牛：后几名"), default=1)
    snail_threshold = models.DecimalField(
        _("蜗牛分数线（<）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    awards_by_group = models.BooleanField(
        _("按分组配额评奖"), default=False, help_text=_("开启后每组按该组的配额评定红旗和蜗牛")
    )
    flag_by_group = models.BooleanField(_("流动红旗按分组各一面"), default=False)
    points_first = models.PositiveSmallIntegerField(
        _("折算分：第 1 名"), default=100, help_text=_("结果运用的名次折算分")
    )
    points_step = models.DecimalField(
        _("折算分：每名递减"), max_digits=5, decimal_places=2, default=Decimal(1)
    )
    screen_token = models.CharField(max_length=32, unique=True, default=new_screen_token)
    publicity_text = models.TextField(_("公示说明"), blank=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    publicity_holidays = models.TextField(
        _("公示期内的节假日"), blank=True, help_text=_("每行一个日期，如 2026-10-01")
    )
    publicity_contact = models.CharField(_("异议受理"), max_length=300, blank=True)
    published_snapshot = models.ForeignKey(
        "SeriesSnapshot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("赛马系列")
        verbose_name_plural = _("赛马系列")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id is None:  # made outside the pages (commands, tests, imports)
            from orgs.access import personal_organisation

            self.organisation = personal_organisation(self.owner)
        super().save(*args, **kwargs)


class SeriesGroup(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("组名"), max_length=100)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    red_quota = models.PositiveSmallIntegerField(_("红旗配额"), default=1)
    snail_quota = models.PositiveSmallIntegerField(_("蜗牛配额"), default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="series_group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Entrant(models.Model):
    """The unit that persists across rounds (市商务局); the person on stage changes."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        COUNTY = "county", _("县（市、区）")
        TOWNSHIP = "township", _("镇街")
        VILLAGE = "village", _("村（社区）")
        PROJECT = "project", _("项目")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="entrants")
    name = models.CharField(_("单位"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind, default=Kind.DEPARTMENT)
    group = models.ForeignKey(
        SeriesGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrants",
        verbose_name=_("分组"),
    )
    former_names = models.TextField(
        _("曾用名"), blank=True, help_text=_("机构改革前的名称，每行一个；导入和匹配时认作同一单位")
    )
    leader_name = models.CharField(_("一把手"), max_length=50, blank=True)
    leader_title = models.CharField(_("职务"), max_length=100, blank=True)
    active = models.BooleanField(_("参赛中"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_entrant_token, editable=False)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("参赛单位")
        verbose_name_plural = _("参赛单位")
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="entrant_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        """Every name the unit goes by: its own, then its former names."""
        return [
            self.name,
            *(line.strip() for line in self.former_names.splitlines() if line.strip()),
        ]


class Round(models.Model):
    """One period (期) of a series; the contest is the round."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("期数"))
    label = models.CharField(_("名称"), max_length=50, help_text=_("如 2026年第一季度、3月"))
    period_start = models.DateField(_("考核期起"), null=True, blank=True)
    period_end = models.DateField(_("考核期止"), null=True, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=Decimal(1))
    # PROTECT: a round's contest can only go when the round goes first.
    contest = models.OneToOneField(Contest, on_delete=models.PROTECT, related_name="series_round")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="round_unique_number"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="round_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 期 {self.label}"


class Participation(models.Model):
    """Which entrant a round's presenter stands for; an entrant appears once per round."""

    contestant = models.OneToOneField(
        Contestant, on_delete=models.CASCADE, related_name="participation"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="participations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entrant"], name="participation_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round.number}: {self.entrant_id}"


class SeriesSnapshot(Snapshot):
    """The standings over the signed rounds, one version per change of their content."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="snapshots")
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="series_snapshot_version")
        ]

    def __str__(self) -> str:
        return f"{self.series_id} v{self.version}"


class SeriesSignOff(Signature):
    """审核 / 监督 of one standings version, by two different accounts; kept when revoked."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="signoffs")
    snapshot = models.ForeignKey(SeriesSnapshot, on_delete=models.PROTECT, related_name="signoffs")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class SeriesEvent(ResultsLog):
    """Append-only log of what happened to the series' results."""

    class Action(models.TextChoices):
        ROUND_COUNTED = "counted", _("一期计入")
        ROUND_CORRECTING = "correcting", _("一期更正中")
        SIGN_OFF = "sign_off", _("签字")
        REVOKE = "revoke", _("撤回签字")
        PUBLISH = "publish", _("公布")
        UNPUBLISH = "unpublish", _("撤回公布")
        AWARD = "award", _("评奖")
        SETTINGS = "settings", _("设置")
        LINK = "link", _("关联单位")

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=12, choices=Action)


class AwardDecision(models.Model):
    """A 红旗 or 蜗牛 named by the organizer (the manual rule), with its reason; revoked, never
    deleted."""

    class Award(models.TextChoices):
        RED_FLAG = "red_flag", _("红旗")
        SNAIL = "snail", _("蜗牛")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="award_decisions")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="award_decisions")
    award = models.CharField(max_length=10, choices=Award)
    reason = models.CharField(_("理由"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_award_display()} {self.entrant_id} @{self.round_id}"


class Consequence(models.Model):
    """结果运用: what a unit's standing in the series leads to, as tags and a note."""

    class Tag(models.TextChoices):
        PRAISE = "praise", _("通报表扬")
        SUPERVISION = "supervision", _("列入督查跟踪")
        FUNDING = "funding", _("资金挂钩")
        COMMENDATION = "commendation", _("评优评先")
        PROMOTION = "promotion", _("干部选拔推荐")
        PERFORMANCE = "performance", _("年终绩效")

    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="consequences")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="consequences"
    )
    tag = models.CharField(_("结果运用"), max_length=12, choices=Tag)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_tag_display()} {self.entrant_id}"

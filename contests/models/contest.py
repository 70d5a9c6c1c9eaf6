"""The contest: what it is, how it ranks, its screens' address, its publication (its live state
is contests/models/live.py)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_screen_token() -> str:
    """The public screens' link: unguessable, so draft contests cannot be found by counting."""
    return secrets.token_urlsafe(12)


def new_judge_token() -> str:
    """256 random bits, URL-safe: a judge's only credential, so it must not be guessable."""
    return secrets.token_urlsafe(32)


class Contest(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("县（市、区）级")
        TOWNSHIP = "township", _("乡镇（街道）级")

    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        LIVE = "live", _("进行中")
        CLOSED = "closed", _("评分已结束")
        # 审核 and 监督 are two signatures by two accounts: one of them is 签字中, both 已签字.
        SIGNED_OFF = "signed_off", _("签字中")
        SIGNED = "signed", _("已签字")
        PUBLISHED = "published", _("已公示")

    # From the first signature on: results pinned, setup locked, totals shown everywhere.
    SIGNED_STATUSES = frozenset({Status.SIGNED_OFF, Status.SIGNED, Status.PUBLISHED})

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("算术平均")
        TRIMMED = "trimmed", _("去掉最高分最低分后平均")
        MEDIAN = "median", _("中位数")

    class ScoreStep(models.TextChoices):
        ONE = "1", _("1 分")
        HALF = "0.5", _("0.5 分")
        TENTH = "0.1", _("0.1 分")

    class Kind(models.TextChoices):
        DIRECTOR = "director", _("局长擂台赛")
        SECRETARY = "secretary", _("书记擂台赛")
        SHOWCASE = "showcase", _("晒比会")
        HORSE_RACE = "horse_race", _("赛马会")
        REPORT = "report", _("工作汇报会")
        PLEDGE = "pledge", _("表态会")
        BENCHMARK = "benchmark", _("对标交流会")
        EXPERT_REVIEW = "expert_review", _("专家评审")

    # Whoever runs it: its members' roles decide who sees and does what (orgs/access.py).
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="contests",
        verbose_name=_("所属组织"),
    )
    # Kept for the record: who created it (the organisation's members run it).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contests",
        verbose_name=_("创建人"),
    )
    kind = models.CharField(_("活动类型"), max_length=16, choices=Kind, default=Kind.DIRECTOR)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    organizer_name = models.CharField(_("主办单位"), max_length=200, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level, default=Level.CITY)
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.DRAFT)
    minutes_per_speaker = models.PositiveSmallIntegerField(
        _("每人发言时长（分钟）"), default=8, validators=[MinValueValidator(1)]
    )
    score_step = models.CharField(
        _("评分步长"), max_length=4, choices=ScoreStep, default=ScoreStep.HALF
    )
    aggregation = models.CharField(
        _("评委分汇总方式"), max_length=16, choices=Aggregation, default=Aggregation.TRIMMED
    )
    trim_count = models.PositiveSmallIntegerField(
        _("去掉最高、最低分各几个"), default=1, help_text=_("仅在“去掉最高分最低分”时使用")
    )
    standardise_judges = models.BooleanField(
        _("评委分标准化"), default=False, help_text=_("按评委打分尺度做 Z 分数校正，抵消偏松或偏严")
    )
    judge_weight = models.DecimalField(
        _("评委评分权重（%）"), max_digits=5, decimal_places=2, default=Decimal(100)
    )
    indicator_weight = models.DecimalField(
        _("指标得分权重（%）"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    break_ties_by_criteria = models.BooleanField(
        _("同分时按评分项依次比较"), default=True, help_text=_("关闭则同分直接并列")
    )

    class Composite(models.TextChoices):
        """How 指标评分 items add up (三考三比, docs/scoring.md §6)."""

        SUM = "sum", _("得分相加")
        PERCENT = "percent", _("得分率（Σ得分 ÷ Σ满分 × 100）")

    indicator_composite = models.CharField(
        _("指标评分合成方式"), max_length=8, choices=Composite, default=Composite.SUM
    )
    indicator_total = models.DecimalField(
        _("每位汇报人满分合计"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("“得分相加”且设有个性任务时，每位汇报人共性与个性任务满分之和须等于此数"),
    )
    weak_below_percent = models.PositiveSmallIntegerField(
        _("偏科线（%）"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("某项得分低于其满分的这一比例即为偏科"),
    )
    dimension_labels = models.CharField(
        _("三个维度的名称"),
        max_length=40,
        default="速度/力度/尺度",
        validators=[
            RegexValidator(
                r"^[^/]{1,10}/[^/]{1,10}/[^/]{1,10}$",
                _("请填写三个名称，用“/”分隔，每个不超过 10 个字。"),
            )
        ],
        help_text=_("用“/”分隔，依次对应考速度比能力、考力度比实绩、考尺度比作风"),
    )
    draw_seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    screen_token = models.CharField(max_length=32, unique=True, default=new_screen_token)
    show_totals = models.BooleanField(
        _("赛中公开总分"),
        default=False,
        help_text=_("关闭时大屏和观众只看到评分进度，审核后再公布分数"),
    )
    judges_see_leaderboard = models.BooleanField(
        _("评委可查看排行榜"), default=False, help_text=_("默认关闭，避免影响评委独立打分")
    )
    red_flag_count = models.PositiveSmallIntegerField(
        _("红旗：前几名"), default=0, help_text=_("0 表示不评红旗；并列者一同获得")
    )
    snail_count = models.PositiveSmallIntegerField(
        _("蜗牛奖：后几名"), default=0, help_text=_("0 表示不评蜗牛奖；并列者一同获得")
    )
    awards_by_group = models.BooleanField(
        _("按汇报人分组分别评奖"), default=False, help_text=_("关闭则按总排名评奖")
    )
    reveal_from_bottom = models.BooleanField(
        _("最终揭晓从最后一名开始"), default=True, help_text=_("关闭则一次显示全部排名")
    )
    report_judge_names = models.BooleanField(
        _("报告中显示评委姓名"), default=False, help_text=_("默认以“评委1、评委2……”代替姓名")
    )
    publicity_text = models.TextField(
        _("公示说明"), blank=True, help_text=_("如公示期、监督电话，显示在公示页面上")
    )
    publicity_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    publicity_holidays = models.TextField(
        _("公示期内的节假日"), blank=True, help_text=_("每行一个日期，如 2026-10-01")
    )
    publicity_contact = models.CharField(
        _("异议受理"),
        max_length=300,
        blank=True,
        help_text=_("如：书面实名向市委督查室反映，电话 …"),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("擂台赛")
        verbose_name_plural = _("擂台赛")
        constraints = [
            models.CheckConstraint(
                condition=Q(judge_weight__gte=0) & Q(indicator_weight__gte=0),
                name="contest_weights_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(judge_weight__gt=0) | Q(indicator_weight__gt=0),
                name="contest_some_weight_positive",
            ),
            models.CheckConstraint(
                condition=Q(indicator_total__gt=0), name="contest_indicator_total_positive"
            ),
            models.CheckConstraint(
                condition=Q(weak_below_percent__lte=100), name="contest_weak_below_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.organisation_id is None:  # made outside the pages (commands, tests, imports)
            from orgs.access import personal_organisation

            self.organisation = personal_organisation(self.owner)
        created = self.pk is None  # also a copy (contests/setup.py): it starts with a fresh state
        super().save(*args, **kwargs)
        if created:
            from contests.models.live import LiveState

            LiveState.objects.create(contest=self)

    def get_absolute_url(self) -> str:
        return reverse("organizer:contest_basics", args=[self.pk])

    DEFAULT_DIMENSIONS = ("速度", "力度", "尺度")

    def dimension_names(self) -> tuple[str, str, str]:
        """The three 三考三比 dimensions as this contest names them (dimension_labels)."""
        names = [part.strip() for part in self.dimension_labels.split("/")]
        if len(names) != 3 or not all(names):
            return self.DEFAULT_DIMENSIONS
        return (names[0], names[1], names[2])

    @property
    def is_editable(self) -> bool:
        """Setup may change until results are signed off."""
        return self.status in {self.Status.DRAFT, self.Status.LIVE, self.Status.CLOSED}

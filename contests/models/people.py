"""What a contest is set up with: its criteria, presenters and judges in their groups, and the
log of setup changes that move results."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from arena.seal import Sealed, SealField
from contests.models.contest import Contest, new_judge_token


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=100)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=Decimal(1))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name"],
                name="criterion_unique_name",
                violation_error_message=_("本场已有同名评分项。"),
            ),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="criterion_weight_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ContestantGroup(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="contestant_groups")
    name = models.CharField(_("组名"), max_length=100)
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("汇报人分组")
        verbose_name_plural = _("汇报人分组")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name"],
                name="contestant_group_unique_name",
                violation_error_message=_("本场已有同名汇报人分组。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TakingPart(models.QuerySet):
    """Judges or presenters, with the one question every count and list asks of them."""

    def taking_part(self) -> "TakingPart":
        """Not withdrawn (退出): withdrawn rows stay in the records but count for nothing."""
        return self.filter(withdrawn_at__isnull=True)


class Contestant(models.Model):
    class Scoring(models.TextChoices):
        PENDING = "pending", _("未开始")
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("评分已截止")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="contestants")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    unit = models.CharField(_("单位"), max_length=200)
    group = models.ForeignKey(
        ContestantGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contestants",
        verbose_name=_("分组"),
    )
    order = models.PositiveIntegerField(_("出场顺序"))
    topic = models.CharField(_("汇报主题"), max_length=300, blank=True)
    photo = models.ImageField(_("照片"), upload_to="contestants/", blank=True)
    scoring = models.CharField(
        _("评分状态"), max_length=10, choices=Scoring, default=Scoring.PENDING
    )
    # Withdrawn (退出), never deleted once sheets exist: no rank, no scoring, kept in the
    # records; contests.setup.withdraw logs it in the setup change log.
    withdrawn_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("退出原因"), max_length=200, blank=True)

    objects = TakingPart.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("汇报人")
        verbose_name_plural = _("汇报人")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "order"],
                name="contestant_unique_order",
                violation_error_message=_("出场顺序重复。"),
            ),
            models.UniqueConstraint(
                fields=["contest", "name", "unit"],
                name="contestant_unique_name_unit",
                violation_error_message=_("本场已有同单位同名的汇报人。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class JudgeGroup(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judge_groups")
    name = models.CharField(_("组名"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3, default=Decimal(1))
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("评委分组")
        verbose_name_plural = _("评委分组")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name"],
                name="judge_group_unique_name",
                violation_error_message=_("本场已有同名评委分组。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="judge_group_weight_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def same_unit(judge_unit: str, contestant_unit: str) -> bool:
    """A judge never scores the head of the judge's own unit (automatic 回避)."""
    return bool(judge_unit.strip()) and judge_unit.strip() == contestant_unit.strip()


class Judge(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judges")
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位"), max_length=200, blank=True)
    group = models.ForeignKey(
        JudgeGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="judges",
        verbose_name=_("分组"),
    )
    order = models.PositiveIntegerField(_("编号"), default=0)
    token = models.CharField(max_length=64, unique=True, default=new_judge_token, editable=False)
    token_created_at = models.DateTimeField(auto_now_add=True)
    # 签到: the first time the judge opened their link (the console shows who has not).
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True, editable=False)
    # Withdrawn (退出): the judge's sheets no longer count and the link no longer scores.
    withdrawn_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("退出原因"), max_length=200, blank=True)

    objects = TakingPart.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("评委")
        verbose_name_plural = _("评委")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name", "unit"],
                name="judge_unique_name_unit",
                violation_error_message=_("本场已有同单位同名的评委。"),
            ),
            models.CheckConstraint(
                condition=Q(token__regex=r"^[A-Za-z0-9_-]{22,}$"),  # noqa: S106 - a pattern
                name="judge_token_long",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def regenerate_token(self) -> None:
        """Replace the secret; the old link stops working at once."""
        self.token = new_judge_token()
        self.save(update_fields=["token"])

    def get_scoring_url(self) -> str:
        return reverse("judge:home", args=[self.token])


class SetupChange(Sealed, AppendOnly):
    """Append-only log of changes to the setup that moves results (contests/changelog.py).

    The first entry of a contest is its baseline, written when it first goes live."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="setup_changes")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    summary = models.CharField(_("操作"), max_length=300)
    changes = models.JSONField()  # {path: [old, new]}; None is "absent"
    seal = SealField()  # last: arena/seal.py

    SEALED = ("contest", "at", "user", "summary", "changes")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("设置变更")
        verbose_name_plural = _("设置变更")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"


class Recusal(models.Model):
    """A conflict of interest (回避) the organizer marked beyond the judge's own unit."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(
        Judge, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("评委")
    )
    contestant = models.ForeignKey(
        Contestant, on_delete=models.CASCADE, related_name="recusals", verbose_name=_("汇报人")
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        db_table = "scoring_recusal"  # made by scoring; moved here with its table (#31)
        ordering = ["id"]
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "contestant"],
                name="recusal_unique",
                violation_error_message=_("已标记过这条回避。"),
            ),
        ]

    def __str__(self) -> str:
        return _("{judge} 回避 {contestant}").format(judge=self.judge, contestant=self.contestant)

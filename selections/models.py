"""评选: a selection run in steps (评五星 七步走, 最佳实践案例), its nominees, the objections raised
in its 公示期, and the log of everything done to it (selections/flow.py writes every change)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from arena.lib.private_files import private_storage, random_path
from orgs.models import Organisation

# A case selection (000: 「最佳实践案例」评选): units put cases forward, the office checks them,
# experts score them in an offline review (a contest of the 专家评审 kind), then 公示 and 表彰.
CASE_STEPS = [
    ("单位申报", {"needs_note": True}),
    ("资格审核", {"kind": "review"}),
    ("专家评审", {"kind": "expert"}),
    ("结果公示", {"kind": "publicity"}),
    ("统一表彰", {"kind": "commend"}),
]
# The seven steps of 评五星 (003: 「七步走」); each may ask for a date, a number, a vote or a note.
SEVEN_STEPS = [
    ("走访调查摸底", {"needs_note": True}),
    ("党员群众推荐", {"needs_number": True, "number_label": "推荐人数"}),
    ("党员社员代表大会研究", {"needs_date": True, "needs_vote": True}),
    ("村两委考察", {"needs_note": True}),
    ("镇活动领导小组办公室审核", {"kind": "review"}),
    ("结果公示", {"kind": "publicity"}),
    ("统一表彰", {"kind": "commend"}),
]
FIVE_STARS = ["育才之星", "勤劳致富之星", "党员干部之星", "孝德之星", "最美家庭之星"]


def passage_file(_passage, filename: str) -> str:
    return random_path("selections", filename)


def new_public_token() -> str:
    return secrets.token_urlsafe(16)


class Selection(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("推选中")
        PUBLICITY = "publicity", _("公示中")
        COMMENDED = "commended", _("已表彰")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="selections", verbose_name=_("组织")
    )
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    real_name_objections = models.BooleanField(
        _("异议须实名"), default=True, help_text=_("开启时登记异议须写明反映人姓名")
    )
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    publicity_holidays = models.TextField(
        _("公示期内的节假日"), blank=True, help_text=_("每行一个日期，如 2026-10-01")
    )
    publicity_contact = models.CharField(_("异议受理"), max_length=300, blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token)
    commended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("评选")
        verbose_name_plural = _("评选")

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """One step of a selection, in order. A plain step is passed per nominee with what it asks
    for; 审核 only by a 审核人; 专家评审 takes a signed offline review's ranking for all at once;
    公示 opens for all at once; 表彰 ends the selection."""

    class Kind(models.TextChoices):
        PLAIN = "", _("一般")
        REVIEW = "review", _("审核")
        EXPERT = "expert", _("专家评审")
        PUBLICITY = "publicity", _("公示")
        COMMEND = "commend", _("表彰")

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("步骤"), max_length=50)
    kind = models.CharField(max_length=10, choices=Kind, blank=True, default=Kind.PLAIN)
    needs_date = models.BooleanField(_("须填日期"), default=False)
    needs_number = models.BooleanField(_("须填人数"), default=False)
    number_label = models.CharField(max_length=20, blank=True)
    needs_vote = models.BooleanField(_("须填表决"), default=False)
    needs_note = models.BooleanField(_("须填说明"), default=False)
    needs_attachment = models.BooleanField(_("须附材料"), default=False)
    # 专家评审: the offline-review contest whose signed ranking this step records.
    contest = models.ForeignKey(
        "contests.Contest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "order"], name="step_order_once")
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A category (e.g. 育才之星) with its optional quotas: in all, and per unit."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("类别"), max_length=50)
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    quota_per_unit = models.PositiveIntegerField(_("每单位名额"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="category_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A participating unit (a village, a department)."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="units")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("单位"), max_length=100)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["selection", "name"], name="unit_name_once")]

    def __str__(self) -> str:
        return self.name


class Nominee(models.Model):
    """A person or a case put forward; withdrawn or 取消 rows stay, with their reason."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("推选中")
        WITHDRAWN = "withdrawn", _("已退出")
        CANCELLED = "cancelled", _("取消")

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominees")
    name = models.CharField(_("姓名或案例"), max_length=100)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominees")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominees")
    story = models.TextField(_("事迹"), max_length=2000, blank=True)
    photo = models.ImageField(_("照片"), upload_to="selections/", blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    status_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__order", "unit__order", "id"]

    def __str__(self) -> str:
        return self.name


class Passage(models.Model):
    """A nominee through one step: who and when, and what the step asked for."""

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="passages")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="passages")
    on = models.DateField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # The step's paper (minutes, a 考察 report): private, fetched through a login view.
    attachment = models.FileField(
        max_length=100, blank=True, storage=private_storage, upload_to=passage_file
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step__order"]
        constraints = [
            models.UniqueConstraint(fields=["nominee", "step"], name="passage_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.nominee_id} · {self.step_id}"


class Objection(models.Model):
    class Channel(models.TextChoices):
        LETTER = "letter", _("来信")
        PHONE = "phone", _("来电")
        VISIT = "visit", _("来访")
        ONLINE = "online", _("网上")

    class Finding(models.TextChoices):
        OPEN = "", _("待处理")
        UPHELD = "upheld", _("成立")
        REJECTED = "rejected", _("不成立")

    nominee = models.ForeignKey(Nominee, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("收到日期"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel)
    content = models.TextField(_("内容"), max_length=2000)
    submitter = models.CharField(_("反映人"), max_length=50, blank=True)
    late = models.BooleanField(default=False)  # received outside the 公示期: recorded, marked 逾期
    finding = models.CharField(max_length=10, choices=Finding, blank=True, default=Finding.OPEN)
    reason = models.CharField(_("处理意见"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.nominee_id} {self.received_on}"


class SelectionLog(AppendOnly):
    """Append-only: every change to a selection, its nominees and objections."""

    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="log")
    nominee = models.ForeignKey(
        Nominee, null=True, blank=True, on_delete=models.PROTECT, related_name="log"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=100)
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.detail}"

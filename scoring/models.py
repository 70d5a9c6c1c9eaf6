"""Score sheets, indicator scores and the standings computed from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly
from arena.records import ResultsLog, Signature, Snapshot
from arena.seal import Sealed, SealField
from contests.models import Contest, Contestant, Criterion, Judge


class ScoreSheet(models.Model):
    """One judge's scores for one contestant. Revisions bump the version; nothing is deleted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    # PROTECT: a judge or presenter with sheets cannot be deleted, so no sheet and no audit
    # entry can vanish with them (issue 16).
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="sheets")
    contestant = models.ForeignKey(Contestant, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(max_length=16, choices=Status, default=Status.SUBMITTED)
    version = models.PositiveIntegerField(default=1)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    submission_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "contestant"], name="sheet_unique_judge_contestant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.contestant} v{self.version}"


class SheetSubmission(models.Model):
    """Each accepted submission id, so a repeated POST returns what was recorded the first time."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="submissions")
    submission_id = models.CharField(max_length=64)
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    values = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "submission_id"], name="submission_unique_per_judge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} → v{self.version}"


class AuditEntry(Sealed, AppendOnly):
    """Append-only record of every create and change of a score sheet. Nothing deletes one: its
    rows are PROTECTed against every cascade, and on PostgreSQL a trigger refuses any UPDATE or
    DELETE (migration 0004)."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="audit_entries")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="audit_entries")
    contestant = models.ForeignKey(
        Contestant, on_delete=models.PROTECT, related_name="audit_entries"
    )
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="audit_entries")
    action = models.CharField(max_length=10, choices=Action)
    version = models.PositiveIntegerField()
    old_values = models.JSONField(null=True)
    new_values = models.JSONField()
    submission_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    seal = SealField()  # last: arena/seal.py

    SEALED = ("contest", "judge", "contestant", "sheet", "action", "version", "old_values")
    SEALED += ("new_values", "submission_id", "ip_address", "user_agent", "at")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["contest", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%H:%M:%S} {self.judge} → {self.contestant} v{self.version}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.RESTRICT, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class StandingsState(models.Model):
    """Bookkeeping that coalesces recomputes: how many changes were requested and computed."""

    contest = models.OneToOneField(
        Contest, on_delete=models.CASCADE, primary_key=True, related_name="standings_state"
    )
    requested_seq = models.PositiveBigIntegerField(default=0)
    computed_seq = models.PositiveBigIntegerField(default=0)
    # When a recompute was last put on the queue and has not started yet; a stale mark (the
    # broker was down, a worker died before starting) stops blocking after QUEUE_STALE_AFTER.
    queued_at = models.DateTimeField(null=True, blank=True)
    # When the latest recompute started: the next waits until STANDINGS_MIN_INTERVAL after it.
    started_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.contest_id}: {self.computed_seq}/{self.requested_seq} v{self.version}"


class StandingsSnapshot(Snapshot):
    """One computed version of a contest's standings, as shown on screens and in reports."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="snapshots")
    computed_at = models.DateTimeField(auto_now_add=True)
    seq = models.PositiveBigIntegerField(help_text="the change counter this version includes")

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["contest", "version"], name="snapshot_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} v{self.version}"


class TrialSheet(models.Model):
    """试评: a judge's practice sheet before the start, for a dummy presenter. Never counted — it
    is not a ScoreSheet, so nothing that ranks ever reads it — and deleted when the contest
    starts (contests/live.py)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="trial_sheets")
    judge = models.OneToOneField(Judge, on_delete=models.CASCADE, related_name="trial_sheet")
    values = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"试评 {self.judge_id} v{self.version}"


class JudgeFeedback(models.Model):
    """A short note a judge sends from the sheet ("反馈问题") to the organizer's console."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="feedback")
    # PROTECT: a judge whose feedback is on record is withdrawn, never deleted with it (#29).
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="feedback")
    contestant = models.ForeignKey(
        Contestant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(_("问题"), max_length=300)
    resolved = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.judge}: {self.message[:30]}"


class SignOff(Sealed, Signature):
    """An official's signature (审核/监督) on one standings version; kept when revoked."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="signoffs")
    # PROTECT: a signed version must outlive snapshot pruning (standings.recompute skips it).
    snapshot = models.ForeignKey(
        StandingsSnapshot, on_delete=models.PROTECT, related_name="signoffs"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    seal = SealField()  # last: arena/seal.py

    SEALED = ("contest", "snapshot", "fingerprint", "official", "role", "recorded_by", "signed_at")

    class Meta(Signature.Meta):
        verbose_name = _("审核签字")
        verbose_name_plural = _("审核签字")


class ResultsEvent(Sealed, ResultsLog):
    """Append-only log of what happened to the results: close, sign-off, reopen, publish."""

    class Action(models.TextChoices):
        CLOSE = "close", _("结束评分")
        SIGN_OFF = "sign_off", _("签字")
        REOPEN = "reopen", _("重新开放")
        PUBLISH = "publish", _("公示")
        UNPUBLISH = "unpublish", _("撤回公示")
        COSIGNERS = "cosigners", _("签字账号")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="results_events")
    action = models.CharField(max_length=12, choices=Action)
    seal = SealField()  # last: arena/seal.py

    SEALED = ("contest", "action", "user", "detail", "version", "fingerprint", "at")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} v{self.version}"


class Report(models.Model):
    """A PDF results report, built once per standings version and sign-off state.

    The bytes live in the database: every web replica serves the same file, and a backup of the
    database includes the reports officials were given.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        BUILDING = "building", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="reports")
    key = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64)
    # Built with both signatures (审核 and 监督); otherwise a draft, and labelled one everywhere.
    signed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    pdf = models.BinaryField(null=True, editable=False)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="report_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} v{self.version} {self.status}"

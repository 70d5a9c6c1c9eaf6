"""What a contest's results and a series' results record alike, described once: a versioned
snapshot of the standings, an official's signature on one version, and the log of what happened
to the results. Each app's model adds what it belongs to (a contest, a series) and its own
words; the columns here are the same in both."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly


class Snapshot(models.Model):
    """One computed version of some standings (the document in `data`), never edited."""

    version = models.PositiveIntegerField()
    data = models.JSONField()

    class Meta:
        abstract = True
        ordering = ["-version"]


class Signature(models.Model):
    """审核 / 监督 of one snapshot by a named official; revoked (never deleted) on reopening."""

    class Role(models.TextChoices):
        REVIEW = "review", _("审核")
        SUPERVISE = "supervise", _("监督")

    fingerprint = models.CharField(max_length=64)
    official = models.CharField(_("签字人"), max_length=50)
    role = models.CharField(_("职责"), max_length=10, choices=Role, default=Role.REVIEW)
    signed_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.official} v{self.snapshot.version}"


class ResultsLog(AppendOnly):
    """One thing that happened to the results (closed, signed, reopened, published…), by whom,
    on which version; append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    detail = models.CharField(max_length=500, blank=True)
    version = models.PositiveIntegerField(null=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

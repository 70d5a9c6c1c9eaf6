"""Organisations (市 / 县 / 镇街 / 部门) and who holds which role in each.

Every contest and series belongs to one organisation; what a user may see and do follows from
their roles there (orgs/access.py). Members of an ancestor organisation read everything below.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from arena.append_only import AppendOnly


class Organisation(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")
        TOWNSHIP = "township", _("镇街")
        DEPARTMENT = "department", _("部门")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    level = models.CharField(_("层级"), max_length=16, choices=Level, default=Level.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级组织"),
    )
    # The organisation made for one account's own events (and for everything that existed
    # before organisations did); it has no parent and no other members unless invited.
    personal_of = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personal_organisation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def lineage(self) -> list["Organisation"]:
        """This organisation and its ancestors, nearest first."""
        chain, seen, node = [], set(), self
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self) -> None:
        if self.parent_id and self.pk and self.pk in {o.pk for o in self.parent.lineage()}:
            raise ValidationError({"parent": _("上级组织不能是本组织或其下级。")})


class Role(models.TextChoices):
    ADMIN = "admin", _("管理员")
    ORGANIZER = "organizer", _("组织者")
    CLERK = "clerk", _("记录员")
    REVIEWER = "reviewer", _("审核人")
    SUPERVISOR = "supervisor", _("监督人")
    VIEWER = "viewer", _("查看者")


def role_names(roles) -> str:
    """The roles' names in the order of Role, 、-separated (unknown values left out)."""
    return "、".join(str(Role(r).label) for r in Role.values if r in set(roles))


class Membership(models.Model):
    """One role of one account in one organisation (an account may hold several)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="one_row_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class MembershipAudit(AppendOnly):
    """Every change of who belongs to an organisation, and how they got in."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="audit")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    member = models.CharField(_("成员"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=200)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.member} {self.action}"


INVITATION_HOURS = 72


def token_digest(token: str) -> str:
    """Only the digest is stored: a leaked database does not hand out working invitations."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A one-time link that makes an account a member with the given roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    digest = models.CharField(max_length=64, unique=True)
    roles = models.JSONField(default=list)
    note = models.CharField(_("被邀请人"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.note}"

    def role_labels(self) -> str:
        return role_names(self.roles)


class LoginSession(models.Model):
    """A signed-in browser, for the account's sessions list and 'sign out everywhere'."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    user_agent = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"


class ReadToken(models.Model):
    """A key an official system reads the organisation's results with (the JSON interface,
    docs/api.md): read-only, as a 查看者 of this organisation and those below it. Created and
    revoked by a 管理员; only the digest is kept, the key is shown once."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="read_tokens"
    )
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

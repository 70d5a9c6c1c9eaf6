"""One-time invitation links: made by a 管理员, good for 72 hours, used once."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import AccessError, grant, log
from orgs.models import (
    INVITATION_HOURS,
    Invitation,
    Organisation,
    Role,
    new_invitation_token,
    role_names,
    token_digest,
)


class InvitationError(Exception):
    """A link that no longer works, with the reason shown to whoever opened it."""


def invite(organisation: Organisation, roles, *, by, note: str = "") -> tuple[Invitation, str]:
    """A new invitation and its token (shown once: only its digest is kept)."""
    roles = [r for r in Role.values if r in set(roles)]
    if not roles:
        raise AccessError(_("请至少选择一个角色。"))
    token = new_invitation_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        digest=token_digest(token),
        roles=roles,
        note=note.strip()[:100],
        created_by=by,
        expires_at=timezone.now() + timedelta(hours=INVITATION_HOURS),
    )
    log(organisation, by, invitation.note, _("发出邀请：{roles}").format(roles=role_names(roles)))
    return invitation, token


def open_invitation(token: str, now: datetime | None = None) -> Invitation:
    """The invitation this token opens, if it still works."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(digest=token_digest(token)).first()
    )
    if invitation is None:
        raise InvitationError(_("邀请链接无效。"))
    if invitation.used_at is not None:
        raise InvitationError(_("这个邀请链接已经用过，不能再用。请向管理员索取新的链接。"))
    if invitation.withdrawn_at is not None:
        raise InvitationError(_("这个邀请已被管理员撤回。"))
    if (now or timezone.now()) >= invitation.expires_at:
        raise InvitationError(_("邀请链接已过期（72 小时有效）。请向管理员索取新的链接。"))
    return invitation


@transaction.atomic
def accept(token: str, account: Callable[[], Any] | Any) -> tuple[Invitation, Any]:
    """The account joins with the invited roles; the link is used up. `account` is the signed-in
    user, or the function that creates a new one: called only once the link is locked and
    still unused, in the same transaction, so parallel joins on one link make one account (8
    at once made 8, 7 of them orphans with an organisation of their own)."""
    invitation = open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:  # the same link, accepted twice at once
        raise InvitationError(_("这个邀请链接已经用过，不能再用。请向管理员索取新的链接。"))
    user = account() if callable(account) else account
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    grant(invitation.organisation, user, invitation.roles, by=user, how=_("接受邀请，"))
    return invitation, user


def withdraw(invitation: Invitation, *, by) -> None:
    if invitation.used_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        log(invitation.organisation, by, invitation.note, _("撤回邀请"))

"""Read tokens: how an official system reads an organisation's results without an account
(`Authorization: Bearer <key>`, docs/api.md). One per use, created and revoked by a 管理员 on the
members page, logged like every membership change."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import AccessError, can, log
from orgs.models import Organisation, ReadToken, token_digest

# last_used_at is written at most this often per token: a system polling every second
# would otherwise write on every read.
USE_RECORDED_EVERY = timedelta(minutes=5)


def create(organisation: Organisation, name: str, *, by) -> tuple[ReadToken, str]:
    """A new token and its key (shown once: only the digest is kept)."""
    name = " ".join(name.split())[:100]
    if not name:
        raise AccessError(_("请写明令牌的用途，如“市考核办系统”。"))
    key = "arena_" + secrets.token_urlsafe(32)
    token = ReadToken.objects.create(
        organisation=organisation, name=name, digest=token_digest(key), created_by=by
    )
    log(organisation, by, name, _("创建只读接口令牌"))
    return token, key


def revoke(token: ReadToken, *, by) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log(token.organisation, by, token.name, _("吊销只读接口令牌"))


def presented(request) -> ReadToken | None:
    """The live token the request presents in `Authorization: Bearer …`, if any."""
    scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    token = (
        ReadToken.objects.select_related("organisation")
        .filter(digest=token_digest(key.strip()), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
            ReadToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def may_read(user, token: ReadToken | None, organisation: Organisation) -> bool:
    """What a page's reader may read, the token's holder may read too: its organisation and
    the organisations below it (as a 查看者)."""
    if token is not None:
        return any(o.pk == token.organisation_id for o in organisation.lineage())
    return can(user, organisation, "read")

"""Each login is recorded so an account can list its signed-in browsers and end them all."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from orgs.models import LoginSession


@receiver(user_logged_in)
def remember_login(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    if not request.session.session_key:
        request.session.save()
    LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "address": request.META.get("REMOTE_ADDR", "")[:64],
        },
    )


@receiver(user_logged_out)
def forget_login(sender, request, user, **kwargs) -> None:
    if request is not None and request.session.session_key:
        LoginSession.objects.filter(session_key=request.session.session_key).delete()


def sign_out_elsewhere(user, keep: str | None) -> int:
    """End every session of the account but `keep` (the browser asking); how many ended."""
    store = _session_store()
    others = LoginSession.objects.filter(user=user).exclude(session_key=keep or "")
    keys = list(others.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    others.delete()
    return len(keys)


def live_sessions(user) -> list[LoginSession]:
    """The account's recorded sessions that the session store still holds."""
    store = _session_store()
    rows = list(LoginSession.objects.filter(user=user).order_by("-created_at"))
    alive = [row for row in rows if store().exists(row.session_key)]
    LoginSession.objects.filter(pk__in=[r.pk for r in rows if r not in alive]).delete()
    return alive


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore

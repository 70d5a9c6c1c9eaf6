"""Judges reach the app only through their secret token."""

import hmac

from django.http import Http404
from django.utils import timezone

from arena.events import publish_contest_changed
from contests.models import Judge


def judge_for_token(token: str, *, related: tuple[str, ...] = ("contest", "group")) -> Judge:
    """The judge holding this token, or 404 that reveals nothing about which tokens exist.

    `related=()` when only the judge's own row is needed (a sheet POST reads the contest
    under a lock anyway)."""
    if not 22 <= len(token) <= 64:
        raise Http404
    try:  # get(), not first(): tokens are unique, and first() adds an ORDER BY to compile
        # Not select_related(*related): with no arguments it would follow every foreign key.
        judges = Judge.objects.select_related(*related) if related else Judge.objects
        judge = judges.get(token=token)
    except Judge.DoesNotExist:
        judge = None
    # The database found the row by index; compare again in constant time so response timing
    # does not depend on how much of a guessed token matched.
    if judge is None or not hmac.compare_digest(judge.token.encode(), token.encode()):
        raise Http404
    return judge


def check_in(judge: Judge) -> None:
    """签到: the first page a judge opens marks them present, and the console is told."""
    if judge.checked_in_at is None and Judge.objects.filter(
        pk=judge.pk, checked_in_at__isnull=True
    ).update(checked_in_at=timezone.now()):
        publish_contest_changed(judge.contest_id)

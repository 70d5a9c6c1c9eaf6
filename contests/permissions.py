"""Who may see what: small look-ups the views call first (the rules: orgs/access.py)."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from contests.models import Contest
from orgs.access import can, organisations_with, page_capability


def organizer_contest(request: HttpRequest, pk: int, *, readable: bool = False) -> Contest:
    """The contest if the user may run it (or, for a `readable` page's GET, read it);
    404 otherwise so ids reveal nothing."""
    contest = get_object_or_404(Contest.objects.select_related("organisation"), pk=pk)
    if not can(request.user, contest.organisation, page_capability(request, readable=readable)):
        raise Http404
    return contest


def signing_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the user holds a signing role (审核人 / 监督人) in its organisation."""
    contest = get_object_or_404(Contest.objects.select_related("organisation"), pk=pk)
    if not can(request.user, contest.organisation, "sign"):
        raise Http404
    return contest


def may_manage(request: HttpRequest, contest: Contest) -> bool:
    return can(request.user, contest.organisation, "manage")


def organizer_contests(request: HttpRequest) -> QuerySet[Contest]:
    """The contests the user may run."""
    return Contest.objects.filter(organisation__in=organisations_with(request.user, "manage"))


def readable_contests(request: HttpRequest) -> QuerySet[Contest]:
    """The contests the user may read: their organisations' and those below them."""
    return Contest.objects.filter(organisation__in=organisations_with(request.user, "read"))


def screen_contest(token: str) -> Contest:
    """The contest whose public screens this token opens; 404 for any other string."""
    return get_object_or_404(
        Contest.objects.select_related("live__current_contestant"), screen_token=token
    )

"""Who may see what: small look-ups the views call first."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from contests.models import Contest


def organizer_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the logged-in organizer owns it; 404 otherwise so ids reveal nothing."""
    contest = get_object_or_404(Contest, pk=pk)
    if not may_manage(request, contest):
        raise Http404
    return contest


def signing_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the user owns it or was named one of its signing accounts; 404 otherwise."""
    contest = get_object_or_404(Contest, pk=pk)
    if not (may_manage(request, contest) or contest.cosigners.filter(pk=request.user.pk).exists()):
        raise Http404
    return contest


def may_manage(request: HttpRequest, contest: Contest) -> bool:
    return contest.owner_id == request.user.pk or request.user.is_superuser


def organizer_contests(request: HttpRequest):
    contests = Contest.objects.all()
    return contests if request.user.is_superuser else contests.filter(owner=request.user)


def screen_contest(token: str) -> Contest:
    """The contest whose public screens this token opens; 404 for any other string."""
    return get_object_or_404(
        Contest.objects.select_related("current_contestant"), screen_token=token
    )

"""Who may see what: small look-ups the views call first."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from contests.models import Contest


def organizer_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the logged-in organizer owns it; 404 otherwise so ids reveal nothing."""
    contest = get_object_or_404(Contest, pk=pk)
    if contest.owner_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return contest


def organizer_contests(request: HttpRequest):
    contests = Contest.objects.all()
    return contests if request.user.is_superuser else contests.filter(owner=request.user)


def screen_contest(token: str) -> Contest:
    """The contest whose public screens this token opens; 404 for any other string."""
    return get_object_or_404(
        Contest.objects.select_related("current_contestant"), screen_token=token
    )

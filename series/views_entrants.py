"""A series' units taken from a contest it is made from: the presenters' units (and groups)
become its units and the contest its first round, so nothing is typed twice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arena.text import form_id
from series import rounds
from series.views import offered_contests, owned_series


@login_required
@require_http_methods(["GET", "POST"])
def entrants_from_contest(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)  # first: outsiders get 404 whatever the method
    if request.method == "GET":
        return redirect("series:entrants", series.pk)
    chosen = form_id(request.POST.get("contest"))
    contest = offered_contests(request, series).filter(pk=chosen).first()
    if contest is None:
        messages.error(request, _("请选择本组织一场有汇报人的活动。"))
        return redirect("series:entrants", series.pk)
    try:
        added = rounds.units_from_contest(series, contest, request.user)
    except rounds.SeriesError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _("已从“{title}”带入 {n} 个参赛单位，并按单位名称关联了汇报人。").format(
                title=contest.title, n=added
            ),
        )
    return redirect("series:entrants", series.pk)

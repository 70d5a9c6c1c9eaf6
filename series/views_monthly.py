"""The 三考三比 月度榜单 of a series round (page, PDF, XLSX) and a village's task profile."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from arena.lib.downloads import PDF, XLSX, attachment
from series import monthly
from series.views import owned_series, series_page
from series.views_rounds import round_of


@login_required
@require_GET
def board_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    rnd = round_of(series, number)
    context = {"round": rnd, "board": monthly.round_board(rnd)}
    return series_page(request, series, "rounds", "series/monthly.html", context)


@login_required
@require_GET
def board_file(request: HttpRequest, pk: int, number: int, kind: str) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    rnd = round_of(series, number)
    if kind == "pdf":
        body, content_type = monthly.pdf(rnd), PDF
    elif kind == "xlsx":
        body, content_type = monthly.xlsx(rnd), XLSX
    else:
        raise Http404
    return attachment(body, content_type, f"{series.title}-{rnd.label}-月度榜单.{kind}")


@login_required
@require_GET
def profile_page(request: HttpRequest, pk: int, entrant_pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    entrant = get_object_or_404(series.entrants, pk=entrant_pk)
    context = {"entrant": entrant, "months": monthly.profile(entrant)}
    return series_page(request, series, "entrants", "series/task_profile.html", context)

"""What a unit and the public see of the boards, without login: a unit's own metrics and
pledges behind its private link (/u/<token>/metrics/: the page, and one view each for entering
a month's value and a pledge's result), and the boards its organizer marked public."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.text import form_id
from boards import charts, gaps, pledges, values
from boards.models import Metric, Pledge, Publication
from boards.views import period_of
from series.entrants import by_token
from series.models import Entrant, Series


def _metrics(entrant: Entrant):
    """The metrics the unit leads or works on."""
    return (
        Metric.objects.filter(board__series=entrant.series)
        .filter(Q(lead_entrant=entrant) | Q(co_entrants=entrant))
        .distinct()
        .select_related("board")
    )


@require_GET
def unit_metrics(request: HttpRequest, token: str) -> HttpResponse:
    """A unit's own metrics for a month (enter or correct; the organizer then reviews) and its
    pledges (the actual, or done / not done, with what was done)."""
    return _page(request, by_token(token))


def _page(request: HttpRequest, entrant: Entrant, error: str = "") -> HttpResponse:
    period = period_of(request)
    return render(
        request,
        "boards/unit.html",
        {
            "entrant": entrant,
            "period": period,
            "rows": gaps.widest_first(values.period_rows(_metrics(entrant), period)),
            "lights_chart": charts.lights_chart(
                _("本单位各月亮灯"), _metrics(entrant), entrant.series.year
            ),
            "pledges": [
                (p, pledges.PLEDGE_LABELS[pledges.pledge_outcome(p, timezone.localdate())])
                for p in Pledge.objects.filter(entrant=entrant)
            ],
            "error": error,
        },
        status=422 if error else 200,
    )


def unit_form(act: Callable[[HttpRequest, Entrant], None]) -> Callable:
    """A view that a form of the unit's page posts to: done → back to the month's page;
    refused (ValueError) → the page with the reason, 422; another unit's row → 404."""

    @require_POST
    @wraps(act)
    def view(request: HttpRequest, token: str) -> HttpResponse:
        entrant = by_token(token)
        try:
            act(request, entrant)
        except ValueError as problem:
            return _page(request, entrant, str(problem))
        messages.success(request, _("已提交，等待组织者审核。"))
        page = reverse("boards_unit:metrics", args=[entrant.token])
        return redirect(f"{page}?month={period_of(request):%Y-%m}")

    return view


@unit_form
def pledge_result(request: HttpRequest, entrant: Entrant) -> None:
    post = request.POST
    pledge = Pledge.objects.filter(pk=form_id(post.get("pledge")), entrant=entrant).first()
    if pledge is None:
        raise Http404
    pledges.set_pledge_result(
        pledge,
        actual=values.parse_decimal(post.get("actual", ""), _("实际")),
        completed={"1": True, "0": False}.get(post.get("completed", "")),
        evidence=post.get("evidence", ""),
        entrant=entrant,
    )


@unit_form
def metric_value(request: HttpRequest, entrant: Entrant) -> None:
    post = request.POST
    metric = _metrics(entrant).filter(pk=form_id(post.get("metric"))).first()
    if metric is None:
        raise Http404  # another unit's metric: as if it did not exist
    fields = {
        key: values.parse_decimal(post.get(key, ""), label)
        for key, label in (("actual", _("本期实际")), ("cumulative_actual", _("累计实际")))
    }
    for key, label in (("rank", _("位次")), ("field", _("参评总数"))):
        number = values.parse_decimal(post.get(key, ""), label, values.COUNT_LIMIT)
        if number is not None and (number != int(number) or number < 1):
            raise ValueError(_("{label}须为正整数。").format(label=label))
        fields[key] = number
    fields["problems"] = post.get("problems", "")
    values.record_value(metric, period_of(request), fields, entrant=entrant)


@require_GET
def public_boards(request: HttpRequest, token: str) -> HttpResponse:
    """The boards of a series its organizer marked public, for a published month (default: the
    latest published); 404 when no board is public or the month is not published."""
    series = get_object_or_404(Series, screen_token=token)
    boards = list(series.boards.filter(public=True))
    if not boards:
        raise Http404
    period = values.published_period(
        series, period_of(request) if request.GET.get("month") else None
    )
    if period is None:
        raise Http404  # only published months are public
    sections = []
    for board in boards:
        rows = values.period_rows(board.metrics.select_related("board", "lead_entrant"), period)
        sections.append({"board": board, "rows": rows, "summary": values.summary(rows)})
    return render(
        request,
        "boards/public.html",
        {
            "series": series,
            "period": period,
            "sections": sections,
            "months": Publication.objects.filter(series=series),
        },
    )

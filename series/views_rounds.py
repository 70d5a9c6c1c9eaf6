"""A series' rounds: the list (take a contest in, 新建下一期) and one round's page (its
presenters linked to units)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arena.text import form_id
from contests.permissions import organizer_contests
from series import rounds, standings
from series.forms import (
    AddRoundForm,
    NextRoundForm,
    RoundForm,
)
from series.models import Round, Series
from series.rounds import SeriesError
from series.views import owned_series, series_page


@login_required
@require_http_methods(["GET", "POST"])
def rounds_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    free = organizer_contests(request).filter(
        series_round__isnull=True, organisation=series.organisation
    )
    add_form = AddRoundForm(contests=free, prefix="add")
    next_form = NextRoundForm(series=series, prefix="next")
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                add_form = AddRoundForm(request.POST, contests=free, prefix="add")
                if add_form.is_valid():
                    data = add_form.cleaned_data
                    rnd = rounds.add_round(
                        series,
                        data["contest"],
                        label=data["label"],
                        weight=data["weight"],
                        user=request.user,
                    )
                    messages.success(request, _("已加入为第 {n} 期。").format(n=rnd.number))
                    return redirect("series:round", series.pk, rnd.number)
            elif request.POST.get("action") == "next":
                next_form = NextRoundForm(request.POST, series=series, prefix="next")
                if next_form.is_valid():
                    data = next_form.cleaned_data
                    rnd = rounds.next_round(
                        series,
                        request.user,
                        label=data["label"],
                        date=data["date"],
                        top=data["top"] or 0,
                        chosen=[e.pk for e in data["chosen"]],
                    )
                    messages.success(
                        request,
                        _("已新建第 {n} 期（草稿），请核对汇报人、评委和出场顺序。").format(
                            n=rnd.number
                        ),
                    )
                    return redirect("series:round", series.pk, rnd.number)
        except SeriesError as problem:
            messages.error(request, str(problem))
        status = 422
    round_list = list(
        series.rounds.select_related("contest").annotate(
            presenters=Count(
                "contest__contestants",
                filter=Q(contest__contestants__withdrawn_at__isnull=True),
                distinct=True,
            ),
            linked=Count("participations", distinct=True),
        )
    )
    for rnd in round_list:
        rnd.state = standings.round_status(rnd.contest)
    return series_page(
        request,
        series,
        "rounds",
        "series/rounds.html",
        {"rounds": round_list, "add_form": add_form, "next_form": next_form},
        status=status,
    )


def _posted(queryset, value: str | None):
    """The row a form field names by id, or None (absent, not a number, not in `queryset`)."""
    return queryset.filter(pk=form_id(value)).first()


def round_of(series: Series, number: int) -> Round:
    return get_object_or_404(series.rounds.select_related("contest"), number=number)


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    series = owned_series(request, pk)
    rnd = round_of(series, number)
    form = RoundForm(instance=rnd, prefix="round")
    if request.method == "POST" and request.POST.get("action") == "edit":
        form = RoundForm(request.POST, instance=rnd, prefix="round")
        if form.is_valid():
            form.save()
            standings.refresh(series, request.user)
            messages.success(request, _("已保存。"))
            return redirect("series:round", series.pk, rnd.number)
    elif request.method == "POST":
        try:
            if request.POST.get("action") == "auto":
                left = rounds.auto_link(rnd)
                standings.refresh(series, request.user)
                if left:
                    messages.warning(request, _("仍未关联：{names}").format(names="、".join(left)))
                else:
                    messages.success(request, _("已全部关联。"))
            else:
                contestant = _posted(rnd.contest.contestants, request.POST.get("contestant"))
                entrant_id = request.POST.get("entrant")
                entrant = _posted(series.entrants, entrant_id) if entrant_id else None
                if contestant is None or (entrant_id and entrant is None):
                    raise SeriesError(_("没有这位汇报人或这个参赛单位。"))
                rounds.link(rnd, contestant, entrant, request.user)
                messages.success(request, _("已保存关联。"))
        except SeriesError as problem:
            messages.error(request, str(problem))
        return redirect("series:round", series.pk, rnd.number)
    presenters = rnd.contest.contestants.select_related("participation__entrant").order_by("order")
    return series_page(
        request,
        series,
        "rounds",
        "series/round.html",
        {
            "round": rnd,
            "form": form,
            "presenters": presenters,
            "entrants": series.entrants.all(),
            "status": standings.round_status(rnd.contest),
        },
        status=422 if form.errors else 200,
    )

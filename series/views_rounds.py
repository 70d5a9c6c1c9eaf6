"""A series' rounds: the list (take a contest in, 新建下一期) and one round's page (its
presenters linked to units)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

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
from series.views import form_target, owned_series, series_page


def _free_contests(request: HttpRequest, series: Series):
    return organizer_contests(request).filter(
        series_round__isnull=True, organisation=series.organisation
    )


def _rounds(
    request: HttpRequest, series: Series, add_form=None, next_form=None, status: int = 200
) -> HttpResponse:
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
    forms = {
        "add_form": add_form
        or AddRoundForm(contests=_free_contests(request, series), prefix="add"),
        "next_form": next_form or NextRoundForm(series=series, prefix="next"),
    }
    return series_page(
        request, series, "rounds", "series/rounds.html", {"rounds": round_list, **forms}, status
    )


@login_required
@require_GET
def rounds_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _rounds(request, owned_series(request, pk))


@form_target("series:rounds")
def round_add(request: HttpRequest, series: Series) -> HttpResponse:
    """An existing contest of the organisation taken in as the next round."""
    form = AddRoundForm(request.POST, contests=_free_contests(request, series), prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rnd = rounds.add_round(
                series, data["contest"], label=data["label"], weight=data["weight"],
                user=request.user,
            )  # fmt: skip
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已加入为第 {n} 期。").format(n=rnd.number))
            return redirect("series:round", series.pk, rnd.number)
    return _rounds(request, series, add_form=form, status=422)


@form_target("series:rounds")
def round_next(request: HttpRequest, series: Series) -> HttpResponse:
    """新建下一期: the last round copied, its presenters by cumulative rank and choice."""
    form = NextRoundForm(request.POST, series=series, prefix="next")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rnd = rounds.next_round(
                series, request.user, label=data["label"], date=data["date"],
                top=data["top"] or 0, chosen=[e.pk for e in data["chosen"]],
            )  # fmt: skip
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request,
                _("已新建第 {n} 期（草稿），请核对汇报人、评委和出场顺序。").format(n=rnd.number),
            )
            return redirect("series:round", series.pk, rnd.number)
    return _rounds(request, series, next_form=form, status=422)


def _posted(queryset, value: str | None):
    """The row a form field names by id, or None (absent, not a number, not in `queryset`)."""
    return queryset.filter(pk=form_id(value)).first()


def round_of(series: Series, number: int) -> Round:
    return get_object_or_404(series.rounds.select_related("contest"), number=number)


def _round(request: HttpRequest, series: Series, rnd: Round, form=None) -> HttpResponse:
    form = form or RoundForm(instance=rnd, prefix="round")
    presenters = rnd.contest.contestants.select_related("participation__entrant").order_by("order")
    context = {
        "round": rnd,
        "form": form,
        "presenters": presenters,
        "entrants": series.entrants.all(),
        "status": standings.round_status(rnd.contest),
    }
    status = 422 if form.errors else 200
    return series_page(request, series, "rounds", "series/round.html", context, status=status)


@login_required
@require_GET
def round_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    series = owned_series(request, pk)
    return _round(request, series, round_of(series, number))


@form_target("series:round")
def round_edit(request: HttpRequest, series: Series, number: int) -> HttpResponse:
    """The round's label, period and weight."""
    rnd = round_of(series, number)
    form = RoundForm(request.POST, instance=rnd, prefix="round")
    if not form.is_valid():
        return _round(request, series, rnd, form)
    form.save()
    standings.refresh(series, request.user)
    messages.success(request, _("已保存。"))
    return redirect("series:round", series.pk, rnd.number)


@form_target("series:round")
def round_auto_link(request: HttpRequest, series: Series, number: int) -> HttpResponse:
    """Every presenter linked to the unit of the same name (or former name)."""
    rnd = round_of(series, number)
    try:
        left = rounds.auto_link(rnd)
        standings.refresh(series, request.user)
    except SeriesError as problem:
        messages.error(request, str(problem))
    else:
        if left:
            messages.warning(request, _("仍未关联：{names}").format(names="、".join(left)))
        else:
            messages.success(request, _("已全部关联。"))
    return redirect("series:round", series.pk, rnd.number)


@form_target("series:round")
def round_link(request: HttpRequest, series: Series, number: int) -> HttpResponse:
    """One presenter linked to a unit, or unlinked (an empty unit)."""
    rnd = round_of(series, number)
    try:
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

"""A series' units: the list (add, import, groups), one unit's edit page, and units taken from a
contest the series is made from (its presenters' units become the units, the contest the first
round), so nothing is typed twice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.public import public_url
from arena.text import form_id
from contests.permissions import organizer_contests
from series import entrants, rounds, standings
from series.forms import (
    EntrantForm,
    EntrantImportForm,
    GroupForm,
)
from series.models import Entrant, Series
from series.views import form_target, owned_series, series_page


def _entrants(
    request: HttpRequest, series: Series, status: int = 200, problems=(), **forms
) -> HttpResponse:
    """The units page; `forms` holds a refused form to show again with its errors."""
    forms = {
        "form": EntrantForm(series=series, prefix="entrant"),
        "group_form": GroupForm(series=series, prefix="group"),
        "import_form": EntrantImportForm(prefix="import"),
        **forms,
    }
    context = {
        "entrants": series.entrants.select_related("group").annotate(
            rounds=Count("participations")
        ),
        "groups": series.groups.annotate(members=Count("entrants")),
        **forms,
        "problems": list(problems),
        "columns": [c.header for c in entrants.ENTRANT_SPEC.columns],
        "offered": offered_contests(request, series)[:50],
    }
    return series_page(request, series, "entrants", "series/entrants.html", context, status)


@login_required
@require_GET
def entrants_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _entrants(request, owned_series(request, pk))


@form_target("series:entrants")
def entrant_add(request: HttpRequest, series: Series) -> HttpResponse:
    form = EntrantForm(request.POST, series=series, prefix="entrant")
    if not form.is_valid():
        return _entrants(request, series, 422, form=form)
    entrant = form.save(commit=False)
    entrant.order = series.entrants.count() + 1
    entrant.save()
    rounds.units_changed(series, request.user)  # links earlier rounds too
    messages.success(request, _("已添加“{name}”。").format(name=entrant.name))
    return redirect("series:entrants", series.pk)


@form_target("series:entrants")
def group_add(request: HttpRequest, series: Series) -> HttpResponse:
    form = GroupForm(request.POST, series=series, prefix="group")
    if not form.is_valid():
        return _entrants(request, series, 422, group_form=form)
    group = form.save(commit=False)
    group.order = series.groups.count() + 1
    group.save()
    messages.success(request, _("已添加分组“{name}”。").format(name=group.name))
    return redirect("series:entrants", series.pk)


@form_target("series:entrants")
def entrants_import(request: HttpRequest, series: Series) -> HttpResponse:
    """Units from a file: all rows or none, 422 with the problems."""
    form = EntrantImportForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        return _entrants(request, series, 422, import_form=form)
    upload = form.cleaned_data["file"]
    result = entrants.import_entrants(
        series, upload.name, upload.read(), form.cleaned_data["allow_new_groups"]
    )
    if not result.ok:
        return _entrants(request, series, 422, [str(p) for p in result.problems], import_form=form)
    rounds.units_changed(series, request.user)
    messages.success(request, _("已导入 {n} 个参赛单位。").format(n=result.created))
    return redirect("series:entrants", series.pk)


def offered_contests(request: HttpRequest, series: Series):
    """The organisation's contests with presenters that a series may take its units from."""
    return (
        organizer_contests(request)
        .filter(organisation=series.organisation, contestants__isnull=False)
        .distinct()
        .order_by("-date", "-id")
    )


@login_required
@require_http_methods(["GET", "POST"])
def entrant_edit(request: HttpRequest, pk: int, entrant_pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    entrant = get_object_or_404(Entrant, pk=entrant_pk, series=series)
    form = EntrantForm(request.POST or None, instance=entrant, series=series)
    if request.method == "POST" and form.is_valid():
        form.save()
        standings.refresh(series, request.user)
        messages.success(request, _("已保存。"))
        return redirect("series:entrants", series.pk)
    return series_page(
        request,
        series,
        "entrants",
        "series/entrant_edit.html",
        {
            "entrant": entrant,
            "form": form,
            "link": public_url(request, reverse("series_public:entrant", args=[entrant.token])),
        },
        status=422 if form.errors else 200,
    )


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

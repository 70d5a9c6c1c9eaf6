"""The organizer's series pages (/o/series/…, login required; who may open which:
orgs/access.py). Thin views over series/*.py; the sign-off, publication and files are in
views_results.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from arena.forms import partial_update
from arena.text import form_id
from orgs.access import can, organisations_to_run, organisations_with, page_capability
from series import charts, standings, tables
from series import results as series_results
from series.forms import (
    ConsequenceForm,
    CreateSeriesForm,
    DecisionForm,
    SeriesForm,
)
from series.models import AwardDecision, Series, SeriesEvent
from series.rounds import SeriesError

# The tabs an account that may only read the series sees (the others answer it 404).
READABLE_TABS = {"standings", "results", "ledger", "boards", "catchup"}
TABS = [
    ("standings", gettext_lazy("排名")),
    ("rounds", gettext_lazy("各期")),
    ("entrants", gettext_lazy("参赛单位")),
    ("awards", gettext_lazy("评奖与结果运用")),
    ("results", gettext_lazy("审核与公布")),
    ("settings", gettext_lazy("设置")),
]


# Pages of apps built on series that belong beside these tabs: (key, label, URL name taking the
# series id). followup/ adds its ledger in ready(); series never imports it.
EXTRA_TABS: list[tuple[str, object, str]] = []


def tabs(series: Series) -> list[tuple[str, object, str]]:
    """The series' tabs: (key, label, address)."""
    own = [(key, label, reverse(f"series:{key}", args=[series.pk])) for key, label in TABS]
    return own + [(key, label, reverse(name, args=[series.pk])) for key, label, name in EXTRA_TABS]


def series_for(request: HttpRequest, pk: int, capability: str) -> Series:
    """The series if the user has this capability in its organisation (orgs/access.py);
    404 otherwise so ids reveal nothing."""
    series = get_object_or_404(Series.objects.select_related("organisation"), pk=pk)
    if not can(request.user, series.organisation, capability):
        raise Http404
    return series


def owned_series(request: HttpRequest, pk: int, *, readable: bool = False) -> Series:
    """The series if the user may run it (or, for a `readable` page's GET, read it)."""
    return series_for(request, pk, page_capability(request, readable=readable))


def form_target(page: str) -> Callable:
    """A view that a form of the series page `page` posts to, given the series: outsiders get
    404 whatever the method (the look-up comes first); the address typed in goes to the page."""

    def wrap(view: Callable) -> Callable:
        @login_required
        @require_http_methods(["GET", "POST"])
        @wraps(view)
        def target(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            series = owned_series(request, pk)
            if request.method == "GET":
                return redirect(page, series.pk, *kwargs.values())
            return view(request, series, **kwargs)

        return target

    return wrap


def series_page(
    request: HttpRequest, series: Series, tab: str, template: str, context: dict, status=200
) -> HttpResponse:
    """A page under the series' tabs (templates/series/base.html: the tabs, and a notice for
    each round being corrected); the apps that add tabs render theirs with it too."""
    snapshot = standings.latest_snapshot(series)
    manage = can(request.user, series.organisation, "manage")
    shown = [tab for tab in tabs(series) if manage or tab[0] in READABLE_TABS]
    return render(
        request,
        template,
        {
            "series": series,
            "tabs": shown,
            "tab": tab,
            "snapshot": snapshot,
            "correcting": standings.correcting(snapshot),
            "manage": manage,
            **context,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_list(request: HttpRequest) -> HttpResponse:
    managed = organisations_to_run(request.user)
    form = CreateSeriesForm(
        request.POST or None, initial={"year": timezone.localdate().year}, user=request.user
    )
    if request.method == "POST":
        if not managed.exists():
            raise PermissionDenied  # a 查看者 or 记录员 only: nowhere to create it
        if form.is_valid():
            series = form.save(commit=False)
            series.owner = request.user
            series.save()
            standings.refresh(series, request.user)
            messages.success(request, _("已创建赛马系列。下一步：添加参赛单位。"))
            return redirect("series:entrants", series.pk)
    readable = Series.objects.filter(organisation__in=organisations_with(request.user, "read"))
    return render(
        request,
        "series/series_list.html",
        {
            "series_list": readable.select_related("organisation").annotate(
                round_count=Count("rounds", distinct=True),
                entrant_count=Count("entrants", distinct=True),
            ),
            "managed": set(managed.values_list("pk", flat=True)),
            "form": form if managed.exists() else None,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_GET
def standings_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    group = request.GET.get("group") or None
    names = tables.groups(snapshot.data)
    if group not in names:
        group = None
    return series_page(
        request,
        series,
        "standings",
        "series/standings.html",
        {
            "matrix": tables.matrix(snapshot.data, group),
            "group": group,
            "group_names": names,
            "award_notes": [
                (r["number"], r.get("notes", [])) for r in tables.counted_rounds(snapshot.data)
            ],
            **charts.trend(snapshot.data, form_id(request.GET.get("unit", ""))),
        },
    )


def _awards(request: HttpRequest, series: Series, status: int = 200, **forms) -> HttpResponse:
    """The awards page; `forms` holds a refused form to show again with its errors."""
    forms = {
        "decision_form": DecisionForm(series=series, prefix="decision"),
        "consequence_form": ConsequenceForm(series=series, prefix="consequence"),
        **forms,
    }
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    names = {row["id"]: row["name"] for row in snapshot.data["entrants"]}
    periods = [
        {
            **rnd,
            "red_names": [names[e] for e in rnd["red"]],
            "snail_names": [names[e] for e in rnd["snail"]],
            "flag_names": [names[e] for e in rnd["flag"]],
        }
        for rnd in tables.counted_rounds(snapshot.data)
    ]
    context = {
        "periods": periods,
        "counts": snapshot.data["entrants"],
        "decisions": AwardDecision.objects.filter(round__series=series).select_related(
            "round", "entrant", "decided_by", "revoked_by"
        ),
        "consequence_list": [
            c
            for e in series.entrants.prefetch_related("consequences")
            for c in e.consequences.all()
        ],
        **forms,
        "manual": Series.AwardRule.MANUAL in {series.red_rule, series.snail_rule},
    }
    return series_page(request, series, "awards", "series/awards.html", context, status=status)


@login_required
@require_GET
def awards_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _awards(request, owned_series(request, pk))


@form_target("series:awards")
def award_decide(request: HttpRequest, series: Series) -> HttpResponse:
    """A named 红旗 / 蜗牛 decided by hand, with its reason."""
    form = DecisionForm(request.POST, series=series, prefix="decision")
    if form.is_valid():
        data = form.cleaned_data
        try:
            series_results.decide(
                series, request.user, rnd=data["round"], entrant=data["entrant"],
                award=data["award"], reason=data["reason"],
            )  # fmt: skip
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已记录。"))
            return redirect("series:awards", series.pk)
    return _awards(request, series, 422, decision_form=form)


@form_target("series:awards")
def award_revoke(request: HttpRequest, series: Series) -> HttpResponse:
    """A decided award revoked with a reason; the record stays."""
    decision = AwardDecision.objects.filter(
        pk=form_id(request.POST.get("decision")), round__series=series
    ).first()
    try:
        if decision is None:
            raise SeriesError(_("没有这条评奖记录。"))
        series_results.revoke(decision, request.user, reason=request.POST.get("reason", ""))
    except SeriesError as problem:
        messages.error(request, str(problem))
        return _awards(request, series, 422)
    messages.success(request, _("已撤销，记录保留。"))
    return redirect("series:awards", series.pk)


@form_target("series:awards")
def consequence_add(request: HttpRequest, series: Series) -> HttpResponse:
    """结果运用: what follows for a unit (a talk, a commendation…), recorded."""
    form = ConsequenceForm(request.POST, series=series, prefix="consequence")
    if form.is_valid():
        data = form.cleaned_data
        try:
            series_results.record_consequence(
                series, request.user, entrant=data["entrant"], tag=data["tag"], note=data["note"]
            )
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已记录。"))
            return redirect("series:awards", series.pk)
    return _awards(request, series, 422, consequence_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    if request.method == "POST":
        form = partial_update(SeriesForm, request.POST, series)
    else:
        form = SeriesForm(instance=series)
    if request.method == "POST" and form.is_valid():
        form.save()
        standings.log(
            series,
            SeriesEvent.Action.SETTINGS,
            request.user,
            _("修改设置：{fields}").format(
                fields="、".join(str(form.fields[f].label) for f in form.changed_data)
            ),
        )
        standings.refresh(series, request.user)
        messages.success(request, _("已保存设置。"))
        return redirect("series:settings", series.pk)
    return series_page(
        request,
        series,
        "settings",
        "series/settings.html",
        {"form": form},
        status=422 if form.errors else 200,
    )

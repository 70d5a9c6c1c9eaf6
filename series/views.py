"""The organizer's series pages (/o/series/…, login required; who may open which:
orgs/access.py). Thin views over series/*.py; the sign-off, publication and files are in
views_results.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from arena.forms import partial_update
from arena.public import public_url
from arena.text import form_id
from contests.permissions import organizer_contests
from orgs.access import can, organisations_to_run, organisations_with, page_capability
from series import entrants, rounds, standings, tables
from series import results as series_results
from series.forms import (
    AddRoundForm,
    ConsequenceForm,
    CreateSeriesForm,
    DecisionForm,
    EntrantForm,
    EntrantImportForm,
    GroupForm,
    NextRoundForm,
    RoundForm,
    SeriesForm,
)
from series.models import AwardDecision, Entrant, Round, Series, SeriesEvent
from series.rounds import SeriesError

# The tabs an account that may only read the series sees (the others answer it 404).
READABLE_TABS = {"standings", "results", "ledger", "boards"}
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
        },
    )


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


def _round(series: Series, number: int) -> Round:
    return get_object_or_404(series.rounds.select_related("contest"), number=number)


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    series = owned_series(request, pk)
    rnd = _round(series, number)
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


@login_required
@require_http_methods(["GET", "POST"])
def entrants_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    form = EntrantForm(series=series, prefix="entrant")
    group_form = GroupForm(series=series, prefix="group")
    import_form = EntrantImportForm(prefix="import")
    problems = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = EntrantForm(request.POST, series=series, prefix="entrant")
            if form.is_valid():
                entrant = form.save(commit=False)
                entrant.order = series.entrants.count() + 1
                entrant.save()
                rounds.units_changed(series, request.user)  # links earlier rounds too
                messages.success(request, _("已添加“{name}”。").format(name=entrant.name))
                return redirect("series:entrants", series.pk)
        elif action == "group":
            group_form = GroupForm(request.POST, series=series, prefix="group")
            if group_form.is_valid():
                group = group_form.save(commit=False)
                group.order = series.groups.count() + 1
                group.save()
                messages.success(request, _("已添加分组“{name}”。").format(name=group.name))
                return redirect("series:entrants", series.pk)
        elif action == "import":
            import_form = EntrantImportForm(request.POST, request.FILES, prefix="import")
            if import_form.is_valid():
                upload = import_form.cleaned_data["file"]
                result = entrants.import_entrants(
                    series, upload.name, upload.read(), import_form.cleaned_data["allow_new_groups"]
                )
                if result.ok:
                    rounds.units_changed(series, request.user)
                    messages.success(request, _("已导入 {n} 个参赛单位。").format(n=result.created))
                    return redirect("series:entrants", series.pk)
                problems = [str(p) for p in result.problems]
        status = 422
    return series_page(
        request,
        series,
        "entrants",
        "series/entrants.html",
        {
            "entrants": series.entrants.select_related("group").annotate(
                rounds=Count("participations")
            ),
            "groups": series.groups.annotate(members=Count("entrants")),
            "form": form,
            "group_form": group_form,
            "import_form": import_form,
            "problems": problems,
            "columns": [c.header for c in entrants.ENTRANT_SPEC.columns],
            "offered": offered_contests(request, series)[:50],
        },
        status=status,
    )


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
def awards_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk)
    decision_form = DecisionForm(series=series, prefix="decision")
    consequence_form = ConsequenceForm(series=series, prefix="consequence")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decide":
                decision_form = DecisionForm(request.POST, series=series, prefix="decision")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    series_results.decide(
                        series,
                        request.user,
                        rnd=data["round"],
                        entrant=data["entrant"],
                        award=data["award"],
                        reason=data["reason"],
                    )
                    messages.success(request, _("已记录。"))
                    return redirect("series:awards", series.pk)
            elif action == "revoke":
                decision = get_object_or_404(
                    AwardDecision, pk=form_id(request.POST.get("decision")), round__series=series
                )
                series_results.revoke(decision, request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("已撤销，记录保留。"))
                return redirect("series:awards", series.pk)
            elif action == "consequence":
                consequence_form = ConsequenceForm(
                    request.POST, series=series, prefix="consequence"
                )
                if consequence_form.is_valid():
                    data = consequence_form.cleaned_data
                    series_results.record_consequence(
                        series,
                        request.user,
                        entrant=data["entrant"],
                        tag=data["tag"],
                        note=data["note"],
                    )
                    messages.success(request, _("已记录。"))
                    return redirect("series:awards", series.pk)
        except SeriesError as problem:
            messages.error(request, str(problem))
        status = 422
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
    return series_page(
        request,
        series,
        "awards",
        "series/awards.html",
        {
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
            "decision_form": decision_form,
            "consequence_form": consequence_form,
            "manual": Series.AwardRule.MANUAL in {series.red_rule, series.snail_rule},
        },
        status=status,
    )


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

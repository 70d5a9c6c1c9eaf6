"""A series' 事项台账 (/o/series/<id>/ledger/): the page with its filters, one small view per
form on it (verify, send back, extensions, cancel, import, settings, the on-time indicator),
and the 汇报表 files."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from arena.lib.downloads import PDF, XLSX, attachment
from arena.lib.pdf import render_pdf
from arena.lib.reader import FileProblem, read_rows
from arena.lib.tables import to_xlsx
from arena.text import ROW_NOT_FOUND, form_id
from followup import cards, imports, indicator, ledger, tables
from followup.ledger import FollowupError
from followup.models import Card, Extension, FollowupAudit, Matter, Measure
from followup.views import local_today, parse_date
from series.models import Series
from series.views import form_target, owned_series, series_page


@login_required
@require_GET
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, owned_series(request, pk, readable=True))


def _page(
    request: HttpRequest, series: Series, problems: list[str] | None = None, status: int = 200
) -> HttpResponse:
    rows = tables.matter_rows(_matters(series, request), None, local_today())
    light = request.GET.get("light", "")
    if light:
        rows = [r for r in rows if r["light"] == light]
    return series_page(
        request,
        series,
        "ledger",
        "followup/ledger.html",
        {
            "rows": rows,
            "filters": request.GET,
            "actions": sorted(
                set(series.matters.exclude(action="").values_list("action", flat=True))
            ),
            "units": series.entrants.all(),
            "kinds": Matter.Kind.choices,
            "rounds": series.rounds.all(),
            "pending": Extension.objects.filter(
                measure__matter__series=series, result=Extension.Result.PENDING
            ).select_related("measure__matter"),
            "cards": Card.objects.filter(series=series).select_related(
                "entrant", "issued_round", "changed_round", "matter"
            ),
            "config": cards.settings_for(series),
            "audit": FollowupAudit.objects.filter(series=series)
            .select_related("user", "entrant", "matter")
            .order_by("-at", "-id")[:100],
            "problems": problems or [],
            # The filters the page is shown with, kept by its forms' addresses.
            "query": f"?{request.GET.urlencode()}" if request.GET else "",
            "month": local_today().replace(day=1),
            "today": local_today(),
        },
        status=status,
    )


def _matters(series: Series, request: HttpRequest):
    matters = series.matters.prefetch_related(
        "measures__responsible__entrant", "measures__extensions", "updates"
    ).select_related("lead_entrant", "round")
    action = request.GET.get("action", "")  # the 行动 a matter belongs to (a filter)
    if action:
        matters = matters.filter(action=action)
    unit = request.GET.get("unit", "")
    if form_id(unit):
        matters = matters.filter(measures__responsible__entrant_id=form_id(unit)).distinct()
    kind = request.GET.get("kind", "")
    if kind in Matter.Kind.values:
        matters = matters.filter(kind=kind)
    number = request.GET.get("round", "")
    if form_id(number):
        matters = matters.filter(round__number=form_id(number))
    return matters


def ledger_form(act: Callable[[HttpRequest, Series], list[str]]) -> Callable:
    """A view that a form of the ledger posts to: `act` does it and gives the problems found
    (none: back to the ledger, with the filters it was posted under); a problem, a refusal or
    a row not in this series shows the ledger again with it, 422."""

    @form_target("followup:ledger")
    @wraps(act)
    def view(request: HttpRequest, series: Series) -> HttpResponse:
        try:
            problems = act(request, series)
        except (FollowupError, Http404) as problem:
            refused = problem if isinstance(problem, FollowupError) else ROW_NOT_FOUND
            messages.error(request, str(refused))
            return _page(request, series, status=422)
        if problems:
            return _page(request, series, problems, status=422)
        query = request.GET.urlencode()
        return redirect(
            reverse("followup:ledger", args=[series.pk]) + (f"?{query}" if query else "")
        )

    return view


def _measure(request: HttpRequest, series: Series) -> Measure:
    return get_object_or_404(
        Measure, pk=form_id(request.POST.get("measure")), matter__series=series
    )


@ledger_form
def verify(request: HttpRequest, series: Series) -> list[str]:
    ledger.verify(_measure(request, series), user=request.user, today=local_today())
    return []


@ledger_form
def send_back(request: HttpRequest, series: Series) -> list[str]:
    measure = _measure(request, series)
    ledger.send_back(measure, reason=request.POST.get("reason", ""), user=request.user)
    return []


def _decide_extension(approve: bool) -> Callable:
    def decide(request: HttpRequest, series: Series) -> list[str]:
        extension = get_object_or_404(
            Extension,
            pk=form_id(request.POST.get("extension")),
            measure__matter__series=series,
        )
        ledger.decide_extension(extension, approve=approve, user=request.user, today=local_today())
        return []

    return decide


approve_extension = ledger_form(_decide_extension(approve=True))
refuse_extension = ledger_form(_decide_extension(approve=False))


@ledger_form
def cancel(request: HttpRequest, series: Series) -> list[str]:
    matter = get_object_or_404(Matter, pk=form_id(request.POST.get("matter")), series=series)
    ledger.cancel(matter, reason=request.POST.get("reason", ""), user=request.user)
    return []


@ledger_form
def import_matters(request: HttpRequest, series: Series) -> list[str]:
    upload = request.FILES.get("file")
    if upload is None:
        raise FollowupError(_("请选择文件。"))
    try:
        rows = read_rows(upload.name, upload.read())
    except FileProblem as problem:
        return [str(problem)]
    result = imports.import_matters(series, rows, user=request.user)
    if not result.ok:
        return [str(p) for p in result.problems]
    messages.success(request, _("已导入 {n} 个事项。").format(n=result.created))
    return []


@ledger_form
def settings(request: HttpRequest, series: Series) -> list[str]:
    post = request.POST
    days = post.get("rectification_days", "30").strip()
    if not 1 <= form_id(days) <= 365:
        problem = _("整改期限（天）须为 1 到 365 之间的整数，实际为“{text}”")
        return [problem.format(text=days[:20])]
    config = cards.settings_for(series)
    config.cards = post.get("cards") == "1"
    config.rectification_days = form_id(days)
    config.red_card_consequence = post.get("red_card_consequence", "").strip()[:200]
    config.save()
    messages.success(request, _("已保存。"))
    return []


@ledger_form
def on_time_indicator(request: HttpRequest, series: Series) -> list[str]:
    rnd = get_object_or_404(series.rounds, number=form_id(request.POST.get("round")))
    scores = indicator.fill_on_time_rate(rnd, request.POST.get("indicator", ""))
    filled = sum(1 for value in scores.values() if value is not None)
    messages.success(
        request,
        _("已填入第 {n} 期 {count} 位汇报人的指标得分。").format(n=rnd.number, count=filled),
    )
    return []


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The 汇报表 for one 行动 (all if empty) and month, as XLSX or PDF."""
    series = owned_series(request, pk, readable=True)
    month = parse_date((request.GET.get("month") or "") + "-01") or local_today().replace(day=1)
    action = request.GET.get("action", "")
    rows = tables.month_report(series, month, local_today(), action)
    title = f"{series.title}{action and ' ' + action} {month:%Y-%m} 汇报表"
    if fmt == "xlsx":
        body = to_xlsx([("汇报表", tables.report_table(rows))])
        content_type = XLSX
    elif fmt == "pdf":
        html = render(
            request,
            "followup/report_pdf.html",
            {"title": title, "table": tables.report_table(rows), "rows": rows},
        ).content.decode()
        body, content_type = render_pdf(html), PDF
    else:
        raise Http404
    return attachment(body, content_type, f"{title}.{fmt}")

"""The 晒比榜 page of a series (/o/series/<id>/boards/): the month's lights by metric or by unit,
the summary, and one small view per form on it (settings, 公布, pledges, review, the imports,
the indicator); a metric's twelve months; the console's 亮目标 panel; the files. A unit's page
and the public boards are views_unit.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.forms import error_lines
from arena.lib.downloads import PDF, XLSX, attachment
from arena.lib.reader import FileProblem, ImportResult, read_rows
from arena.public import public_url
from arena.text import ROW_NOT_FOUND, form_id
from boards import charts, imports, outputs, pledges, rules, values
from boards.forms import BoardForm
from boards.indicator import fill_board_scores
from boards.models import Benchmark, Metric, MetricValue, Pledge, Publication
from contests.permissions import organizer_contest
from series.models import Entrant, Series
from series.views import form_target, owned_series, series_page


def period_of(request: HttpRequest) -> dt.date:
    """The month a page or form is about (?month=YYYY-MM, or posted), else this month."""
    text = request.GET.get("month") or request.POST.get("month") or ""
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
@require_GET
def board_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    return _page(request, series, period_of(request))


def _page(
    request: HttpRequest, series: Series, period: dt.date, problems: list[str] | None = None
) -> HttpResponse:
    metrics = Metric.objects.filter(board__series=series).select_related("board", "lead_entrant")
    board = request.GET.get("board", "")
    if form_id(board):
        metrics = metrics.filter(board_id=form_id(board))
    action = request.GET.get("action", "")  # the 行动 a metric belongs to (a filter)
    if action:
        metrics = metrics.filter(action=action)
    unit = request.GET.get("unit", "")
    if form_id(unit):
        metrics = metrics.filter(lead_entrant_id=form_id(unit)) | metrics.filter(
            co_entrants=form_id(unit)
        )
    leader = request.GET.get("leader", "")
    if leader:
        metrics = metrics.filter(lead_leader=leader)
    rows = values.period_rows(metrics.distinct(), period)
    light = request.GET.get("light", "")
    if light in values.LIGHT_LABELS:
        rows = [r for r in rows if r.reading.light == light]
    all_metrics = Metric.objects.filter(board__series=series)
    return series_page(
        request,
        series,
        "boards",
        "boards/board.html",
        {
            "period": period,
            "rows": rows,
            "summary": values.summary(rows),
            "units": values.unit_scores(series, period)
            if request.GET.get("view") == "units"
            else [],
            "view": request.GET.get("view", "metrics"),
            "filters": request.GET,
            "boards": series.boards.all(),
            "board_forms": [
                BoardForm(instance=b, prefix=f"board{b.pk}") for b in series.boards.all()
            ],
            "public_url": public_url(
                request, reverse("boards_public:page", args=[series.screen_token])
            ),
            "actions": sorted(set(all_metrics.exclude(action="").values_list("action", flat=True))),
            "leaders": sorted(
                set(all_metrics.exclude(lead_leader="").values_list("lead_leader", flat=True))
            ),
            "entrants": series.entrants.all(),
            "lights_chart": charts.lights_chart(_("各月亮灯"), all_metrics, series.year),
            "benchmarks": series.benchmarks.all(),
            "benchmark_kinds": Benchmark.Kind.choices,
            "all_metrics": all_metrics.order_by("board__order", "code"),
            "light_labels": values.LIGHT_LABELS,  # the 灯 filter
            "problems": problems or [],
            "pledges": Pledge.objects.filter(series=series).select_related("entrant"),
            "published": Publication.objects.filter(series=series, period=period).first(),
            "rounds": series.rounds.all(),
            "pledge_labels": pledges.PLEDGE_LABELS,
            "today": timezone.localdate(),
        },
        status=422 if problems else 200,
    )


def board_form(act: Callable[[HttpRequest, Series, dt.date], list[str]]) -> Callable:
    """A view that a form of the board page posts to, for the month it was posted under:
    `act` does it and gives the problems found (none: back to that month's board); problems
    show the board again with them, 422, nothing saved."""

    @form_target("boards:board")
    @wraps(act)
    def view(request: HttpRequest, series: Series) -> HttpResponse:
        period = period_of(request)
        try:
            problems = act(request, series, period)
        except Http404:
            problems = [str(ROW_NOT_FOUND)]
        if problems:
            return _page(request, series, period, problems)
        return redirect(f"{reverse('boards:board', args=[series.pk])}?month={period:%Y-%m}")

    return view


@board_form
def board_settings(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    board = get_object_or_404(series.boards, pk=form_id(request.POST.get("board")))
    form = BoardForm(request.POST, instance=board, prefix=f"board{board.pk}")
    if not form.is_valid():
        return error_lines(form)
    form.save()
    messages.success(request, _("已保存榜单设置。"))
    return []


@board_form
def publish(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    Publication.objects.get_or_create(
        series=series, period=period, defaults={"published_by": request.user}
    )
    messages.success(request, _("已公布 {month} 的晒比结果。").format(month=f"{period:%Y-%m}"))
    return []


@board_form
def unpublish(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    Publication.objects.filter(series=series, period=period).delete()
    messages.success(request, _("已撤回公布。"))
    return []


def _pledge(request: HttpRequest, series: Series) -> Pledge:
    return get_object_or_404(Pledge, pk=form_id(request.POST.get("pledge")), series=series)


@board_form
def pledge_edit(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    """The organizer's correction of a pledge's wording or time limit (the original kept)."""
    pledge = _pledge(request, series)
    pledged_on = pledge.round.contest.date if pledge.round else dt.date(series.year, 1, 1)
    due = rules.due_date(request.POST.get("due", ""), pledged_on)
    try:
        if due is None:
            raise ValueError(_("时限应为 一季度、上半年、前三季度、全年 或一个日期。"))
        pledges.edit_pledge(pledge, text=request.POST.get("text", ""), due=due, user=request.user)
        messages.success(request, _("已修改承诺，原话保留。"))
    except ValueError as problem:
        messages.error(request, str(problem))
    return []


@board_form
def pledge_verify(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    pledges.verify_pledge(_pledge(request, series), user=request.user)
    return []


@board_form
def value_review(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    value = get_object_or_404(
        MetricValue, pk=form_id(request.POST.get("value")), metric__board__series=series
    )
    values.review(value, user=request.user)
    return []


@board_form
def board_indicator(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    """The month's unit scores into a round's 指标评分 item."""
    rnd = get_object_or_404(series.rounds, number=form_id(request.POST.get("round")))
    try:
        scores = fill_board_scores(rnd, request.POST.get("indicator", ""), period)
    except ValueError as problem:
        messages.error(request, str(problem))
        return []
    filled = sum(1 for v in scores.values() if v is not None)
    messages.success(
        request,
        _("已把 {month} 的单位得分填入第 {n} 期 {count} 位汇报人的指标评分。").format(
            month=f"{period:%Y-%m}", n=rnd.number, count=filled
        ),
    )
    return []


def importer(read: Callable) -> Callable:
    """An import form: the file read by the shared reader, its rows given to `read`."""

    @wraps(read)
    def do(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
        upload = request.FILES.get("file")
        if upload is None:
            return [_("请选择文件。")]
        try:
            rows = read_rows(upload.name, upload.read())
        except FileProblem as problem:
            return [str(problem)]
        result = read(request, series, period, rows)
        if not result.ok:
            return [str(p) for p in result.problems]
        messages.success(request, _("已导入 {n} 行。").format(n=result.created))
        return []

    return do


@board_form
@importer
def import_definitions(
    request: HttpRequest, series: Series, period: dt.date, rows: list
) -> ImportResult:
    return imports.import_definitions(series, rows)


@board_form
@importer
def import_values(
    request: HttpRequest, series: Series, period: dt.date, rows: list
) -> ImportResult:
    return imports.import_values(series, period, rows, user=request.user)


@board_form
@importer
def import_pledges(
    request: HttpRequest, series: Series, period: dt.date, rows: list
) -> ImportResult:
    return imports.import_pledges(series, rows)


@login_required
@require_GET
def metric_page(request: HttpRequest, pk: int, metric_pk: int) -> HttpResponse:
    """A metric's twelve months: value, target, reading, who entered it."""
    series = owned_series(request, pk, readable=True)
    metric = get_object_or_404(
        Metric.objects.select_related("board"), pk=metric_pk, board__series=series
    )
    months = [
        (
            dt.date(series.year, month, 1),
            values.period_rows([metric], dt.date(series.year, month, 1))[0],
        )
        for month in range(1, 13)
    ]
    return series_page(
        request,
        series,
        "boards",
        "boards/metric.html",
        {
            "metric": metric,
            "months": months,
            "has_benchmarks": metric.benchmark_values.exists(),
            "chart": charts.metric_chart(metric, months),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """亮目标 in the console: the presenter's pledges with their outcome so far, and a form to
    take down a new one as it is said on stage."""
    contest = organizer_contest(request, pk)
    presenters = list(contest.contestants.taking_part().select_related("participation__entrant"))
    wanted = request.POST.get("contestant") or request.GET.get("contestant") or ""
    presenter = next((p for p in presenters if str(p.pk) == wanted), None)
    presenter = (
        presenter or contest.live.current_contestant or (presenters[0] if presenters else None)
    )
    link = getattr(presenter, "participation", None) if presenter else None
    error = ""
    today = timezone.localdate()
    if request.method == "POST" and link is not None:
        try:
            pledges.record_pledge(
                link, presenter, text=request.POST.get("text", ""),
                comparator=request.POST.get("comparator", ">="),
                assured=request.POST.get("assured", ""), stretch=request.POST.get("stretch", ""),
                unit=request.POST.get("unit", ""), due=request.POST.get("due", ""),
            )  # fmt: skip
        except ValueError as problem:
            error = str(problem)
    made = Pledge.objects.filter(entrant=link.entrant) if link else Pledge.objects.none()
    return render(
        request,
        "boards/partials/pledge_panel.html",
        {
            "contest": contest,
            "presenter": presenter,
            "presenters": presenters,
            "unit": link.entrant if link else None,
            "pledges": [
                (
                    p,
                    pledges.PLEDGE_LABELS[pledges.pledge_outcome(p, today)],
                    rules.PLEDGE_LIGHTS[pledges.pledge_outcome(p, today)],
                )
                for p in made
            ],
            "line": pledges.pledge_line(made, today) if link else "",
            "error": error,
            "comparators": Pledge.Comparator.choices,
        },
        status=422 if error else 200,
    )


@login_required
@require_GET
def board_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The month (?month=YYYY-MM) as XLSX or the 月度晒比通报 PDF."""
    series = owned_series(request, pk, readable=True)
    period = period_of(request)
    if name == "month.xlsx":
        body, kind = outputs.period_xlsx(series, period), XLSX
        filename = f"{series.title}-{period:%Y-%m}-晒比.xlsx"
    elif name == "bulletin.pdf":
        body, kind = outputs.bulletin_pdf(series, period), PDF
        filename = f"{series.title}-{period:%Y-%m}-晒比通报.pdf"
    else:
        raise Http404
    return attachment(body, kind, filename)


@login_required
@require_GET
def pledges_file(request: HttpRequest, pk: int, entrant_pk: int) -> HttpResponse:
    """A unit's 军令状 as a PDF to sign."""
    series = owned_series(request, pk, readable=True)
    entrant = get_object_or_404(Entrant, pk=entrant_pk, series=series)
    return attachment(outputs.pledges_pdf(entrant), PDF, f"{entrant.name}-军令状.pdf")

"""The follow-up pages: the 点评·提问·交办 panel (the console's, and the 记录员's page), the
series' ledger, the 汇报表 files, and a unit's own matters behind its private link."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.lib.pdf import render_pdf
from arena.lib.reader import FileProblem, read_rows
from arena.lib.tables import to_xlsx
from arena.text import form_id, is_number
from contests.models import Contest
from followup import cards, imports, indicator, ledger, tables
from followup.ledger import FollowupError
from followup.models import (
    Card,
    Extension,
    FollowupAudit,
    Matter,
    Measure,
    Remark,
)
from orgs.access import can
from series.models import Entrant, Series
from series.views import owned_series, series_page


def _today() -> dt.date:
    return timezone.localdate()


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def remark_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the user runs it or is a 记录员 of its organisation."""
    contest = get_object_or_404(
        Contest.objects.select_related("live__current_contestant", "organisation"), pk=pk
    )
    if not can(request.user, contest.organisation, "remark"):
        raise Http404
    return contest


def _panel_context(request: HttpRequest, contest: Contest, contestant_id: str | None) -> dict:
    presenters = list(contest.contestants.taking_part().select_related("participation__round"))
    chosen = next((p for p in presenters if str(p.pk) == (contestant_id or "")), None)
    chosen = chosen or contest.live.current_contestant or (presenters[0] if presenters else None)
    rnd = ledger.round_of(contest)
    today = _today()
    return {
        "contest": contest,
        "presenters": presenters,
        "presenter": chosen,
        "on_stage": contest.live.current_contestant,
        "series_round": rnd,
        "units": rnd.series.entrants.filter(active=True) if rnd else [],
        # 交办 to the presenter's own unit, the usual case: preselected as the lead.
        "presenter_unit": getattr(getattr(chosen, "participation", None), "entrant_id", None),
        "remarks": chosen.remarks.select_related("matter").order_by("-at") if chosen else [],
        "lookback": tables.presenter_lookback(chosen, today) if chosen else "",
        "today": today,
        "kinds": Remark.Kind.choices,
    }


@login_required
@require_http_methods(["GET", "POST"])
def remarks(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the panel (the console loads it) or the 记录员's page; POST: record a remark."""
    contest = remark_contest(request, pk)
    status = 200
    error = ""
    if request.method == "POST" and request.POST.get("action") == "move":
        remark = get_object_or_404(Remark, pk=form_id(request.POST.get("remark")), contest=contest)
        target = contest.contestants.filter(pk=form_id(request.POST.get("to"))).first()
        try:
            if target is None:
                raise FollowupError(_("请选择汇报人。"))
            ledger.move_remark(remark, target, user=request.user)
        except FollowupError as problem:
            error, status = str(problem), 422
    elif request.method == "POST":
        context = _panel_context(request, contest, request.POST.get("contestant"))
        try:
            if context["presenter"] is None:
                raise FollowupError(_("本场还没有汇报人。"))
            chosen_units = {u.pk: u for u in context["units"]}
            lead = chosen_units.get(form_id(request.POST.get("lead")))
            others = [
                chosen_units[form_id(v)]
                for v in request.POST.getlist("units")
                if form_id(v) in chosen_units
            ]
            ledger.record_remark(
                contest,
                context["presenter"],
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                speaker=request.POST.get("speaker", ""),
                user=request.user,
                today=_today(),
                units=[u for u in [lead, *others] if u is not None],
                deadline=_date(request.POST.get("deadline")),
            )
        except FollowupError as problem:
            error = str(problem)
            status = 422
    context = _panel_context(
        request, contest, request.POST.get("contestant") or request.GET.get("contestant")
    )
    context.update({"error": error, "posted": request.POST if error else {}})
    if request.htmx:
        return render(request, "followup/partials/remarks_panel.html", context, status=status)
    return render(request, "followup/remarks.html", context, status=status)


def _matters(series: Series, request: HttpRequest):
    matters = series.matters.prefetch_related(
        "measures__responsible__entrant", "measures__extensions", "updates"
    ).select_related("lead_entrant", "round")
    action = request.GET.get("action", "")
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


@login_required
@require_http_methods(["GET", "POST"])
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    today = _today()
    config = cards.settings_for(series)
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        try:
            problems = _ledger_action(request, series, config, today)
            if not problems:
                return redirect(request.get_full_path())
        except FollowupError as problem:
            messages.error(request, str(problem))
        status = 422
    rows = tables.matter_rows(_matters(series, request), None, today)
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
            "config": config,
            "audit": FollowupAudit.objects.filter(series=series)
            .select_related("user", "entrant", "matter")
            .order_by("-at", "-id")[:100],
            "problems": problems,
            "month": today.replace(day=1),
            "today": today,
        },
        status=status,
    )


def _ledger_action(request: HttpRequest, series: Series, config, today: dt.date) -> list[str]:
    action = request.POST.get("action", "")
    post = request.POST
    if action in {"verify", "send_back"}:
        measure = get_object_or_404(Measure, pk=form_id(post.get("measure")), matter__series=series)
        if action == "verify":
            ledger.verify(measure, user=request.user, today=today)
        else:
            ledger.send_back(measure, reason=post.get("reason", ""), user=request.user)
    elif action in {"approve", "refuse"}:
        extension = get_object_or_404(
            Extension, pk=form_id(post.get("extension")), measure__matter__series=series
        )
        ledger.decide_extension(
            extension, approve=action == "approve", user=request.user, today=today
        )
    elif action == "cancel":
        matter = get_object_or_404(Matter, pk=form_id(post.get("matter")), series=series)
        ledger.cancel(matter, reason=post.get("reason", ""), user=request.user)
    elif action == "import":
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
    elif action == "settings":
        days = post.get("rectification_days", "30").strip()
        if not 1 <= form_id(days) <= 365:
            problem = _("整改期限（天）须为 1 到 365 之间的整数，实际为“{text}”")
            return [problem.format(text=days[:20])]
        config.cards = post.get("cards") == "1"
        config.rectification_days = form_id(days)
        config.red_card_consequence = post.get("red_card_consequence", "").strip()[:200]
        config.save()
        messages.success(request, _("已保存。"))
    elif action == "indicator":
        rnd = get_object_or_404(series.rounds, number=form_id(post.get("round")))
        scores = indicator.fill_on_time_rate(rnd, post.get("indicator", ""))
        filled = sum(1 for value in scores.values() if value is not None)
        messages.success(
            request,
            _("已填入第 {n} 期 {count} 位汇报人的指标得分。").format(n=rnd.number, count=filled),
        )
    else:
        raise FollowupError(_("未知的操作。"))
    return []


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The 汇报表 for one 行动 (all if empty) and month, as XLSX or PDF."""
    series = owned_series(request, pk, readable=True)
    month = _date((request.GET.get("month") or "") + "-01") or _today().replace(day=1)
    action = request.GET.get("action", "")
    rows = tables.month_report(series, month, _today(), action)
    title = f"{series.title}{action and ' ' + action} {month:%Y-%m} 汇报表"
    if fmt == "xlsx":
        body = to_xlsx([("汇报表", tables.report_table(rows))])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        html = render(
            request,
            "followup/report_pdf.html",
            {"title": title, "table": tables.report_table(rows), "rows": rows},
        ).content.decode()
        body, content_type = render_pdf(html), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{title}.{fmt}")
    return response


@require_http_methods(["GET", "POST"])
def unit_matters(request: HttpRequest, token: str) -> HttpResponse:
    """A unit's own matters: the monthly update, done and extension for its measures."""
    entrant = get_object_or_404(Entrant.objects.select_related("series"), token=token)
    today = _today()
    status = 200
    if request.method == "POST":
        try:
            _unit_action(request, entrant, today)
            messages.success(request, _("已提交。"))
            return redirect("followup_unit:matters", entrant.token)
        except FollowupError as problem:
            messages.error(request, str(problem))
            status = 422
    rows = tables.matter_rows(tables.entrant_matters(entrant), today, today)
    for row in rows:
        for item in row["measures"]:
            item["mine"] = any(u.pk == entrant.pk for u in item["measure"].units())
    return render(
        request,
        "followup/unit.html",
        {"entrant": entrant, "rows": rows, "today": today, "month": today.replace(day=1)},
        status=status,
    )


def _unit_action(request: HttpRequest, entrant: Entrant, today: dt.date) -> None:
    post = request.POST
    action = post.get("action", "")
    if action == "update":
        matter = tables.entrant_matters(entrant).filter(pk=form_id(post.get("matter"))).first()
        if matter is None:
            raise Http404
        percent = post.get("percent", "")
        ledger.submit_update(
            matter,
            period=today,
            progress=post.get("progress", ""),
            problems=post.get("problems", ""),
            percent=int(percent) if is_number(percent) else None,
        )
        return
    measure = Measure.objects.filter(
        pk=form_id(post.get("measure")), responsible__entrant=entrant
    ).first()
    if measure is None:
        raise Http404  # another unit's measure: as if it did not exist
    if action == "done":
        ledger.mark_done(measure, evidence=post.get("evidence", ""), today=today, entrant=entrant)
    elif action == "extend":
        new_deadline = _date(post.get("new_deadline"))
        if new_deadline is None:
            raise FollowupError(_("请填写延期后的时限。"))
        ledger.request_extension(
            measure, new_deadline=new_deadline, reason=post.get("reason", ""), today=today,
            entrant=entrant,
        )  # fmt: skip
    else:
        raise Http404

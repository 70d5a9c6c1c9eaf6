"""Organizer pages of the scoring app: indicator scores by table and by file, recusals, judges'
feedback, the audit log (the live console is live/views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from arena.events import publish_contest_changed
from arena.lib.downloads import CSV, attachment
from arena.lib.tables import to_csv
from arena.text import is_number
from contests.collections import STEPS
from contests.forms import ImportForm
from contests.kinds import presenter_label, uses_judges
from contests.models import Indicator, IndicatorScore
from contests.permissions import organizer_contest
from contests.setup import SetupError
from contests.setup import change as setup_change
from scoring import exports, task_import
from scoring import indicators as indicator_scores
from scoring.forms import RecusalForm

# Inputs on one page of the indicator table (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is 2,000).
INDICATOR_CELLS_PER_PAGE = 1500


@login_required
@require_http_methods(["GET", "POST"])
def indicator_table(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator scores as a grid, a page of contestants at a time.

    A page holds at most INDICATOR_CELLS_PER_PAGE inputs, so its form stays well under
    DATA_UPLOAD_MAX_NUMBER_FIELDS whatever the imports created; saving changes only the cells
    the page showed (a contestant added meanwhile is not cleared)."""
    contest = organizer_contest(request, pk)
    indicators = list(contest.indicators.all())
    per_page = max(1, INDICATOR_CELLS_PER_PAGE // max(1, len(indicators)))
    page = Paginator(contest.contestants.all(), per_page).get_page(request.GET.get("page"))
    contestants = list(page.object_list)
    stored = {
        (s.indicator_id, s.contestant_id): str(s.value)
        for s in IndicatorScore.objects.filter(
            indicator__contest=contest, contestant__in=contestants
        )
    }
    listed = Indicator.listed_presenters(contest)
    problems: dict[tuple[int, int], str] = {}
    entered = stored
    status = 200
    here = f"{reverse('organizer:indicator_table', args=[contest.pk])}?page={page.number}"
    if request.method == "POST":
        entered = {
            (i.pk, c.pk): request.POST[f"v-{i.pk}-{c.pk}"]
            for i in indicators
            for c in contestants
            if f"v-{i.pk}-{c.pk}" in request.POST
        }
        try:
            with setup_change(contest, request.user, _("录入指标得分")):
                problems = indicator_scores.save_scores(contest, entered)
        except SetupError as error:
            messages.error(request, str(error))
            return redirect(here)
        if not problems:
            messages.success(request, _("指标得分已保存，排名已更新。"))
            return redirect(here)
        status = 422
    rows = [
        {
            "contestant": c,
            "cells": [
                {
                    "name": f"v-{i.pk}-{c.pk}",
                    "value": entered.get((i.pk, c.pk), ""),
                    "problem": problems.get((i.pk, c.pk), ""),
                    "max": i.max_score,
                    # another presenter's 个性 task: blank and locked, never 0
                    "locked": not indicator_scores.applies(i, c.pk, listed),
                }
                for i in indicators
            ],
        }
        for c in contestants
    ]
    context = {
        "contest": contest,
        "indicators": indicators,
        "rows": rows,
        "problem_count": len(problems),
        "pool_problems": indicator_scores.pool_problems(contest),
        "page": page,
        "steps": STEPS,
        "step": "indicators",
        "form": ImportForm(),
    }
    return render(request, "scoring/indicator_table.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def indicator_import(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要导入的文件。"))
        return redirect("organizer:indicator_table", contest.pk)
    upload = form.cleaned_data["file"]
    try:
        summary = _("导入指标得分：{name}").format(name=upload.name)
        with setup_change(contest, request.user, summary):
            result = task_import.import_sheet(contest, upload.name, upload.read())
    except SetupError as error:
        messages.error(request, str(error))
        return redirect("organizer:indicator_table", contest.pk)
    if result.ok:
        messages.success(request, _("已导入 {created} 个指标得分。").format(created=result.created))
    else:
        for problem in result.problems[:50]:
            messages.error(request, _("未导入：{problem}").format(problem=problem))
    return redirect("organizer:indicator_table", contest.pk)


@login_required
@require_http_methods(["GET"])
def audit_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Every create and change of a sheet, by contestant or by judge; CSV with ?format=csv."""
    contest = organizer_contest(request, pk)
    if not uses_judges(contest):
        raise Http404  # judges' feedback, recusals and sheets: a contest without judges has none
    entries = contest.audit_entries.select_related("judge", "contestant").order_by("at", "id")
    judge_id = request.GET.get("judge", "")
    contestant_id = request.GET.get("contestant", "")
    if is_number(judge_id):
        entries = entries.filter(judge_id=int(judge_id))
    if is_number(contestant_id):
        entries = entries.filter(contestant_id=int(contestant_id))
    criteria = list(contest.criteria.all())
    if request.GET.get("format") == "csv":
        table = exports.audit_table(entries, criteria, presenter_label(contest))
        return attachment(to_csv(table), CSV, f"audit-{contest.pk}.csv")
    context = {
        "contest": contest,
        "entries": entries[:1000],
        "criteria": criteria,
        "judges": contest.judges.all(),
        "contestants": contest.contestants.all(),
        "judge_id": judge_id,
        "contestant_id": contestant_id,
        "feedback": contest.feedback.select_related("judge", "contestant")[:200],
        "recusals": contest.recusals.select_related("judge", "contestant"),
        "recusal_form": RecusalForm(contest=contest),
        "steps": STEPS,
    }
    return render(request, "scoring/audit_log.html", context)


@login_required
@require_http_methods(["POST"])
def recusal_add(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    form = RecusalForm(request.POST, contest=contest)
    if form.is_valid():
        try:
            summary = _("标记回避：{judge} · {contestant}").format(
                judge=form.cleaned_data["judge"].name,
                contestant=form.cleaned_data["contestant"].name,
            )
            with setup_change(contest, request.user, summary):
                form.save()  # setup.changed recomputes: a counted sheet may drop out
        except SetupError:
            messages.error(request, _("结果已审核，不能再修改回避。如需更正，请先撤回审核。"))
        else:
            messages.success(request, _("已标记回避。"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("organizer:audit_log", contest.pk)


@login_required
@require_http_methods(["POST"])
def recusal_delete(request: HttpRequest, pk: int, recusal_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    try:
        with setup_change(contest, request.user, _("取消回避")):
            contest.recusals.filter(pk=recusal_pk).delete()
    except SetupError:
        messages.error(request, _("结果已审核，不能再修改回避。如需更正，请先撤回审核。"))
    else:
        messages.success(request, _("已取消回避。"))
    return redirect("organizer:audit_log", contest.pk)


@login_required
@require_http_methods(["POST"])
def feedback_resolve(request: HttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    contest.feedback.filter(pk=feedback_pk).update(resolved=True)
    publish_contest_changed(contest.pk)  # the console's unread count
    return redirect("organizer:audit_log", contest.pk)

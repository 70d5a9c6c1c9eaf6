"""Organizer pages of the scoring app: the live console, indicator scores by table and by file,
recusals, judges' feedback, the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from arena.events import publish_contest_changed
from arena.public import public_url
from arena.text import is_number
from contests import live
from contests.collections import STEPS
from contests.forms import ImportForm
from contests.kinds import presenter_label, screen_choices, uses_judges
from contests.models import Contest
from contests.permissions import organizer_contest
from contests.setup import SetupError
from contests.setup import change as setup_change
from scoring import exports, task_import
from scoring import indicators as indicator_scores
from scoring.forms import RecusalForm
from scoring.models import Indicator, IndicatorScore
from scoring.progress import (
    console_state,
    incomplete,
    missing_judges,
    next_presenter,
    progress,
)
from scoring.standings import ensure_fresh

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
        response = HttpResponse(
            exports.to_csv(exports.audit_table(entries, criteria, presenter_label(contest))),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="audit-{contest.pk}.csv"'
        return response
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


@login_required
@require_http_methods(["GET", "POST"])
def live_control(request: HttpRequest, pk: int) -> HttpResponse:
    """Start and end the session, put presenters on stage, open and close their scoring."""
    contest = organizer_contest(request, pk)
    confirm = None
    if request.method == "POST":
        try:
            confirm = _live_action(request, contest)
        except live.LiveError as error:
            messages.error(request, str(error))
        if confirm is None:
            return redirect("organizer:live_control", contest.pk)
    # The console is open all event long: if a recompute was lost (broker down, worker killed
    # before it started), opening or refreshing it queues a new one.
    ensure_fresh(contest.pk)
    judge = contest.judges.order_by("order", "id").first()
    state = console_state(contest)
    return render(
        request,
        "contests/live_control.html",
        {
            "contest": contest,
            **state,
            "next_presenter": next_presenter(contest, state["rows"]),
            "confirm": confirm,
            "steps": STEPS,
            "sample_judge_url": public_url(request, judge.get_scoring_url()) if judge else "",
            "screens": screen_choices(contest),
            "console_panels": [
                reverse(name, args=[contest.pk])
                for name, switch in CONSOLE_PANELS
                if getattr(contest, switch)
            ],
            **live.countdown_context(contest),
        },
    )


# Panels of apps built on scoring that the console loads (htmx) below its table: (URL name
# taking the contest id, the Contest field that switches it on). followup/ adds its
# 点评·提问·交办 panel in ready().
CONSOLE_PANELS: list[tuple[str, str]] = []


def _live_action(request: HttpRequest, contest: Contest) -> dict | None:
    """Carry out one console action, or return what the organizer must confirm first: an
    action that would cut scoring short while sheets are still missing."""
    action = request.POST.get("action", "")
    confirmed = request.POST.get("confirmed") == "1"
    contestant = None
    if is_number(request.POST.get("contestant", "")):
        contestant = get_object_or_404(contest.contestants, pk=int(request.POST["contestant"]))
    if action == "next":
        contestant = next_presenter(contest, progress(contest))
        if contestant is None:
            raise live.LiveError(_("没有下一位了：各位汇报人都已评完。"))
        action = "stage"
    if action == "start":
        live.start(contest, request.user)
    elif action == "finish":
        unbalanced = indicator_scores.pool_problems(contest)
        if unbalanced:  # 三考三比: a village's 个性 tasks must fill the X pool first
            raise live.LiveError("；".join(unbalanced))
        short = incomplete(progress(contest))
        if short and not confirmed:
            listed = "、".join(
                f"{row['contestant'].name} {row['submitted']}/{row['eligible']}" for row in short
            )
            return {
                "action": "finish",
                "text": _(
                    "以下汇报人的评分未收齐：{list}。结束后所有评分截止，不能再补交。"
                ).format(list=listed),
                "button": _("仍然结束评分"),
            }
        live.finish(contest, request.user)
    elif action == "stage" and contestant:
        current = contest.current_contestant
        missing = missing_judges(contest, current) if current and current != contestant else []
        if missing and not confirmed:
            return {
                "action": "stage",
                "contestant": contestant.pk,
                "text": _(
                    "{current} 还有 {n} 位评委未提交：{judges}。"
                    "{next} 上台后，{current} 的评分即截止。"
                ).format(
                    current=current.name,
                    n=len(missing),
                    judges="、".join(f"{judge.order}.{judge.name}" for judge in missing),
                    next=contestant.name,
                ),
                "button": _("仍然让 {name} 上台").format(name=contestant.name),
            }
        live.put_on_stage(contest, contestant)
    elif action in {"open", "closed"} and contestant:
        live.set_scoring(contest, contestant, action)
    elif action == "timer":
        live.timer(contest, request.POST.get("timer", ""))
    elif action == "screen":
        live.set_screen(contest, request.POST.get("screen", ""))
    elif action == "follow":
        live.set_screen_follows_stage(contest, request.POST.get("follow") == "1")
    elif action == "reveal":
        live.reveal(contest, request.POST.get("step", ""))
    elif action == "scores":
        live.show_scores(contest, request.POST.get("step", ""))
    elif action == "totals":
        live.set_show_totals(contest, request.POST.get("show") == "1")
    else:
        raise live.LiveError(_("未知操作。"))
    return None

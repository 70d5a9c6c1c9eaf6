"""Organizer pages of the scoring app: indicator scores by table and by file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contests.collections import STEPS
from contests.forms import ImportForm
from contests.permissions import organizer_contest
from contests.setup import SetupError
from scoring import indicators as indicator_scores
from scoring.models import IndicatorScore


@login_required
@require_http_methods(["GET", "POST"])
def indicator_table(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    indicators = list(contest.indicators.all())
    contestants = list(contest.contestants.all())
    stored = {
        (s.indicator_id, s.contestant_id): str(s.value)
        for s in IndicatorScore.objects.filter(indicator__contest=contest)
    }
    problems: dict[tuple[int, int], str] = {}
    entered = stored
    status = 200
    if request.method == "POST":
        entered = {
            (i.pk, c.pk): request.POST.get(f"v-{i.pk}-{c.pk}", "")
            for i in indicators
            for c in contestants
        }
        try:
            problems = indicator_scores.save_scores(contest, entered)
        except SetupError as error:
            messages.error(request, str(error))
            return redirect("organizer:indicator_table", contest.pk)
        if not problems:
            messages.success(request, "指标得分已保存，排名已更新。")
            return redirect("organizer:indicator_table", contest.pk)
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
        messages.error(request, "请选择要导入的文件。")
        return redirect("organizer:indicator_table", contest.pk)
    upload = form.cleaned_data["file"]
    try:
        result = indicator_scores.import_scores(contest, upload.name, upload.read())
    except SetupError as error:
        messages.error(request, str(error))
        return redirect("organizer:indicator_table", contest.pk)
    if result.ok:
        messages.success(request, f"已导入 {result.created} 个指标得分。")
    else:
        for problem in result.problems[:50]:
            messages.error(request, f"未导入：{problem}")
    return redirect("organizer:indicator_table", contest.pk)

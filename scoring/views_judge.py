"""The judge's pages, reached from the QR card: /j/<token>/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scoring.judge_access import judge_for_token


@require_GET
def judge_home(request: HttpRequest, token: str) -> HttpResponse:
    judge = judge_for_token(token)
    contest = judge.contest
    contestants = contest.contestants.select_related("group")
    submitted = set(judge.sheets.filter(status="submitted").values_list("contestant_id", flat=True))
    rows = [{"contestant": c, "submitted": c.pk in submitted} for c in contestants]
    return render(
        request,
        "scoring/judge_home.html",
        {"judge": judge, "contest": contest, "rows": rows},
    )

"""The judge's pages beside the real sheet: 试评 (a practice sheet before the start, never
counted: scoring/trial.py) and 反馈问题 (a short note to the organizer's console)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from arena.events import publish_contest_changed
from arena.ratelimit import allow
from arena.text import clean_text, is_number
from contests.models import Contestant
from scoring.judge_access import check_in, judge_for_token
from scoring.models import JudgeFeedback, TrialSheet
from scoring.sheets import SubmissionError
from scoring.trial import record_trial, trial_open
from scoring.views_judge import (
    STATUS_LABELS,
    posted_scores,
    refusal_body,
    see_other,
    sheet_context,
    wants_json,
)


@never_cache
@require_http_methods(["GET", "POST"])
def judge_trial(request: HttpRequest, token: str) -> HttpResponse:
    """试评: the sheet on a dummy presenter before the start, never counted (scoring/trial.py)."""
    judge = judge_for_token(token)
    contest = judge.contest
    error = None
    if request.method == "POST":
        raw = posted_scores(request)
        try:
            if not allow("judge", token, settings.JUDGE_POSTS_PER_MINUTE):
                raise SubmissionError(429, "rate_limited", _("提交过于频繁，请稍候再试。"))
            trial = record_trial(judge, raw)
        except SubmissionError as refused:
            error = refused
            if wants_json(request):
                return JsonResponse(refusal_body(error), status=error.status)
        else:
            values = {**trial.values, "comment": ""}
            if wants_json(request):
                return JsonResponse({"recorded": True, "version": trial.version, "values": values})
            return see_other(reverse("judge:trial", args=[token]) + f"?saved={trial.version}")
    else:
        check_in(judge)
    dummy = Contestant(
        contest=contest,
        name=str(_("试评（不计分）")),
        unit=str(_("练习用，开始比赛时清除")),
        order=0,
    )
    trial = TrialSheet.objects.filter(judge=judge).first()
    shown = raw if error else (trial.values if trial else None)
    context = sheet_context(judge, dummy, token, values=shown, error=error)
    editable = trial_open(contest) and judge.withdrawn_at is None
    context.update(
        {
            "trial": True,
            "editable": editable,
            "status": "open" if editable else "closed",
            "status_label": STATUS_LABELS["open" if editable else "closed"],
        }
    )
    status = error.status if error else 200
    return render(request, "scoring/judge_sheet.html", context, status=status)


@never_cache
@require_POST
def judge_feedback(request: HttpRequest, token: str) -> HttpResponse:
    judge = judge_for_token(token)
    if not allow("feedback", token, 10):
        return JsonResponse({"message": _("反馈过于频繁，请稍候再试。")}, status=429)
    message = clean_text(request.POST.get("message", "")).strip()[:300]
    contestant = judge.contest.contestants.filter(
        pk=request.POST.get("contestant") if is_number(request.POST.get("contestant", "")) else None
    ).first()
    if not message:
        if wants_json(request):
            return JsonResponse({"message": _("请填写问题。")}, status=400)
        return redirect("judge:home", token)
    JudgeFeedback.objects.create(
        contest=judge.contest, judge=judge, contestant=contestant, message=message
    )
    publish_contest_changed(judge.contest_id)  # the console's unread count
    if wants_json(request):
        return JsonResponse({"sent": True, "message": _("已发送给组织者。")})
    url = (
        reverse("judge:sheet", args=[token, contestant.pk])
        if contestant
        else reverse("judge:home", args=[token])
    )
    return see_other(f"{url}?feedback=1")

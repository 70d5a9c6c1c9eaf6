"""The judge's pages, reached from the QR card: /j/<token>/…

Every page works as a plain HTML form; with JavaScript, static/js/judge.js keeps a draft in
the browser, sends with fetch and retries until the server confirms. The same URLs answer JSON
to `Accept: application/json` (docs/api.md).
"""

import ipaddress
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from arena.ratelimit import allow
from arena.text import is_number
from contests import live
from contests.kinds import presenter_label
from contests.models import Contest, Contestant, Judge, Recusal
from scoring.judge_access import check_in, judge_for_token
from scoring.models import ScoreSheet
from scoring.results import FINISHED
from scoring.sheets import SubmissionError, sheet_values, submit_sheet
from scoring.standings import is_recused, latest_snapshot


def feedback_choices(contest: Contest) -> list[str]:
    """What a judge may report with one tap, presenters named as the contest's kind does."""
    return [
        _("显示的{presenter}不对").format(presenter=presenter_label(contest)),
        _("无法提交"),
        _("应回避未标记"),
        _("分数显示有误"),
    ]


def see_other(url: str) -> HttpResponseRedirect:
    """303: after a POST the browser GETs the confirmation, so a reload never re-posts."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, as the server saw it (uvicorn resolves a configured
    proxy's X-Forwarded-For itself, and only from --forwarded-allow-ips), if it is an IP."""
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def judge_status(judge: Judge, contestants) -> dict[int, str]:
    """Per contestant: recused / closed / submitted / not_open / open."""
    sheets = dict(
        judge.sheets.filter(status=ScoreSheet.Status.SUBMITTED).values_list(
            "contestant_id", "version"
        )
    )
    marked = set(Recusal.objects.filter(judge=judge).values_list("contestant_id", flat=True))
    status = {}
    for contestant in contestants:
        if is_recused(judge.unit, contestant.unit, contestant.pk in marked):
            status[contestant.pk] = "recused"
        elif contestant.scoring == Contestant.Scoring.CLOSED:
            status[contestant.pk] = "closed"
        elif contestant.pk in sheets:
            status[contestant.pk] = "submitted"
        elif contestant.scoring == Contestant.Scoring.PENDING:
            status[contestant.pk] = "not_open"
        else:
            status[contestant.pk] = "open"
    return status


# What static/js/judge.js shows, in the page's language.
JS_MESSAGES = {
    "draftKept": _("未发送：草稿已保存在本机"),
    "draftRestored": _("未发送：已恢复本机草稿"),
    "incomplete": _("（未填完）"),
    "sending": _("正在提交…"),
    "retrying": _("未发送：网络或服务器暂时不可用，正在自动重试…"),
    "resending": _("上次提交尚未确认，正在重新发送…"),
    "recorded": _("✓ 已记录（第 {version} 版）"),
    "saved": _("已保存（第 {version} 版）"),
    "unsent": _("未发送"),
    "unsentBecause": _("未发送：{reason}"),
    "refused": _("提交未成功，请检查后重试。"),
    "submitted": _("已提交"),
    "sendChanges": _("提交修改"),
    "comment": _("评语："),
    "colon": _("："),
    "overMax": _("超过满分 {max}"),
    "belowZero": _("不能小于 0"),
    "offStep": _("请按 {step} 分的步长打分"),
    "notNumber": _("请填数字"),
    "outOfRange": _("（有分数超出范围）"),
}

STATUS_LABELS = {
    "recused": _("回避"),
    "closed": _("已截止"),
    "submitted": _("已提交"),
    "not_open": _("未开始"),
    "open": _("待评分"),
}


@never_cache  # a judge's pages are theirs alone: no shared or back-button copies
@require_GET
def judge_home(request: HttpRequest, token: str) -> HttpResponse:
    judge = judge_for_token(token)
    check_in(judge)
    contest = judge.contest
    # A withdrawn judge (退出) sees why and nobody to score; withdrawn presenters are not listed.
    contestants = (
        []
        if judge.withdrawn_at
        else list(contest.contestants.taking_part().select_related("group"))
    )
    status = judge_status(judge, contestants)
    rows = [
        {"contestant": c, "status": status[c.pk], "label": STATUS_LABELS[status[c.pk]]}
        for c in contestants
    ]
    if wants_json(request):
        return JsonResponse(
            {
                "contest": {"id": contest.pk, "title": contest.title, "status": contest.status},
                "judge": {
                    "name": judge.name,
                    "unit": judge.unit,
                    "withdrawn": judge.withdrawn_at is not None,
                },
                "on_stage": contest.live.current_contestant_id,
                "contestants": [
                    {
                        "id": r["contestant"].pk,
                        "order": r["contestant"].order,
                        "name": r["contestant"].name,
                        "unit": r["contestant"].unit,
                        "status": r["status"],
                        "url": reverse("judge:sheet", args=[token, r["contestant"].pk]),
                    }
                    for r in rows
                ],
            }
        )
    return render(
        request,
        "scoring/judge_home.html",
        {
            "judge": judge,
            "contest": contest,
            "rows": rows,
            "on_stage": contest.live.current_contestant,
            "live": contest.status == Contest.Status.LIVE,
            "leaderboard": leaderboard_for_judges(contest),
            **live_context(contest, status),
        },
    )


def live_context(contest: Contest, status: dict[int, str]) -> dict:
    """What judge_base.html's live banner starts from (static/js/judge_live.js)."""
    return {
        "stage_json": live.stage_json(contest),
        "skip_ids": [pk for pk, state in status.items() if state == "recused"],
    }


def leaderboard_for_judges(contest: Contest) -> list[dict] | None:
    """The latest standings, only if the organizer lets judges see them (off by default)."""
    if not contest.judges_see_leaderboard:
        return None
    snapshot = latest_snapshot(contest)
    return snapshot.data["results"] if snapshot else []


def quick_scores(max_score: Decimal, step: Decimal, count: int = 8) -> list[Decimal]:
    """The scores a judge picks with one tap: the top of the range, where nearly every mark
    falls, in `count` even steps of about 5 % of the maximum (a multiple of the score step),
    ending at the maximum. Anything else is typed or reached with −/＋ from the nearest."""
    step, top = Decimal(step), Decimal(max_score)
    raw = top / 20
    if raw >= 1:  # whole points read best: 18, 19 … 25 out of 25
        unit = raw.to_integral_value(ROUND_HALF_UP)
    else:
        unit = (raw / step).to_integral_value(ROUND_HALF_UP) * step
    unit = max(unit, step)
    return sorted(top - k * unit for k in range(count) if top - k * unit >= 0)


def sheet_context(judge: Judge, contestant: Contestant, token: str, **extra) -> dict:
    contest = judge.contest
    if contestant.pk is None:  # 试评's dummy presenter: no real sheet, no real status
        sheet, recorded, status = None, {}, "open"
        every_status = judge_status(judge, list(contest.contestants.all()))
    else:
        sheet = (
            ScoreSheet.objects.filter(judge=judge, contestant=contestant)
            .prefetch_related("scores")
            .first()
        )
        recorded = sheet_values(sheet) if sheet else {}
        others = contest.contestants.exclude(pk=contestant.pk)
        every_status = judge_status(judge, [contestant, *others])
        status = every_status[contestant.pk]
    criteria = list(contest.criteria.all())
    shown = extra.pop("values", None) or recorded
    return {
        **live_context(contest, every_status),
        "judge": judge,
        "contest": contest,
        "contestant": contestant,
        "token": token,
        "sheet": sheet,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "editable": status in {"open", "submitted"} and contest.status == Contest.Status.LIVE,
        # 结束评分 and after: every judge page says so, with no way on to a sheet.
        "ended": contest.status in FINISHED,
        "criteria": [
            {
                "criterion": c,
                "value": shown.get(str(c.pk), ""),
                "recorded": recorded.get(str(c.pk)),
                "chips": (chips := quick_scores(c.max_score, contest.score_step)),
                "typical": chips[len(chips) // 2],
            }
            for c in criteria
        ],
        "max_total": sum(c.max_score * c.weight for c in criteria),
        "step": contest.score_step,
        "submission_id": uuid.uuid4().hex,
        "feedback_choices": feedback_choices(contest),
        "js_messages": {key: str(text) for key, text in JS_MESSAGES.items()},
        **extra,
    }


def _sheet_json(context: dict, **extra) -> dict:
    sheet = context["sheet"]
    return {
        "contestant": {"id": context["contestant"].pk, "name": context["contestant"].name},
        "status": context["status"],
        "editable": context["editable"],
        "version": sheet.version if sheet else 0,
        "values": {str(c["criterion"].pk): c["recorded"] for c in context["criteria"]},
        "comment": sheet.comment if sheet else "",
        "criteria": [
            {
                "id": c["criterion"].pk,
                "name": c["criterion"].name,
                "max": str(c["criterion"].max_score),
                "field": f"score_{c['criterion'].pk}",
            }
            for c in context["criteria"]
        ],
        "step": context["step"],
        **extra,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def judge_sheet(request: HttpRequest, token: str, contestant_id: int) -> HttpResponse:
    if request.method == "GET":
        judge = judge_for_token(token)
        if judge.withdrawn_at:  # the home page says why
            return redirect("judge:home", token)
        check_in(judge)
        active = judge.contest.contestants.taking_part()
        contestant = get_object_or_404(active, pk=contestant_id)
        saved = request.GET.get("saved", "")
        context = sheet_context(judge, contestant, token, saved=is_number(saved))
        if wants_json(request):
            return JsonResponse(_sheet_json(context))
        return render(request, "scoring/judge_sheet.html", context)

    # A POST reads the judge's row alone and names the contestant by id only: submit_sheet
    # reads contestant and contest under a lock anyway (and refuses another contest's
    # contestant), so reading them here too would cost every sheet a join and a query more.
    judge = judge_for_token(token, related=())
    if not allow("judge", token, settings.JUDGE_POSTS_PER_MINUTE):
        return _refused(
            request,
            judge,
            contestant_id,
            token,
            SubmissionError(429, "rate_limited", _("提交过于频繁，请稍候再试。")),
        )
    raw = posted_scores(request)
    base = request.POST.get("base_version", "").strip()
    if base and not is_number(base):
        error = SubmissionError(400, "bad_base_version", _("评分表版本无效，请刷新页面后重试。"))
        return _refused(request, judge, contestant_id, token, error)
    try:
        recorded = submit_sheet(
            judge,
            contestant_id,
            raw,
            submission_id=request.POST.get("submission_id", ""),
            base_version=int(base) if base else None,
            comment=request.POST.get("comment", "").strip(),
            ip_address=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except SubmissionError as error:
        return _refused(request, judge, contestant_id, token, error)
    if wants_json(request):
        return JsonResponse(
            {
                "recorded": True,
                "replayed": recorded.replayed,
                "version": recorded.version,
                "values": recorded.values,
            }
        )
    url = reverse("judge:sheet", args=[token, contestant_id])
    return see_other(f"{url}?saved={recorded.version}")


def posted_scores(request: HttpRequest) -> dict[str, str]:
    """The sheet's score fields as posted, by criterion id (score_<id>)."""
    return {
        key.removeprefix("score_"): value
        for key, value in request.POST.items()
        if key.startswith("score_")
    }


def refusal_body(error: SubmissionError) -> dict:
    """The JSON a phone gets for a refused sheet (real or 试评)."""
    body = {"recorded": False, "code": error.code, "message": str(error.message)}
    if error.field:
        body["field"] = error.field
    return body


def _refused(request, judge, contestant_id, token, error: SubmissionError) -> HttpResponse:
    """A 4xx with the reason; a stale edit also gets the values currently recorded."""
    contestant = get_object_or_404(judge.contest.contestants, pk=contestant_id)
    if wants_json(request):
        body = refusal_body(error)
        if error.sheet is not None:
            body["current"] = {"version": error.sheet.version, "values": sheet_values(error.sheet)}
        return JsonResponse(body, status=error.status)
    submitted = {key: value[:20] for key, value in posted_scores(request).items()}
    stale = error.code == "stale"
    context = sheet_context(
        judge,
        contestant,
        token,
        error=error,
        values=None if stale else submitted,
        comment_value=request.POST.get("comment", "")[:500],
    )
    return render(request, "scoring/judge_sheet.html", context, status=error.status)

"""The live console (/o/<id>/live/): the page, and one small view per button.

Each action is a POST to its own URL; it either does what it says and goes back to the console,
or — when it would cut scoring short while sheets are still missing — shows the console with
what the organizer must confirm first (the same POST again with confirmed=1)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.public import public_url
from contests import live
from contests.collections import STEPS
from contests.kinds import kind_of, screen_choices
from contests.models import Contest, Contestant, LiveState
from contests.permissions import organizer_contest
from scoring import indicators as indicator_scores
from scoring.progress import console_state, incomplete, missing_judges, next_presenter, progress
from scoring.recompute_queue import ensure_fresh
from series.models import Round

Confirm = dict[str, str]  # url, text, button: the question asked before an action goes ahead


@login_required
@require_GET
def console(request: HttpRequest, pk: int) -> HttpResponse:
    """Start and end the session, put presenters on stage, open and close their scoring, drive
    the projector."""
    return _page(request, organizer_contest(request, pk))


def _page(request: HttpRequest, contest: Contest, confirm: Confirm | None = None) -> HttpResponse:
    # The console is open all event long: if a recompute was lost (broker down, worker killed
    # before it started), opening or refreshing it queues a new one.
    ensure_fresh(contest.pk)
    judge = contest.judges.order_by("order", "id").first()
    state = console_state(contest)
    context = {
        "contest": contest,
        **state,
        "next_presenter": next_presenter(contest, state["rows"]),
        "confirm": confirm,
        "steps": STEPS,
        "sample_judge_url": public_url(request, judge.get_scoring_url()) if judge else "",
        "screens": _offered_screens(contest),
        "kind": kind_of(contest),
        **live.countdown_context(contest),
    }
    return render(request, "live/console.html", context)


# The projector's screens that only a round of a series has (its standings, 汇报表, 回头看, 晒比榜).
SERIES_SCREENS = {LiveState.Screen.SERIES, LiveState.Screen.MATTERS}
SERIES_SCREENS |= {LiveState.Screen.LOOKBACK, LiveState.Screen.BOARDS}


def _offered_screens(contest: Contest) -> list[tuple[str, str]]:
    """The screens the console offers for this contest: a series' screens for a round of one,
    月度榜单 with 指标评分 items, 亮分 once a presenter's scores are up."""
    in_series = Round.objects.filter(contest=contest).exists()
    hidden = set() if in_series else set(SERIES_SCREENS)
    if not contest.indicators.exists():
        hidden.add(LiveState.Screen.MONTHLY)
    if contest.live.scores_contestant_id is None:
        hidden.add(LiveState.Screen.SCORES)
    return [(value, label) for value, label in screen_choices(contest) if value not in hidden]


def console_action(act: Callable[..., Confirm | None]) -> Callable[..., HttpResponse]:
    """A console button: POST only, for those who run the contest; a refusal (LiveError) is
    shown on the console as a message."""

    @login_required
    @require_POST
    @wraps(act)
    def view(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
        contest = organizer_contest(request, pk)
        try:
            confirm = act(request, contest, **kwargs)
        except live.LiveError as error:
            messages.error(request, str(error))
            confirm = None
        if confirm is None:
            return redirect("organizer:live_control", contest.pk)
        return _page(request, contest, confirm)

    return view


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


@console_action
def start(request: HttpRequest, contest: Contest) -> None:
    live.start(contest, request.user)


@console_action
def finish(request: HttpRequest, contest: Contest) -> Confirm | None:
    unbalanced = indicator_scores.pool_problems(contest)
    if unbalanced:  # 三考三比: a village's 个性 tasks must fill the X pool first
        raise live.LiveError("；".join(unbalanced))
    short = incomplete(progress(contest))
    if short and not _confirmed(request):
        listed = "、".join(
            f"{row['contestant'].name} {row['submitted']}/{row['eligible']}" for row in short
        )
        return {
            "url": reverse("organizer:live_finish", args=[contest.pk]),
            "text": _("以下汇报人的评分未收齐：{list}。结束后所有评分截止，不能再补交。").format(
                list=listed
            ),
            "button": _("仍然结束评分"),
        }
    live.finish(contest, request.user)
    return None


def _put_on_stage(request: HttpRequest, contest: Contest, contestant: Contestant) -> Confirm | None:
    current = contest.live.current_contestant
    missing = missing_judges(contest, current) if current and current != contestant else []
    if missing and not _confirmed(request):
        return {
            "url": reverse("organizer:live_stage", args=[contest.pk, contestant.pk]),
            "text": _(
                "{current} 还有 {n} 位评委未提交：{judges}。{next} 上台后，{current} 的评分即截止。"
            ).format(
                current=current.name,
                n=len(missing),
                judges="、".join(f"{judge.order}.{judge.name}" for judge in missing),
                next=contestant.name,
            ),
            "button": _("仍然让 {name} 上台").format(name=contestant.name),
        }
    live.put_on_stage(contest, contestant)
    return None


@console_action
def next_on_stage(request: HttpRequest, contest: Contest) -> Confirm | None:
    contestant = next_presenter(contest, progress(contest))
    if contestant is None:
        raise live.LiveError(_("没有下一位了：各位汇报人都已评完。"))
    return _put_on_stage(request, contest, contestant)


@console_action
def stage(request: HttpRequest, contest: Contest, contestant_pk: int) -> Confirm | None:
    contestant = get_object_or_404(contest.contestants, pk=contestant_pk)
    return _put_on_stage(request, contest, contestant)


@console_action
def open_scoring(request: HttpRequest, contest: Contest, contestant_pk: int) -> None:
    live.set_scoring(contest, get_object_or_404(contest.contestants, pk=contestant_pk), "open")


@console_action
def close_scoring(request: HttpRequest, contest: Contest, contestant_pk: int) -> None:
    live.set_scoring(contest, get_object_or_404(contest.contestants, pk=contestant_pk), "closed")


@console_action
def timer(request: HttpRequest, contest: Contest) -> None:
    live.timer(contest, request.POST.get("timer", ""))


@console_action
def screen(request: HttpRequest, contest: Contest) -> None:
    live.set_screen(contest, request.POST.get("screen", ""))


@console_action
def follow(request: HttpRequest, contest: Contest) -> None:
    live.set_screen_follows_stage(contest, request.POST.get("follow") == "1")


@console_action
def totals(request: HttpRequest, contest: Contest) -> None:
    live.set_show_totals(contest, request.POST.get("show") == "1")


@console_action
def scores(request: HttpRequest, contest: Contest) -> None:
    live.show_scores(contest, request.POST.get("step", ""))


@console_action
def reveal(request: HttpRequest, contest: Contest) -> None:
    live.reveal(contest, request.POST.get("step", ""))

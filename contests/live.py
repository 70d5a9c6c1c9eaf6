"""The live flow an organizer drives: start, who is on stage, open and close scoring, end."""

import json
import math
from datetime import timedelta

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arena.events import publish_contest_changed
from contests import changelog
from contests.kinds import kind_of, presenter_label, uses_judges
from contests.models import Contest, Contestant, LiveState
from contests.setup import contest_indicator_problem, judge_weights_problem

# Sent inside the live flow's transactions, so what scoring does on them commits with the
# change (scoring/apps.py connects them): `started` (contest=) when a contest goes live, scoring
# discards its 试评 sheets; `on_stage` (contest=) when a new presenter goes on stage, scoring
# keeps the board as it stands for the screens' ▲▼ (LiveState.stage_baseline); `finished`
# (contest=, user=) when scoring ends, scoring logs the close.
started = Signal()
on_stage = Signal()
finished = Signal()


class LiveError(Exception):
    """A live action that does not fit the contest's state; the message is for the organizer."""


def clock_text(timer: dict) -> str:
    """m:ss as first rendered, before the page's script takes over (and without JavaScript);
    past the end, the overtime as +m:ss (超时)."""
    if timer["state"] != "idle" and timer["left"] <= 0:
        over = math.floor(-timer["left"])
        return f"+{over // 60}:{over % 60:02d}"
    whole = max(0, math.ceil(timer["left"]))
    return f"{whole // 60}:{whole % 60:02d}"


def countdown_context(contest: Contest) -> dict:
    """The countdown by its end time on the server's clock, not by seconds left: the same frame
    pushed a minute later still counts right (static/js/countdown.js ticks it on the page)."""
    timer = contest.live.timer_state(timezone.now())
    ends_at = contest.live.timer_ends_at
    return {
        "timer": timer,
        "timer_text": clock_text(timer),
        "timer_ends_ms": int(ends_at.timestamp() * 1000) if ends_at else "",
    }


def stage_json(contest: Contest) -> str:
    """What the judges' pages follow, as one JSON text: the contest's status, who is on stage,
    whose scoring is open. The pages compare it with the text they were rendered with and act
    only on a change; names are set as text there, never as HTML."""
    on_stage = contest.live.current_contestant
    state = {
        "status": contest.status,
        "on_stage": None
        if on_stage is None
        else {"id": on_stage.pk, "order": on_stage.order, "name": on_stage.name},
        "open": sorted(
            contest.contestants.filter(scoring=Contestant.Scoring.OPEN).values_list("pk", flat=True)
        ),
    }
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


TIMER_ACTIONS = ("start", "pause", "resume", "add_minute", "reset")


@transaction.atomic
def timer(contest: Contest, action: str, now=None) -> None:
    """Start, pause, resume, add a minute to, or reset the speaker's countdown."""
    if action not in TIMER_ACTIONS:
        raise LiveError(_("未知的计时操作。"))
    live = _locked_state(contest)
    now = now or timezone.now()
    state = live.timer_state(now)
    full = timedelta(minutes=live.contest.minutes_per_speaker)
    if action == "start":
        live.timer_ends_at, live.timer_paused_left = now + full, None
    elif action == "pause" and state["state"] == "running":
        live.timer_ends_at, live.timer_paused_left = None, state["left"]
    elif action == "resume" and state["state"] == "paused":
        live.timer_ends_at = now + timedelta(seconds=state["left"])
        live.timer_paused_left = None
    elif action == "add_minute":
        if state["state"] == "running":
            live.timer_ends_at += timedelta(minutes=1)
        elif state["state"] == "paused":
            live.timer_paused_left += 60
    elif action == "reset":
        live.timer_ends_at = live.timer_paused_left = None
    live.save(update_fields=["timer_ends_at", "timer_paused_left"])
    publish_contest_changed(contest.pk)


@transaction.atomic
def set_screen(contest: Contest, screen: str) -> None:
    """What the projector shows: welcome, the presenter on stage, or the leaderboard."""
    if screen not in LiveState.Screen.values:
        raise LiveError(_("未知的大屏画面。"))
    LiveState.objects.filter(contest=contest.pk).update(screen=screen)
    publish_contest_changed(contest.pk)


REVEAL_ACTIONS = ("next", "previous", "all", "restart")


@transaction.atomic
def reveal(contest: Contest, action: str) -> None:
    """Step the projector's final reveal: one more place (from the last up), back, all, restart."""
    if action not in REVEAL_ACTIONS:
        raise LiveError(_("未知的揭晓操作。"))
    live = _locked_state(contest)
    if live.contest.status in {Contest.Status.DRAFT, Contest.Status.LIVE}:
        raise LiveError(_("请先结束评分，再揭晓最终排名。"))
    count = live.revealed_count
    live.revealed_count = {
        "next": count + 1,
        "previous": max(0, count - 1),
        "all": live.contest.contestants.count(),
        "restart": 0,
    }[action]
    live.screen = LiveState.Screen.REVEAL
    live.save(update_fields=["revealed_count", "screen"])
    publish_contest_changed(contest.pk)


# 现场亮分, one step at a time: 1 every judge's sheet total, 2 the sheets the rules drop
# marked, 3 the final score.
SCORES_STEPS = 3
SCORES_ACTIONS = ("start", "next", "previous")


@transaction.atomic
def show_scores(contest: Contest, action: str) -> None:
    """Step the projector's 亮分 for the presenter on stage, once their scoring has closed."""
    if action not in SCORES_ACTIONS:
        raise LiveError(_("未知的亮分操作。"))
    live = _locked_state(contest)
    presenter = live.current_contestant if action == "start" else live.scores_contestant
    if presenter is None:
        raise LiveError(_("请先让一位汇报人上台，截止其评分后再亮分。"))
    if presenter.scoring != Contestant.Scoring.CLOSED:
        raise LiveError(_("{name} 的评分尚未截止：截止后再亮分。").format(name=presenter.name))
    live.scores_contestant = presenter
    live.scores_step = {
        "start": 1,
        "next": min(SCORES_STEPS, live.scores_step + 1),
        "previous": max(1, live.scores_step - 1),
    }[action]
    live.screen = LiveState.Screen.SCORES
    live.save(update_fields=["scores_contestant", "scores_step", "screen"])
    publish_contest_changed(contest.pk)


@transaction.atomic
def set_show_totals(contest: Contest, show: bool) -> None:
    Contest.objects.filter(pk=contest.pk).update(show_totals=show)
    publish_contest_changed(contest.pk)


@transaction.atomic
def start(contest: Contest, user=None) -> None:
    contest = Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)
    if contest.status not in {Contest.Status.DRAFT, Contest.Status.CLOSED}:
        raise LiveError(_("只有筹备中或已结束评分的擂台赛可以开始。"))
    presenter = presenter_label(contest)
    if not contest.contestants.exists():
        raise LiveError(_("请先添加{presenter}。").format(presenter=presenter))
    if uses_judges(contest) and not contest.criteria.exists():
        # A kind without judges (晒比会, 表态会) is ranked by its indicator scores alone.
        raise LiveError(_("请先设置评分项：评委按评分项打分。"))
    problem = contest_indicator_problem(contest) or judge_weights_problem(contest)
    if problem:
        raise LiveError(problem)
    contest.status = Contest.Status.LIVE
    contest.save(update_fields=["status", "updated_at"])
    if kind_of(contest).offline:  # 专家评审: every case open at once, no stage
        _lock(contest.contestants.taking_part()).update(scoring=Contestant.Scoring.OPEN)
    started.send(sender=Contest, contest=contest)
    # From the first start on, every change to what the results depend on is logged.
    changelog.log_baseline(contest, user, _("开始擂台赛：设置基线"))


@transaction.atomic
def finish(contest: Contest, user=None) -> None:
    """End the session: every contestant's scoring closes, no sheet can change any more."""
    contest = Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)
    if contest.status != Contest.Status.LIVE:
        raise LiveError(_("擂台赛不在进行中。"))
    _lock(contest.contestants.all()).update(scoring=Contestant.Scoring.CLOSED)
    contest.status = Contest.Status.CLOSED
    contest.save(update_fields=["status", "updated_at"])
    LiveState.objects.filter(contest=contest.pk).update(current_contestant=None)
    finished.send(sender=Contest, contest=contest, user=user)
    publish_contest_changed(contest.pk)


def _locked_state(contest: Contest) -> LiveState:
    """The contest's live row, locked for this transaction; its contest read with it (not
    locked: a live change must not wait on, or hold up, a change of the settings)."""
    return (
        LiveState.objects.select_for_update(no_key=True, of=("self",))
        .select_related("contest")
        .get(contest=contest.pk)
    )


def _lock(queryset):
    # Submissions lock the contestant row too, so no sheet is accepted after scoring closes.
    list(queryset.select_for_update(no_key=True).values_list("pk", flat=True))
    return queryset


@transaction.atomic
def put_on_stage(contest: Contest, contestant: Contestant, *, close_previous: bool = True) -> None:
    """The next presenter goes on stage and scoring opens for them; the previous one closes."""
    contest = Contest.objects.select_for_update(no_key=True).get(pk=contest.pk)
    if contest.status != Contest.Status.LIVE:
        raise LiveError(_("请先开始擂台赛。"))
    if contestant.contest_id != contest.pk:
        raise LiveError(_("没有这位汇报人。"))
    if Contestant.objects.filter(pk=contestant.pk, withdrawn_at__isnull=False).exists():
        raise LiveError(_("{name} 已退出。").format(name=contestant.name))
    live = _locked_state(contest)
    previous = live.current_contestant_id
    if previous != contestant.pk:  # a new speaker: their countdown starts now
        live.timer_ends_at = timezone.now() + timedelta(minutes=contest.minutes_per_speaker)
        live.timer_paused_left = None
        on_stage.send(sender=Contest, contest=contest)  # writes stage_baseline
    if live.screen_follows_stage:
        live.screen = LiveState.Screen.STAGE
    if close_previous and previous and previous != contestant.pk:
        _lock(Contestant.objects.filter(pk=previous)).update(scoring=Contestant.Scoring.CLOSED)
    _lock(Contestant.objects.filter(pk=contestant.pk)).update(scoring=Contestant.Scoring.OPEN)
    live.current_contestant = contestant
    live.save(
        update_fields=[
            "current_contestant",
            "timer_ends_at",
            "timer_paused_left",
            "screen",
        ]
    )
    publish_contest_changed(contest.pk)


@transaction.atomic
def set_screen_follows_stage(contest: Contest, follows: bool) -> None:
    """Whether putting a presenter on stage also switches the projector to the stage screen."""
    LiveState.objects.filter(contest=contest.pk).update(screen_follows_stage=follows)


@transaction.atomic
def set_scoring(contest: Contest, contestant: Contestant, state: str) -> None:
    """Open or close scoring for one contestant by hand (e.g. reopen a moment for a late judge)."""
    if state not in {Contestant.Scoring.OPEN, Contestant.Scoring.CLOSED}:
        raise LiveError(_("未知的评分状态。"))
    if Contest.objects.get(pk=contest.pk).status != Contest.Status.LIVE:
        raise LiveError(_("擂台赛不在进行中。"))
    if state == Contestant.Scoring.OPEN and contestant.withdrawn_at is not None:
        raise LiveError(_("{name} 已退出。").format(name=contestant.name))
    _lock(contest.contestants.filter(pk=contestant.pk)).update(scoring=state)
    publish_contest_changed(contest.pk)

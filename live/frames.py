"""What the projector (大屏), the audience's phones, the judges' phones and the organizer's
console are shown live, rendered from the contest and its latest standings.

live/hub.py calls `render_feeds` once per contest and state in each web process and pushes
the result to every open stream; the pages also render a frame inline when they load.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from arena.lib.charts import Bar, Chart, bar_chart
from boards import pledges
from boards import values as board_values
from boards.models import Metric
from catchup import outputs as catchup_outputs
from contests import live
from contests.kinds import kind_of
from contests.models import Contest, LiveState
from followup import tables as followup_tables
from scoring.models import StandingsSnapshot
from scoring.progress import console_state, contestant_progress
from scoring.results import FINISHED, SIGNED, results_snapshot, rows_with_awards
from scoring.sheet_totals import judge_labels, sheet_rows
from scoring.taskboard import board
from series import monthly, tables
from series.models import Round
from series.standings import latest_snapshot

# What a board row may carry while totals are hidden: who, and how many sheets are in.
HIDDEN_TOTALS_KEYS = ("contestant", "name", "title", "unit", "group", "order", "sheets_in")


def totals_visible(contest: Contest) -> bool:
    """Totals show live only if the organizer chose so; always once results are signed off."""
    return contest.show_totals or contest.status in SIGNED


def board_rows(contest: Contest) -> tuple[list[dict], int]:
    """Leaderboard rows from the latest snapshot, with each presenter's move since the current
    presenter went on stage (较上一位评分前): it stays on the board until the next one."""
    latest = StandingsSnapshot.objects.filter(contest=contest).order_by("-version").first()
    if latest is None:
        return [], 0
    baseline = contest.live.stage_baseline or {}

    def move(now: int | None, then: int | None) -> int:
        return then - now if now and then else 0  # positive: moved up

    rows = []
    for row in latest.data["results"]:
        then_rank, then_group_rank = baseline.get(str(row["contestant"]), (None, None))
        overall = move(row["rank"], then_rank)
        in_group = move(row["group_rank"], then_group_rank)
        rows.append(
            {
                **row,
                "move": overall,
                "move_abs": abs(overall),
                "group_move": in_group,
                "group_move_abs": abs(in_group),
            }
        )
    return rows, latest.version


ROWS_PER_COLUMN = 12


def in_columns(rows: list[dict]) -> list[list[dict]]:
    """The projector's rows in one column, or two side by side past ROWS_PER_COLUMN: 30 names
    in two columns read at twice the size of 30 in one (static/js/fit.js fits the rest)."""
    if len(rows) <= ROWS_PER_COLUMN:
        return [rows]
    half = (len(rows) + 1) // 2
    return [rows[:half], rows[half:]]


def final_rows(contest: Contest) -> list[dict]:
    """Ranked rows of the standings that count (the signed version once signed), with awards."""
    snapshot = results_snapshot(contest)
    if snapshot is None:
        return []
    return [row for row in rows_with_awards(contest, snapshot.data) if row["rank"] is not None]


def reveal_context(contest: Contest) -> dict:
    """The final reveal: every place at once, or from the last place up, one step at a time."""
    ready = contest.status in FINISHED
    rows = final_rows(contest) if ready else []
    if contest.reveal_from_bottom:
        shown = rows[len(rows) - min(contest.live.revealed_count, len(rows)) :]
    else:
        shown = rows
    return {
        "reveal_ready": ready,
        "reveal_rows": shown,
        "reveal_columns": in_columns(shown),
        "reveal_newest": shown[0]["contestant"] if shown and contest.reveal_from_bottom else None,
        "reveal_waiting": len(rows) - len(shown),
    }


def scores_context(contest: Contest) -> dict:
    """现场亮分 for one presenter: each judge's sheet total (labelled as in the report), from step
    2 the sheets the rules dropped marked, at step 3 the final score; from the latest
    standings, which the judge totals' drop marks come from."""
    presenter = contest.live.scores_contestant
    snapshot = StandingsSnapshot.objects.filter(contest=contest).order_by("-version").first()
    context = {"scores_presenter": presenter, "scores_sheets": [], "scores_row": None}
    if presenter is None or snapshot is None:
        return context
    judges = list(contest.judges.order_by("order", "id"))
    criteria = list(contest.criteria.all())
    sheets = sheet_rows(contest, criteria, judges, judge_labels(contest, judges), snapshot.data)
    counted = {judge.pk for judge in judges if judge.withdrawn_at is None}
    context["scores_sheets"] = [s for s in sheets.get(presenter.pk, []) if s["judge"] in counted]
    context["scores_row"] = row = next(
        (row for row in snapshot.data["results"] if row["contestant"] == presenter.pk), None
    )
    context["scores_groups"] = group_lines(contest, row)
    return context


def group_lines(contest: Contest, row: dict | None) -> list[dict]:
    """Each judge group's score and its share of the judges' score, so the hall can check the
    亮分 total by hand: 评委评分 = Σ group score × share (the engine weighs the groups that
    scored this presenter, docs/scoring.md §4). Empty without judge groups."""
    scored = (row or {}).get("judge_groups") or {}
    if not scored or set(scored) == {""}:
        return []
    groups = {str(g.pk): g for g in contest.judge_groups.all()}
    weights = {key: groups[key].weight if key in groups else Decimal(1) for key in scored}
    total = sum(weights.values(), Decimal(0))
    return [
        {
            "name": groups[key].name if key in groups else _("未分组"),
            "score": scored[key],
            "share": f"{(weights[key] / total * 100).quantize(Decimal('0.1')).normalize():f}"
            if total
            else "",
        }
        # In the groups' order, then as created: ids compared as numbers ("10" after "9").
        for key in sorted(
            scored,
            key=lambda k: (groups[k].order, groups[k].pk) if k in groups else (1e9, 0),
        )
    ]


def awards_context(contest: Contest) -> dict:
    ready = contest.status in FINISHED
    rows = final_rows(contest) if ready else []
    return {
        "awards_ready": ready,
        "red_flags": [r for r in rows if r["award"] == "red_flag"],
        "snails": [r for r in rows if r["award"] == "snail"],
    }


def series_context(contest: Contest) -> dict:
    """For a round of a 赛马 series: the 赛马榜 (cumulative standings of the signed rounds
    only, so before this round is signed it is 截至上期) and the 流动红旗 holder."""
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    snapshot = latest_snapshot(rnd.series) if rnd else None
    if snapshot is None:
        return {"series_round": rnd}
    counted = tables.counted_rounds(snapshot.data)
    latest = counted[-1] if counted else None
    rows = [row for row in tables.matrix(snapshot.data)["rows"] if row["rank"] is not None]
    names = {row["id"]: row["name"] for row in snapshot.data["entrants"]}
    return {
        "series_round": rnd,
        "series_latest": latest,
        "series_current": latest is not None and latest["number"] == rnd.number,
        "series_columns": in_columns(rows),
        "series_flag": [names[e] for e in latest["flag"]] if latest else [],
    }


def followup_context(contest: Contest) -> dict:
    """汇报表 of the presenter on stage (their unit's matters, four columns and lights), or
    交办回头看 (the previous round's assignments by responsible unit)."""
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    today = timezone.localdate()
    if rnd is None:
        return {"series_round": None}
    if contest.live.screen == LiveState.Screen.LOOKBACK:
        before, rows = followup_tables.lookback_by_unit(rnd, today)
        return {"series_round": rnd, "lookback_round": before, "lookback_rows": rows}
    on_stage = contest.live.current_contestant
    link = getattr(on_stage, "participation", None) if on_stage else None
    rows = []
    if link is not None:
        matters = followup_tables.entrant_matters(link.entrant).filter(lead_entrant=link.entrant)
        rows = followup_tables.matter_rows(matters, today, today)
    return {"series_round": rnd, "matter_unit": link.entrant if link else None, "matter_rows": rows}


PAGE_ROWS = 12  # the 晒比榜 shows twelve metrics a page; static/js/pager.js turns the pages


def boards_context(contest: Contest) -> dict:
    """晒比榜: every metric of the series' boards in the month the meeting shows, by page."""
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    if rnd is None:
        return {"series_round": None}
    period = board_values.board_period(rnd.series, contest.date)
    metrics = Metric.objects.filter(board__series=rnd.series).select_related(
        "board", "lead_entrant"
    )
    rows = board_values.period_rows(metrics, period)
    pages = [rows[i : i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)]
    return {
        "series_round": rnd,
        "board_period": period,
        "board_pages": pages,
        "board_summary": board_values.summary(rows),
    }


def monthly_context(contest: Contest) -> dict:
    """三考三比 月度榜单, a page per 小组 (longer 小组 split): the contest's own board (with 较上月
    for a series round), shown once totals may be shown."""
    if not totals_visible(contest):
        return {"monthly_hidden": True}
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    shown = monthly.round_board(rnd) if rnd else board(contest)
    pages = [
        (group, rows[i : i + PAGE_ROWS])
        for group, rows in shown.groups
        for i in range(0, len(rows), PAGE_ROWS)
    ]
    return {"series_round": rnd, "monthly": shown, "monthly_pages": pages}


def stage_unit(contest: Contest) -> dict:
    """Under the presenter on stage: up to three of the unit's pledges and how its pledges due so
    far were kept (上期承诺兑现); at a 对标交流会 its 对标方案."""
    on_stage = contest.live.current_contestant
    link = getattr(on_stage, "participation", None) if on_stage else None
    if link is None:
        return {}
    today = timezone.localdate()
    shown = {
        "stage_pledges": pledges.stage_pledges(link.entrant, today),
        "stage_pledge_line": pledges.pledge_line(link.entrant.pledges.all(), today),
    }
    if kind_of(contest).plans:
        shown.update(catchup_outputs.stage_plan(link.entrant, today))
    return shown


def bars_chart(contest: Contest, rows: list[dict], on_stage) -> Chart:
    """排行榜 as bars (a screen mode): each total in rank order, a tie as 2=, the presenter on
    stage highlighted; redrawn with every push like the table it stands for."""
    ranked = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["order"]))
    bars = [
        Bar(row["name"], Decimal(row["total"]) if row["total"] else None, row["rank"],
            highlight=on_stage is not None and row["contestant"] == on_stage.pk,
            note="" if row["total"] else _("未评完"))
        for row in ranked
    ]  # fmt: skip
    return bar_chart(contest.title, bars, row=30)


def countdown_html(contest: Contest, layout: str) -> SafeString:
    """The countdown as the frame shows it: big on the projector's stage, small on phones."""
    context = {
        **live.countdown_context(contest),
        "size": "big" if layout == "projector" else "small",
    }
    return render_to_string("screens/partials/countdown.html", context)  # escaped, then safe


def frame_context(contest: Contest) -> dict:
    """Everything a frame shows, read once and shared by every layout and language."""
    rows, version = board_rows(contest)
    show_totals = totals_visible(contest)
    if not show_totals:
        # Progress only, in appearance order: nothing in the frame (row order, ▲▼, highlight,
        # group order) may give the hidden ranking away, so what would is not passed on at all.
        rows = [{key: row[key] for key in HIDDEN_TOTALS_KEYS} for row in rows]
        rows.sort(key=lambda r: r["order"])
    on_stage = contest.live.current_contestant
    progress = contestant_progress(contest, on_stage) if on_stage else None
    groups: dict[str, list[dict]] = {}
    # Groups in the order the organizer set them up (their first member's appearance order).
    for row in sorted(rows, key=lambda r: r["order"]):
        if row["group"]:
            groups.setdefault(row["group"], []).append(row)
    for members in groups.values():
        if show_totals:
            members.sort(key=lambda r: (r["group_rank"] is None, r["group_rank"] or 0, r["order"]))
    extra = {}
    if contest.live.screen == LiveState.Screen.REVEAL:
        extra = reveal_context(contest)
    elif contest.live.screen == LiveState.Screen.AWARDS:
        extra = awards_context(contest)
    elif contest.live.screen == LiveState.Screen.SCORES:
        extra = scores_context(contest)
    elif contest.live.screen == LiveState.Screen.BARS and show_totals:
        extra = {"bars": bars_chart(contest, rows, on_stage)}
    if contest.live.screen in {LiveState.Screen.SERIES, LiveState.Screen.WELCOME}:
        extra = series_context(contest)
    elif contest.live.screen in {LiveState.Screen.MATTERS, LiveState.Screen.LOOKBACK}:
        extra = followup_context(contest)
    elif contest.live.screen == LiveState.Screen.BOARDS:
        extra = boards_context(contest)
    elif contest.live.screen == LiveState.Screen.MONTHLY:
        extra = monthly_context(contest)
    elif contest.live.screen == LiveState.Screen.STAGE:
        extra = stage_unit(contest)
    return {
        **extra,
        "contest": contest,
        "rows": rows,
        "row_columns": in_columns(rows),
        "groups": groups,
        "version": version,
        "on_stage": on_stage,
        "progress": progress,
        "show_totals": show_totals,
        "just_scored": on_stage.pk if on_stage else None,
    }


def frame_html(contest: Contest, layout: str, context: dict | None = None) -> str:
    """One layout's frame in the active language; `context` from frame_context, to share."""
    context = context or frame_context(contest)
    countdown = countdown_html(contest, layout)
    return render_to_string(
        "screens/partials/screen_frame.html", {**context, "layout": layout, "countdown": countdown}
    )


def console_html(contest: Contest) -> str:
    """The console's live parts as out-of-band pieces the page swaps into place by id."""
    context = {"contest": contest, **console_state(contest)}
    return render_to_string("live/partials/console_live.html", context)


@dataclass(frozen=True)
class Feed:
    """One kind of live content: streams that want the same feed get the same bytes."""

    kind: str  # "frame" (projector or audience), "stage" (judges), "console" (organizer)
    layout: str = ""
    language: str = ""


def sse_message(event: str, data: str, event_id: int | str = "") -> bytes:
    """One Server-Sent Event; every line of the data gets its own `data:` field.

    Each line loses its indentation and blank lines go: a message is written to every open
    stream, and the templates' layout was half of a frame's bytes. (No pushed template holds
    a <pre> or <textarea>, whose whitespace would count.)"""
    lines = [f"event: {event}"]
    if event_id != "":
        lines.append(f"id: {event_id}")
    kept = [line for line in (raw.strip() for raw in data.splitlines()) if line]
    lines.extend(f"data: {line}" for line in kept or [""])
    return ("\n".join(lines) + "\n\n").encode()


def render_feeds(contest_id: int, feeds: set[Feed]) -> dict[Feed, bytes] | None:
    """Every wanted feed of a contest as SSE messages, reading the database once for all of
    them; None if the contest is gone."""
    contest = (
        Contest.objects.select_related("live__current_contestant").filter(pk=contest_id).first()
    )
    if contest is None:
        return None
    messages: dict[Feed, bytes] = {}
    context = None
    for feed in sorted(feeds, key=lambda f: (f.kind, f.layout, f.language)):
        with translation.override(feed.language or settings.LANGUAGE_CODE):
            if feed.kind == "frame":
                context = context or frame_context(contest)
                html = frame_html(contest, feed.layout, context)
                messages[feed] = sse_message("frame", html, context["version"])
            elif feed.kind == "stage":
                messages[feed] = sse_message("stage", live.stage_json(contest))
            elif feed.kind == "console":
                messages[feed] = sse_message("console", console_html(contest))
    return messages

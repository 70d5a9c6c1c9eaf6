"""Public screens: the projector (大屏) and the audience's phones. Read-only, no login.

The page loads the current frame, then listens to /events/ (Server-Sent Events). The stream
carries only the standings version; on every event the page re-fetches the rendered frame, so
a reconnect (the browser resends Last-Event-ID) simply re-fetches too. A slow poll keeps the
frame fresh wherever SSE cannot get through.
"""

import asyncio
import hashlib
import math
import threading
from collections import OrderedDict

from asgiref.sync import sync_to_async
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from contests import live
from contests.models import Contest
from contests.qr import qr_svg

HEARTBEAT_SECONDS = 15


def screen_contest(token: str) -> Contest:
    return get_object_or_404(
        Contest.objects.select_related("current_contestant"), screen_token=token
    )


def totals_visible(contest: Contest) -> bool:
    """Totals show live only if the organizer chose so; always once results are signed off."""
    return contest.show_totals or contest.status in {
        Contest.Status.SIGNED_OFF,
        Contest.Status.PUBLISHED,
    }


def board_rows(contest: Contest) -> tuple[list[dict], int]:
    """Leaderboard rows from the latest snapshot, with movement since the previous version."""
    from scoring.models import StandingsSnapshot

    snapshots = list(StandingsSnapshot.objects.filter(contest=contest).order_by("-version")[:2])
    if not snapshots:
        return [], 0
    latest = snapshots[0]
    before = {}
    if len(snapshots) > 1:
        before = {r["contestant"]: r for r in snapshots[1].data["results"]}

    def move(now: int | None, then: int | None) -> int:
        return then - now if now and then else 0  # positive: moved up

    rows = []
    for row in latest.data["results"]:
        previous = before.get(row["contestant"], {})
        overall = move(row["rank"], previous.get("rank"))
        in_group = move(row["group_rank"], previous.get("group_rank"))
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


def final_rows(contest: Contest) -> list[dict]:
    """Ranked rows of the standings that count (the signed version once signed), with awards."""
    from scoring.results import results_snapshot, rows_with_awards

    snapshot = results_snapshot(contest)
    if snapshot is None:
        return []
    return [row for row in rows_with_awards(contest, snapshot.data) if row["rank"] is not None]


def reveal_context(contest: Contest) -> dict:
    """The final reveal: every place at once, or from the last place up, one step at a time."""
    ready = contest.status not in {Contest.Status.DRAFT, Contest.Status.LIVE}
    rows = final_rows(contest) if ready else []
    if contest.reveal_from_bottom:
        shown = rows[len(rows) - min(contest.revealed_count, len(rows)) :]
    else:
        shown = rows
    return {
        "reveal_ready": ready,
        "reveal_rows": shown,
        "reveal_newest": shown[0]["contestant"] if shown and contest.reveal_from_bottom else None,
        "reveal_waiting": len(rows) - len(shown),
    }


def awards_context(contest: Contest) -> dict:
    ready = contest.status not in {Contest.Status.DRAFT, Contest.Status.LIVE}
    rows = final_rows(contest) if ready else []
    return {
        "awards_ready": ready,
        "red_flags": [r for r in rows if r["award"] == "red_flag"],
        "snails": [r for r in rows if r["award"] == "snail"],
    }


def clock_text(timer: dict) -> str:
    """m:ss as first rendered, before the page's script takes over (and without JavaScript)."""
    whole = max(0, math.ceil(timer["left"]))
    return f"{whole // 60}:{whole % 60:02d}"


def countdown_html(timer: dict, layout: str) -> SafeString:
    """The countdown as the frame shows it: big on the projector's stage, small on phones."""
    size = "big" if layout == "projector" else "small"
    context = {"timer": timer, "timer_text": clock_text(timer), "size": size}
    return render_to_string("contests/partials/countdown.html", context)  # escaped, then safe


def frame_context(contest: Contest) -> dict:
    rows, version = board_rows(contest)
    on_stage = contest.current_contestant
    # Every screen re-fetches its frame on every event: count only the presenter on stage.
    progress = live.contestant_progress(contest, on_stage) if on_stage else None
    groups: dict[str, list[dict]] = {}
    # Groups in the order the organizer set them up (their first member's appearance order).
    for row in sorted(rows, key=lambda r: r["order"]):
        if row["group"]:
            groups.setdefault(row["group"], []).append(row)
    for members in groups.values():
        members.sort(key=lambda r: (r["group_rank"] is None, r["group_rank"] or 0, r["order"]))
    extra = {}
    if contest.screen == Contest.Screen.REVEAL:
        extra = reveal_context(contest)
    elif contest.screen == Contest.Screen.AWARDS:
        extra = awards_context(contest)
    return {
        **extra,
        "contest": contest,
        "rows": rows,
        "groups": groups,
        "version": version,
        "on_stage": on_stage,
        "progress": progress,
        "show_totals": totals_visible(contest),
        "just_scored": on_stage.pk if on_stage else None,
    }


def _page(request: HttpRequest, token: str, template: str, layout: str) -> HttpResponse:
    contest = screen_contest(token)
    audience_url = request.build_absolute_uri(reverse("screen:audience", args=[token]))
    return render(
        request,
        template,
        {
            "token": token,
            "audience_url": audience_url,
            "audience_qr": qr_svg(audience_url, scale=3),
            **frame_context(contest),
            "countdown": countdown_html(contest.timer_state(), layout),
        },
    )


@require_GET
def projector(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "contests/projector.html", "projector")


@require_GET
def audience(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, token, "contests/audience.html", "phone")


# Every screen re-fetches its frame on every standings event, so the board and stage frames are
# rendered once per process and state: what is cached is keyed by everything they show, read in
# a few cheap queries (the snapshots by id: a snapshot is never changed once written). The
# countdown changes by the second and is rendered per request into its slot, a comment that no
# escaped user text can produce. The final reveal and awards are shown once and not cached.
_frames: OrderedDict[str, str] = OrderedDict()
_frames_lock = threading.Lock()
FRAMES_KEPT = 64
COUNTDOWN_SLOT = SafeString("<!--arena:countdown-->")  # a constant, not user input
CLOCK_COLUMNS = {"timer_ends_at", "timer_paused_left"}  # read only by the countdown
UNCACHED_SCREENS = {Contest.Screen.REVEAL, Contest.Screen.AWARDS}


def _columns(row: Model | None) -> tuple | None:
    if row is None:
        return None
    return tuple(
        getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname not in CLOCK_COLUMNS
    )


def frame_key(contest: Contest, layout: str) -> str:
    """What a board or stage frame shows, apart from the countdown: the contest's and the
    presenter's own columns, the presenter's n/N, the latest two snapshots (rows and ▲▼), the
    layout and the language. A template change that reads anything else (a relation such as
    on_stage.group) must add it here, or a change to it would not show."""
    from scoring.models import StandingsSnapshot

    on_stage = contest.current_contestant
    progress = live.contestant_progress(contest, on_stage) if on_stage else {}
    snapshots = StandingsSnapshot.objects.filter(contest=contest).order_by("-version")
    inputs = (
        get_language(),
        layout,
        _columns(contest),
        _columns(on_stage),
        (progress.get("submitted"), progress.get("eligible")),
        tuple(snapshots.values_list("pk", flat=True)[:2]),
    )
    return hashlib.sha256(repr(inputs).encode("utf-8", "surrogatepass")).hexdigest()


def _render_frame(contest: Contest, layout: str) -> str:
    context = {**frame_context(contest), "layout": layout, "countdown": COUNTDOWN_SLOT}
    return render_to_string("contests/partials/screen_frame.html", context)


def frame_html(contest: Contest, layout: str) -> str:
    """The frame for this screen now: from the process's cache, with the countdown filled in."""
    if contest.screen in UNCACHED_SCREENS:
        html = _render_frame(contest, layout)
    else:
        key = frame_key(contest, layout)
        with _frames_lock:
            html = _frames.get(key)
            if html is not None:
                _frames.move_to_end(key)
        if html is None:
            # Read after the key: if the standings moved on in between, this frame is newer
            # than its key says, never older.
            html = _render_frame(contest, layout)
            with _frames_lock:
                _frames[key] = html
                while len(_frames) > FRAMES_KEPT:
                    _frames.popitem(last=False)
    return html.replace(COUNTDOWN_SLOT, countdown_html(contest.timer_state(), layout), 1)


@require_GET
def frame(request: HttpRequest, token: str) -> HttpResponse:
    """The current frame as an htmx partial; `layout=phone` for the audience page."""
    contest = screen_contest(token)
    layout = "phone" if request.GET.get("layout") == "phone" else "projector"
    response = HttpResponse(frame_html(contest, layout))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
async def events(request: HttpRequest, token: str) -> StreamingHttpResponse:
    """Server-Sent Events: `update` with the standings version as id, a heartbeat comment
    every 15 s. One query at connect for the current version; after that only the bus."""
    from scoring.events import get_bus
    from scoring.models import StandingsState

    contest_id = (
        await Contest.objects.filter(screen_token=token).values_list("pk", flat=True).afirst()
    )
    version = 0
    if contest_id is not None:
        version = (
            await StandingsState.objects.filter(contest_id=contest_id)
            .values_list("version", flat=True)
            .afirst()
        ) or 0
    # A stream lives for hours: hand the database connection back now, not when it ends, or
    # 300 projectors and phones would hold 300 idle PostgreSQL connections.
    await sync_to_async(connections.close_all)()
    if contest_id is None:
        return HttpResponse(status=404)

    async def stream():
        # The first event tells a (re)connecting screen where things stand: it re-fetches.
        yield f"retry: 3000\nid: {version}\nevent: update\ndata: {version}\n\n"
        async with get_bus().subscribe(contest_id) as subscription:
            while True:
                latest = await subscription.next(timeout=HEARTBEAT_SECONDS)
                if latest is None:
                    yield ": heartbeat\n\n"
                else:
                    yield f"id: {latest}\nevent: update\ndata: {latest}\n\n"
                await asyncio.sleep(0)

    response = StreamingHttpResponse(stream(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events through at once
    return response

"""A series round's 三考三比 月度榜单 with the change on last month, a village's task profile over
the last months, and the board as A4-landscape PDF (one table per 小组) and XLSX.

Every figure is scoring.taskboard's (the round's results snapshot); this module only adds what
needs the series: which presenter of last month's round is the same village."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.lib.pdf import render_pdf
from arena.lib.tables import to_xlsx
from scoring import results
from scoring.taskboard import Board, TaskCell, board
from series.models import Entrant, Participation, Round

PROFILE_MONTHS = 6


def _entrants(rnd: Round) -> dict[int, int]:
    """The round's presenters' entrants, by contestant id."""
    return dict(Participation.objects.filter(round=rnd).values_list("contestant_id", "entrant_id"))


def previous_round(rnd: Round) -> Round | None:
    return (
        Round.objects.filter(series=rnd.series_id, number__lt=rnd.number)
        .select_related("contest")
        .order_by("-number")
        .first()
    )


def round_board(rnd: Round) -> Board:
    """The round's board; each village's composite compared with its own last month (the
    previous round of the series), None when it had none."""
    shown = board(rnd.contest)
    now_entrants = _entrants(rnd)
    for row in shown.rows:
        row.entrant = now_entrants.get(row.contestant)
    before = previous_round(rnd)
    if before is None or not shown.rows:
        return shown
    # Last month's composite is its results' total (what its own board shows): read from its
    # snapshot, without building its whole board.
    earlier = results.results_snapshot(before.contest)
    then_entrants = _entrants(before)
    then = {
        then_entrants.get(row["contestant"]): Decimal(row["total"])
        for row in (earlier.data["results"] if earlier else [])
        if row["total"]
    }
    for row in shown.rows:
        past = then.get(row.entrant)
        if row.composite is not None and past is not None:
            row.change = row.composite - past
    return shown


@dataclass(frozen=True)
class ProfileMonth:
    round: Round
    composite: Decimal | None
    place: int | None
    verdict: str
    tasks: list[TaskCell]


def profile(entrant: Entrant, months: int = PROFILE_MONTHS) -> list[ProfileMonth]:
    """A village's last `months` rounds, newest first: composite, 小组 rank, 全科/偏科 and each
    task's score, maximum and rate."""
    taken = (
        Participation.objects.filter(entrant=entrant)
        .select_related("round__contest")
        .order_by("-round__number")[:months]
    )
    shown = []
    for participation in taken:
        rows = {row.contestant: row for row in board(participation.round.contest).rows}
        row = rows.get(participation.contestant_id)
        if row is not None:
            shown.append(
                ProfileMonth(participation.round, row.composite, row.place, row.verdict, row.tasks)
            )
    return shown


def _signed(rnd: Round) -> bool:
    """Both signatures (审核 and 监督) are on the round: the PDF is no longer a 草稿."""
    return rnd.contest.status in {rnd.contest.Status.SIGNED, rnd.contest.Status.PUBLISHED}


def pdf(rnd: Round) -> bytes:
    """月度榜单 on A4 landscape: one table per 小组, 草稿 until the round is signed."""
    snapshot = results.results_snapshot(rnd.contest)
    digest = results.fingerprint(rnd.contest, snapshot.data) if snapshot is not None else ""
    html = render_to_string(
        "series/monthly_pdf.html",
        {
            "round": rnd,
            "series": rnd.series,
            "board": round_board(rnd),
            "draft": not _signed(rnd),
            "signoffs": list(results.active_signoffs(rnd.contest)),
            "fingerprint": digest,
            "fingerprint_spaced": results.spaced(digest),
            "now": timezone.localtime(),
        },
    )
    return render_pdf(html)


def table(rnd: Round) -> list[list]:
    """The board as one table, a row per village with 小组 as a column: the XLSX and the JSON
    interface (numbers as numbers)."""
    shown = round_board(rnd)
    header = [
        _("小组"),
        _("小组名次"),
        _("单位"),
        _("综合得分"),
        _("较上月"),
        *shown.columns,
        _("全科/偏科"),
    ]
    lines = [
        [
            row.group,
            row.place,
            row.unit or row.name,
            row.composite,
            row.change,
            *row.subtotals,
            row.verdict,
        ]
        for row in shown.rows
    ]
    return [header, *lines]


def xlsx(rnd: Round) -> bytes:
    return to_xlsx([(_("月度榜单"), table(rnd))])

"""A unit's board score as a contest indicator: 晒比 feeds the 擂台 total. For each presenter
of a round, its unit's score (区级综合评价, 0–100) scaled to the indicator's maximum, written
through scoring's indicator table as an organizer's entry would be."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from boards import values
from boards.models import Board
from scoring.indicators import fill_shares
from series.models import Round


def fill_board_scores(
    rnd: Round, indicator_name: str, period: dt.date, board: Board | None = None
) -> dict[int, Decimal | None]:
    by_unit = {s["entrant"].pk: s["score"] for s in values.unit_scores(rnd.series, period, board)}
    shares = {}
    for link in rnd.participations.all():
        score = by_unit.get(link.entrant_id)
        shares[link.contestant_id] = None if score is None else Fraction(score) / 100
    return fill_shares(rnd.contest, indicator_name, shares)

"""A unit's board score as a contest indicator: 晒比 feeds the 擂台 total. For each presenter
of a round, its unit's score (区级综合评价, 0–100) scaled to the indicator's maximum, written
through scoring's indicator table as an organizer's entry would be."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from boards import values
from boards.models import Board
from scoring.indicators import save_scores
from series.models import Round


def fill_board_scores(
    rnd: Round, indicator_name: str, period: dt.date, board: Board | None = None
) -> dict[int, Decimal | None]:
    indicator = rnd.contest.indicators.filter(name=indicator_name.strip()).first()
    if indicator is None:
        raise ValueError(
            _("本期擂台赛没有名为“{name}”的指标评分项，请先在第 6 步“指标评分”中添加。").format(
                name=indicator_name
            )
        )
    by_unit = {s["entrant"].pk: s["score"] for s in values.unit_scores(rnd.series, period, board)}
    scores: dict[int, Decimal | None] = {}
    for link in rnd.participations.all():
        score = by_unit.get(link.entrant_id)
        scores[link.contestant_id] = (
            None
            if score is None
            else (indicator.max_score * score / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        )
    problems = save_scores(
        rnd.contest,
        {(indicator.pk, cid): "" if v is None else str(v) for cid, v in scores.items()},
    )
    if problems:
        raise ValueError("；".join(sorted(set(problems.values()))))
    return scores

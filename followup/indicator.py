"""交办按期办结率 as an indicator score: for each presenter of a round, the on-time rate of the
measures its unit was responsible for, due since the round before, times the indicator's
maximum — written through scoring's indicator table, as an organizer's entry would be."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from followup import rules
from followup.ledger import FollowupError
from followup.models import Matter, Measure
from followup.tables import previous_round
from scoring.indicators import fill_shares
from series.models import Round


def period_of(rnd: Round) -> tuple[dt.date, dt.date]:
    """From the day after the previous round (or the series' 1 January) to this round's date."""
    before = previous_round(rnd)
    start = before.contest.date + dt.timedelta(days=1) if before else dt.date(rnd.series.year, 1, 1)
    return start, rnd.contest.date


def fill_on_time_rate(rnd: Round, indicator_name: str) -> dict[int, Decimal | None]:
    """Write the rate into the round's indicator of that name; returns {contestant id: score}
    (None: nothing of its unit was due, left blank)."""
    start, end = period_of(rnd)
    measures = (
        Measure.objects.filter(matter__series=rnd.series, matter__kind=Matter.Kind.ASSIGNED)
        .exclude(matter__status=Matter.Status.CANCELLED)
        .prefetch_related("responsible")
    )
    rates = {}
    for link in rnd.participations.all():
        owned = [
            (m.deadline, m.done_on if m.status == Measure.Status.CLOSED else None)
            for m in measures
            if any(r.entrant_id == link.entrant_id for r in m.responsible.all())
        ]
        rates[link.contestant_id] = rules.on_time_rate(owned, start, end)
    try:
        return fill_shares(rnd.contest, indicator_name, rates)
    except ValueError as problem:
        raise FollowupError(str(problem)) from None

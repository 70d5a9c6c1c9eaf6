"""The follow-up rules as plain Python (no Django), each taking an explicit `today`:
lights per measure and matter, overdue days, extensions, the on-time rate, card steps.

Calendar days in Asia/Shanghai; the caller passes the local date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
SEVERITY = {GREY: 0, GREEN: 1, YELLOW: 2, RED: 3}
WARNING_DAYS = 3  # yellow from this many days before the deadline, the deadline day included


@dataclass(frozen=True)
class Light:
    colour: str
    days_left: int | None  # before the deadline (0: due today); None once overdue or closed
    overdue: int  # days past the deadline: to today, or to the day it was marked done


def overdue_days(deadline: date, until: date) -> int:
    return max(0, (until - deadline).days)


def light(
    deadline: date, today: date, *, closed: bool = False, done_on: date | None = None
) -> Light:
    """A measure's light. Closed (销号): grey. Marked done and awaiting the check: the clock
    stopped on the day it was marked done, so the light is that day's."""
    until = done_on or today
    overdue = overdue_days(deadline, until)
    if closed:
        return Light(GREY, None, overdue)
    if overdue:
        return Light(RED, None, overdue)
    left = (deadline - until).days
    return Light(YELLOW if left <= WARNING_DAYS else GREEN, left, 0)


def worst(colours: Iterable[str]) -> str:
    """A matter takes the worst light of its open measures; grey when all are closed."""
    return max(colours, key=SEVERITY.__getitem__, default=GREY)


def may_extend(deadline: date, asked_on: date) -> bool:
    """An extension may be asked until the deadline day, never after it (已逾期)."""
    return asked_on <= deadline


def on_time_rate(
    measures: Iterable[tuple[date, date | None]], start: date, end: date
) -> Fraction | None:
    """交办按期办结率: of the measures due within [start, end] — (deadline, the day marked done
    if it was then closed, else None) — the share closed on or before the deadline; None when
    none was due."""
    due = [(deadline, done) for deadline, done in measures if start <= deadline <= end]
    if not due:
        return None
    on_time = sum(1 for deadline, done in due if done is not None and done <= deadline)
    return Fraction(on_time, len(due))


YELLOW_CARD, RED_CARD, LIFTED = "yellow", "red", "lifted"


def card_step(*, snail_again: bool, rectified: bool, rectification_overdue: bool) -> str:
    """What a 黄牌 becomes at the next round's sign-off: 蜗牛 again, or its 整改 overdue and not
    closed → 红牌; not 蜗牛 and the 整改 closed → lifted (摘牌); otherwise it stays yellow."""
    if snail_again or (rectification_overdue and not rectified):
        return RED_CARD
    if rectified:
        return LIFTED
    return YELLOW_CARD

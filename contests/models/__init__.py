"""Contests, their criteria, contestants and judges: what an organizer sets up before the event."""

from contests.models.contest import Contest, new_judge_token, new_screen_token
from contests.models.indicators import Indicator, IndicatorScore
from contests.models.live import LiveState
from contests.models.people import (
    Contestant,
    ContestantGroup,
    Criterion,
    Judge,
    JudgeGroup,
    Recusal,
    SetupChange,
    TakingPart,
    same_unit,
)

__all__ = [
    "Contest",
    "Contestant",
    "ContestantGroup",
    "Criterion",
    "Indicator",
    "IndicatorScore",
    "Judge",
    "JudgeGroup",
    "LiveState",
    "Recusal",
    "SetupChange",
    "TakingPart",
    "new_judge_token",
    "new_screen_token",
    "same_unit",
]

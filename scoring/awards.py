"""红旗 and 蜗牛奖: who gets an award, from published ranks. Plain Python, no Django imports.

The rules (docs/scoring.md, "评奖"):
- Only ranked contestants take part (a contestant without a total has no rank).
- 红旗 goes to the top N: everyone whose rank is at most N. Tied contestants share a rank, so a
  tie across the boundary brings everyone in it (ranks 1, 2, 3, 3 with N = 3: four flags).
- 蜗牛奖 goes to the bottom N the same way from the other end: every contestant whose tie
  shares one of the last N places (ranks …, 9, 9 of 10 with N = 1: both).
- Nobody gets both: in a field too small for both lists, 红旗 wins.
- With `by_group`, each contestant group is ranked on its own (group ranks) and gets its own
  N and N; contestants outside every group take no part then.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum

Id = Hashable


class Award(StrEnum):
    RED_FLAG = "red_flag"
    SNAIL = "snail"


@dataclass(frozen=True)
class Placing:
    contestant_id: Id
    rank: int | None
    group_id: Id | None = None
    group_rank: int | None = None


def _field_awards(ranks: dict[Id, int], top: int, bottom: int) -> dict[Id, Award]:
    """Awards within one field of competitors given their competition ranks (1, 1, 3)."""
    size = len(ranks)
    tie_sizes = Counter(ranks.values())
    result: dict[Id, Award] = {}
    for contestant, rank in ranks.items():
        last_place = rank + tie_sizes[rank] - 1  # the tie occupies places rank..last_place
        if top and rank <= top:
            result[contestant] = Award.RED_FLAG
        elif bottom and last_place > size - bottom:
            result[contestant] = Award.SNAIL
    return result


def awards(placings: Iterable[Placing], top: int, bottom: int, by_group: bool) -> dict[Id, Award]:
    """Each awarded contestant's award; contestants without one are left out."""
    if top < 0 or bottom < 0:
        raise ValueError("award counts must not be negative")
    placings = list(placings)
    if not by_group:
        return _field_awards(
            {p.contestant_id: p.rank for p in placings if p.rank is not None}, top, bottom
        )
    fields: dict[Id, dict[Id, int]] = defaultdict(dict)
    for p in placings:
        if p.group_id is not None and p.group_rank is not None:
            fields[p.group_id][p.contestant_id] = p.group_rank
    result: dict[Id, Award] = {}
    for ranks in fields.values():
        result.update(_field_awards(ranks, top, bottom))
    return result

"""Cumulative standings of a 赛马 series: plain Python, no Django, exact arithmetic.

A series is a run of rounds (期); each round that counts brings the published two-decimal total
of every entrant (参赛单位) ranked in it. From those, per entrant:

- `mean` (the default): the mean of the totals of the rounds the entrant was ranked in;
- `weighted_mean`: the same weighted by each round's weight;
- `rank_points`: Σ (Nᵣ − rankᵣ + 1) over those rounds, Nᵣ being how many were ranked in round r.

Absence never counts as 0: a round an entrant was not in is left out of its value. An entrant
ranked in fewer than `minimum_rounds` rounds is listed (参赛 n/N 期) but not ranked. Ranks go by
the published value (half-up to two decimals), higher first, as a contest ranks by its published
total: two units that both show 80.67 are not told apart by a third decimal nobody sees. Equal
published values are separated by the latest round's total (an entrant that was in it before one
that was not), and are otherwise shared (1, 1, 3). The exact value is kept for the record.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scoring.exact import publish  # half-up to two decimals, as every published score

METHODS = ("mean", "weighted_mean", "rank_points")


@dataclass(frozen=True)
class Round:
    number: int
    totals: Mapping[Hashable, Decimal]  # entrant → published total, for the ranked entrants
    weight: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if not self.weight > 0:  # a weighted mean over weight-0 rounds only has no value
            raise ValueError(f"round {self.number}: weight must be positive, not {self.weight}")


@dataclass(frozen=True)
class Standing:
    entrant: Hashable
    rounds: int  # how many rounds the entrant was ranked in
    value: Fraction | None  # exact; None when unranked (too few rounds)
    rank: int | None
    trend: int | None  # places gained since the standings before the latest round; None: new

    @property
    def published(self) -> Decimal | None:
        return None if self.value is None else publish(self.value)


def round_ranks(totals: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Ranks within one round, higher total first, ties shared (1, 1, 3)."""
    ordered = sorted(totals.values(), reverse=True)
    first_place = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return {entrant: first_place[total] for entrant, total in totals.items()}


def _value(
    entrant: Hashable, rounds: Sequence[Round], method: str, places: list[dict]
) -> tuple[Fraction, int]:
    taken = [r for r in rounds if entrant in r.totals]
    if method == "mean":
        return sum(Fraction(r.totals[entrant]) for r in taken) / len(taken), len(taken)
    if method == "weighted_mean":
        weight = sum(Fraction(r.weight) for r in taken)
        value = sum(Fraction(r.weight) * Fraction(r.totals[entrant]) for r in taken) / weight
        return value, len(taken)
    points = sum(
        len(r.totals) - ranks[entrant] + 1
        for r, ranks in zip(rounds, places, strict=True)
        if entrant in r.totals
    )
    return Fraction(points), len(taken)


def _ranks(rounds: Sequence[Round], method: str, minimum_rounds: int) -> dict:
    entrants = {e for r in rounds for e in r.totals}
    places = [round_ranks(r.totals) for r in rounds] if method == "rank_points" else []
    values = {e: _value(e, rounds, method, places) for e in entrants}
    ranked = {e: v for e, (v, n) in values.items() if n >= minimum_rounds}
    latest = rounds[-1].totals if rounds else {}

    def key(entrant):
        tiebreak = latest.get(entrant)
        return (publish(ranked[entrant]), tiebreak is not None, tiebreak or 0)

    order = sorted(ranked, key=key, reverse=True)
    ranks: dict[Hashable, int] = {}
    for place, entrant in enumerate(order, start=1):
        previous = order[place - 2] if place > 1 else None
        same = previous is not None and key(previous) == key(entrant)
        ranks[entrant] = ranks[previous] if same else place
    return {"values": values, "ranks": ranks}


def standings(
    rounds: Sequence[Round], method: str = "mean", minimum_rounds: int = 1
) -> list[Standing]:
    """The cumulative standings after these rounds (in order; only the rounds that count),
    ranked entrants first by rank, then the unranked by rounds taken."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    rounds = sorted(rounds, key=lambda r: r.number)
    now = _ranks(rounds, method, minimum_rounds)
    before = _ranks(rounds[:-1], method, minimum_rounds)["ranks"] if len(rounds) > 1 else {}
    result = []
    for entrant, (value, taken) in now["values"].items():
        rank = now["ranks"].get(entrant)
        earlier = before.get(entrant)
        result.append(
            Standing(
                entrant=entrant,
                rounds=taken,
                value=value if rank is not None else None,
                rank=rank,
                trend=None if rank is None or earlier is None else earlier - rank,
            )
        )
    result.sort(key=lambda s: (s.rank is None, s.rank or 0, -s.rounds, str(s.entrant)))
    return result


def round_trend(rounds: Sequence[Round], number: int) -> dict[Hashable, int | None]:
    """较上期 within one round: places gained against the round before it, per entrant of round
    `number`; None for an entrant that was not in the round before (新 / 上期未参赛)."""
    ordered = sorted(rounds, key=lambda r: r.number)
    index = next(i for i, r in enumerate(ordered) if r.number == number)
    now = round_ranks(ordered[index].totals)
    before = round_ranks(ordered[index - 1].totals) if index > 0 else {}
    return {e: (before[e] - rank if e in before else None) for e, rank in now.items()}

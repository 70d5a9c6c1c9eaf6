"""The 赛马 series' cumulative standings (series/cumulative.py): the issue's cases with exact
figures, and a property test against a naive reference."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from series.cumulative import Round, publish, round_trend, standings

D = Decimal
R1 = Round(1, {"甲": D("90.00"), "乙": D("85.00"), "丙": D("80.00")})  # 丁 not on stage
R2 = Round(2, {"甲": D("82.00"), "乙": D("88.00"), "丙": D("84.00"), "丁": D("91.00")})
R3 = Round(3, {"甲": D("86.00"), "乙": D("87.00"), "丙": D("95.00"), "丁": D("80.00")})


def table(result):
    return [(s.entrant, s.published, s.rank, s.trend) for s in result]


def test_mean_after_two_and_three_rounds():
    assert table(standings([R1, R2])) == [
        ("丁", D("91.00"), 1, None),  # new: not ranked after R1
        ("乙", D("86.50"), 2, 0),
        ("甲", D("86.00"), 3, -2),
        ("丙", D("82.00"), 4, -1),
    ]
    assert table(standings([R1, R2, R3])) == [
        ("乙", D("86.67"), 1, 1),
        ("丙", D("86.33"), 2, 2),
        ("甲", D("86.00"), 3, 0),
        ("丁", D("85.50"), 4, -3),
    ]


def test_fewer_rounds_than_the_minimum_are_listed_but_not_ranked():
    result = standings([R1, R2, R3], minimum_rounds=3)
    assert [(s.entrant, s.rank) for s in result] == [("乙", 1), ("丙", 2), ("甲", 3), ("丁", None)]
    last = result[-1]
    assert (last.rounds, last.value, last.published) == (2, None, None)  # 参赛 2/3 期，不排名


def test_weighted_mean_and_rank_points():
    heavy = Round(3, R3.totals, weight=D(2))
    weighted = standings([R1, R2, heavy], method="weighted_mean")
    assert [(s.entrant, s.published) for s in weighted] == [
        ("丙", D("88.50")),
        ("乙", D("86.75")),
        ("甲", D("86.00")),
        ("丁", D("83.67")),
    ]
    points = standings([R1, R2, R3], method="rank_points")
    assert [(s.entrant, s.value) for s in points] == [("乙", 8), ("丙", 7), ("甲", 6), ("丁", 5)]


def test_per_round_trend():
    assert round_trend([R1, R2, R3], 3) == {"丙": 2, "乙": 0, "甲": 1, "丁": -3}
    assert round_trend([R1, R2, R3], 2)["丁"] is None  # 上期未参赛


def test_ties_go_to_the_latest_round_then_are_shared():
    first = Round(1, {"a": D("80"), "b": D("90"), "c": D("85"), "d": D("85")})
    second = Round(2, {"a": D("90"), "b": D("80"), "c": D("85"), "d": D("85")})
    result = standings([first, second])
    # All four average 85: a had more in the latest round than c and d (shared), then b.
    assert [(s.entrant, s.rank) for s in result] == [("a", 1), ("c", 2), ("d", 2), ("b", 4)]


def test_half_up_only_at_publication():
    assert publish(Fraction(8667, 100) - Fraction(1, 300)) == D("86.67")  # 86.666…
    assert publish(Fraction(86335, 1000)) == D("86.34")  # exactly half: up
    with pytest.raises(ValueError):
        standings([R1], method="median")
    with pytest.raises(ValueError, match="weight must be positive"):
        Round(4, R3.totals, weight=D(0))


# A naive reference: each value from the rounds' totals as fractions, each rank as one more
# than the number of entrants strictly ahead by (published value, in the latest round, latest
# total) — the published value rounded here by hand, half-up on the exact fraction.
def shown(value: Fraction) -> Fraction:
    hundredths = value * 100
    whole = hundredths.numerator // hundredths.denominator
    return Fraction(whole + (1 if hundredths - whole >= Fraction(1, 2) else 0), 100)


def reference(rounds, method, minimum):
    rounds = sorted(rounds, key=lambda r: r.number)
    entrants = {e for r in rounds for e in r.totals}
    values = {}
    for e in entrants:
        taken = [r for r in rounds if e in r.totals]
        if len(taken) < minimum:
            continue
        if method == "mean":
            values[e] = sum(Fraction(r.totals[e]) for r in taken) / len(taken)
        elif method == "weighted_mean":
            values[e] = sum(Fraction(r.weight) * Fraction(r.totals[e]) for r in taken) / sum(
                Fraction(r.weight) for r in taken
            )
        else:
            values[e] = Fraction(
                sum(
                    sum(1 for t in r.totals.values() if t <= r.totals[e])  # N − rank + 1
                    for r in taken
                )
            )
    latest = rounds[-1].totals

    def key(e):
        return (shown(values[e]), e in latest, latest.get(e, 0))

    return {e: 1 + sum(1 for o in values if key(o) > key(e)) for e in values}


totals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def series(draw):
    names = draw(st.lists(st.sampled_from("甲乙丙丁戊己庚辛"), min_size=1, max_size=8, unique=True))
    count = draw(st.integers(min_value=1, max_value=5))
    rounds = []
    for number in range(1, count + 1):
        present = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        # Few distinct totals, so ties come up often.
        value = st.one_of(totals, st.sampled_from([D("80.00"), D("85.50"), D("90.00")]))
        weight = draw(st.sampled_from([D(1), D("0.5"), D(2)]))
        rounds.append(Round(number, {e: draw(value) for e in present}, weight))
    return rounds


@settings(max_examples=300, deadline=None)
@given(
    rounds=series(),
    method=st.sampled_from(["mean", "weighted_mean", "rank_points"]),
    minimum=st.integers(min_value=1, max_value=4),
)
def test_standings_agree_with_a_naive_reference(rounds, method, minimum):
    result = standings(rounds, method=method, minimum_rounds=minimum)
    expected = reference(rounds, method, minimum)
    assert {s.entrant: s.rank for s in result if s.rank is not None} == expected
    assert all(s.value is None for s in result if s.rank is None)
    assert len(result) == len({e for r in rounds for e in r.totals})


def test_units_showing_the_same_value_share_the_rank():
    """#29: the series ranked by the exact value, so two units that both showed 80.67 got
    ranks 1 and 2 for no visible reason. 甲 (80 + 81.01 + 81) / 3 = 80.67 exactly;
    乙 (80.5 + 80.5 + 81) / 3 = 80.666… shows 80.67 too; both had 81.00 in the latest round."""
    rounds = [
        Round(1, {"甲": D("80.00"), "乙": D("80.50"), "丙": D("70.00")}),
        Round(2, {"甲": D("81.01"), "乙": D("80.50"), "丙": D("70.00")}),
        Round(3, {"甲": D("81.00"), "乙": D("81.00"), "丙": D("70.00")}),
    ]
    table = {s.entrant: s for s in standings(rounds)}
    assert table["甲"].value != table["乙"].value  # 80.67 against 80.666…
    assert table["甲"].published == table["乙"].published == D("80.67")
    assert table["甲"].rank == table["乙"].rank == 1 and table["丙"].rank == 3
    # the latest round still decides between equal published values
    rounds[2] = Round(3, {"甲": D("81.00"), "乙": D("81.01"), "丙": D("70.00")})
    table = {s.entrant: s for s in standings(rounds)}
    assert (table["乙"].rank, table["甲"].rank) == (1, 2)

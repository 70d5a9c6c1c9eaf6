"""红旗 and 蜗牛奖 from ranks: worked cases and a property test against a naive reading."""

from hypothesis import given
from hypothesis import strategies as st

from scoring.awards import Award, Placing, awards

RED, SNAIL = Award.RED_FLAG, Award.SNAIL


def placings(*ranks):
    return [Placing(i, rank) for i, rank in enumerate(ranks)]


def test_top_and_bottom_without_ties():
    result = awards(placings(1, 2, 3, 4, 5, 6), top=2, bottom=1, by_group=False)
    assert result == {0: RED, 1: RED, 5: SNAIL}


def test_a_tie_across_the_boundary_shares_the_award():
    assert awards(placings(1, 2, 3, 3, 5), top=3, bottom=0, by_group=False) == {
        0: RED,
        1: RED,
        2: RED,
        3: RED,
    }
    # Two tied for last place with one snail: both get it.
    assert awards(placings(1, 2, 3, 3), top=0, bottom=1, by_group=False) == {2: SNAIL, 3: SNAIL}
    # A tie that occupies places 3–4 of 5 reaches into the last two places.
    assert awards(placings(1, 2, 3, 3, 5), top=0, bottom=2, by_group=False) == {
        2: SNAIL,
        3: SNAIL,
        4: SNAIL,
    }


def test_unranked_take_no_part_and_red_wins_an_overlap():
    result = awards(placings(1, None, 2), top=1, bottom=2, by_group=False)
    assert result == {0: RED, 2: SNAIL}


def test_by_group_uses_group_ranks():
    people = [
        Placing(1, 1, "A", 1),
        Placing(2, 3, "A", 2),
        Placing(3, 2, "B", 1),
        Placing(4, 4, "B", 2),
        Placing(5, 5, None, None),
    ]
    assert awards(people, top=1, bottom=1, by_group=True) == {1: RED, 2: SNAIL, 3: RED, 4: SNAIL}


def naive(ranks: dict[int, int], top: int, bottom: int) -> dict[int, Award]:
    """Line contestants up by rank; a tie is one block; a block touching the ends wins."""
    ordered = sorted(ranks, key=lambda c: ranks[c])
    size = len(ordered)
    result = {}
    for contestant in ordered:
        block = [c for c in ordered if ranks[c] == ranks[contestant]]
        places = [ordered.index(c) + 1 for c in block]
        if any(p <= top for p in places):
            result[contestant] = RED
        elif any(p > size - bottom for p in places):
            result[contestant] = SNAIL
    return result


@st.composite
def competition_ranks(draw):
    """Competition ranks (1, 1, 3) from random totals."""
    totals = draw(st.lists(st.integers(0, 6), max_size=12))
    return {i: 1 + sum(other > total for other in totals) for i, total in enumerate(totals)}


@given(competition_ranks(), st.integers(0, 5), st.integers(0, 5))
def test_matches_the_naive_reading(ranks, top, bottom):
    result = awards([Placing(c, r) for c, r in ranks.items()], top, bottom, by_group=False)
    assert result == naive(ranks, top, bottom)

"""晒比榜 rules (issue 20, cases 2–7): period targets, ratio, difference and rank lights, the unit
score, pledges."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boards import rules

D = Decimal


def test_investment_by_quarter_against_its_progress_target():
    march = rules.period_target(D(2600), cumulative=True, periods_elapsed=1, periods_per_year=4)
    june = rules.period_target(D(2600), cumulative=True, periods_elapsed=2, periods_per_year=4)
    assert (march, june) == (D(650), D(1300))
    assert rules.ratio(D(600), march, inverse=False) == rules.Reading("yellow", value=D("92.31"))
    assert rules.ratio(D(1320), june, inverse=False) == rules.Reading("green", value=D("101.54"))


def test_a_rate_takes_the_annual_target_and_an_explicit_one_wins():
    assert rules.period_target(D(6), cumulative=False, periods_elapsed=3, periods_per_year=12) == 6
    explicit = rules.period_target(
        D(2600), cumulative=True, periods_elapsed=1, periods_per_year=4, explicit=D(500)
    )
    assert explicit == 500


def test_gdp_growth_by_difference():
    assert rules.difference(D("6.0"), D("6.0"), inverse=False).light == "green"
    assert rules.difference(D("5.8"), D("6.0"), inverse=False) == rules.Reading(
        "yellow", value=D("-0.20")
    )
    assert rules.difference(D("4.9"), D("6.0"), inverse=False) == rules.Reading(
        "red", value=D("-1.10")
    )


def test_accidents_are_an_inverse_ratio():
    assert rules.ratio(D(6), D(5), inverse=True) == rules.Reading("red", value=D("83.33"))
    assert rules.ratio(D(0), D(5), inverse=True).light == "green"


def test_rank_among_26():
    lights = [rules.rank(r, 26).light for r in range(1, 27)]
    assert lights == ["green"] * 9 + ["yellow"] * 8 + ["red"] * 9
    assert rules.rank(9, 26, previous=12).move == 3
    with pytest.raises(ValueError):
        rules.rank(27, 26)


@given(st.integers(min_value=2, max_value=300), st.data())  # one alone leads: green
def test_rank_thirds_are_symmetric(field, data):
    position = data.draw(st.integers(min_value=1, max_value=field))
    mirrored = rules.rank(field + 1 - position, field).light
    expected = {"green": "red", "red": "green", "yellow": "yellow"}[
        rules.rank(position, field).light
    ]
    assert mirrored == expected


def test_unit_score_of_four_equal_metrics():
    readings = [rules.Reading(c) for c in ("green", "green", "yellow", "red")]
    assert rules.unit_score((r, D(1)) for r in readings) == D("65.00")
    missing = rules.grey(rules.MISSING)
    not_due = rules.grey(rules.NOT_DUE)
    assert rules.unit_score([(rules.Reading("green"), D(1)), (missing, D(1))]) == D("50.00")
    assert rules.unit_score([(rules.Reading("green"), D(1)), (not_due, D(1))]) == D("100.00")
    assert rules.unit_score([(not_due, D(1))]) is None


def test_pledges_at_their_due_date():
    due, after = dt.date(2026, 3, 31), dt.date(2026, 4, 1)

    def check(actual, assured=None, stretch=None, comparator=">=", today=after):
        assured, stretch = assured and D(assured), stretch and D(stretch)
        return rules.pledge(comparator=comparator, due=due, today=today, actual=D(actual),
                            assured=assured, stretch=stretch)  # fmt: skip

    assert check("92.5", assured="90") == rules.MET
    assert check("97", assured="100") == rules.MISSED
    assert check("5.8", stretch="6.0") == rules.SHORT_OF_STRETCH
    assert check("6.5", assured="6.0", stretch="7.0") == rules.MET
    assert check("7.1", assured="6.0", stretch="7.0") == rules.EXCEEDED
    assert check("4", assured="5", stretch="3", comparator="<=") == rules.MET
    assert check("2", assured="5", stretch="3", comparator="<=") == rules.EXCEEDED
    assert check("92.5", assured="90", today=dt.date(2026, 3, 30)) == rules.PENDING
    assert rules.pledge(comparator="done", due=due, today=after, completed=False) == rules.NOT_DONE
    # Due, and nothing reported: not 未到期 any more, but 未报.
    assert rules.pledge(comparator=">=", due=due, today=after, assured=D(90)) == rules.UNREPORTED
    assert rules.pledge(comparator="done", due=due, today=after) == rules.UNREPORTED
    assert rules.PLEDGE_LIGHTS[rules.SHORT_OF_STRETCH] == "yellow"


def test_a_named_due_date_is_never_before_the_day_it_was_pledged():
    """#28: 一季度 said on 2026-12-06 is 2027-03-31, not 2026-03-31 (overdue when made)."""
    assert rules.due_date("一季度", dt.date(2026, 12, 6)) == dt.date(2027, 3, 31)
    assert rules.due_date("全年", dt.date(2026, 12, 6)) == dt.date(2026, 12, 31)
    assert rules.due_date("上半年", dt.date(2026, 6, 30)) == dt.date(2026, 6, 30)
    assert rules.due_date(" 2026-05-01 ", dt.date(2026, 12, 6)) == dt.date(2026, 5, 1)  # as written
    assert rules.due_date("下个月", dt.date(2026, 12, 6)) is None


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2098, 12, 31)),
    st.sampled_from(sorted(rules.NAMED_DUES)),
)
def test_named_due_dates_against_a_day_by_day_walk(pledged_on, name):
    """The naive reference: walk forward a day at a time to the first day with that month-day."""
    month, day = rules.NAMED_DUES[name]
    walk = pledged_on
    while (walk.month, walk.day) != (month, day):
        walk += dt.timedelta(days=1)
    assert rules.due_date(name, pledged_on) == walk

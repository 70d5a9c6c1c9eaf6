"""selections/rules.py against naive references, over generated cases (hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from selections import rules

STEPS = ["走访", "推荐", "研究", "考察", "审核", "公示", "表彰"]


@settings(max_examples=300, deadline=None)
@given(passed=st.sets(st.integers(0, 6)), target=st.integers(0, 6))
def test_a_step_is_refused_exactly_when_an_earlier_one_is_missing(passed, target):
    problem = rules.step_problem(STEPS, passed, target)
    if target in passed:
        assert problem.startswith("已通过")
    elif all(i in passed for i in range(target)):
        assert problem == ""
    else:
        first_missing = min(i for i in range(target) if i not in passed)
        assert f"“{STEPS[first_missing]}”" in problem


@settings(max_examples=300, deadline=None)
@given(
    chosen=st.lists(st.tuples(st.sampled_from("ABC"), st.sampled_from("xyz")), max_size=30),
    total=st.one_of(st.none(), st.integers(0, 12)),
    per_unit=st.one_of(st.none(), st.integers(0, 5)),
)
def test_quota_overruns_match_a_count_by_hand(chosen, total, per_unit):
    problems = rules.quota_problems(chosen, [rules.Quota("A", total, per_unit)])
    in_a = [unit for category, unit in chosen if category == "A"]
    expected = 0
    if total is not None and len(in_a) > total:
        expected += 1
        assert f"A 已选 {len(in_a)} 人，名额 {total} 人" in problems
    if per_unit is not None:
        expected += sum(1 for unit in set(in_a) if in_a.count(unit) > per_unit)
    assert len(problems) == expected


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31)),
    days=st.integers(1, 20),
    holidays=st.sets(st.dates(dt.date(2021, 1, 1), dt.date(2028, 3, 31)), max_size=10),
)
def test_the_window_holds_exactly_n_working_days(start, days, holidays):
    first, last = rules.publicity_window(start, days, holidays)
    day, counted = first, 0
    while day <= last:
        counted += day.weekday() < 5 and day not in holidays
        day += dt.timedelta(days=1)
    assert counted == days and first >= start
    assert first.weekday() < 5 and first not in holidays and last not in holidays
    assert not rules.is_late(first, (first, last)) and rules.is_late(
        last + dt.timedelta(1), (first, last)
    )

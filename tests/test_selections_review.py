"""#32, case 7: a case selection's 专家评审 as an offline review — every case open at once, no
stage; 3 judges score 8 cases on their phones in any order; the ranks equal a hand tally."""

import datetime as dt
import random
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.urls import reverse

from contests import live
from contests.kinds import apply_kind_defaults, kind_of
from contests.models import Contest, Contestant, Criterion, Judge
from scoring.standings import latest_snapshot, recompute
from selections import flow
from selections.models import CASE_STEPS
from tests.conftest import sign_off_fully

CASES = ["数字政府“一网通办”", "基层治理积分制", "亩均论英雄", "河湖长制", "未来社区", "共富工坊",
         "营商环境无感监管", "山区县跨越发展"]  # fmt: skip
# judge → the eight cases' scores, out of 100 (no two means alike: a tally without ties)
SCORES = {
    "专家甲": [92, 85, 78, 88, 70, 95, 81, 66],
    "专家乙": [90, 87, 80, 84, 72, 93, 79, 70],
    "专家丙": [94, 83, 77, 86, 75, 96, 82, 64],
}


def hand_tally() -> dict[str, tuple[Decimal, int]]:
    """Each case's mean of three, half up to two decimals, and its rank (1 = highest)."""
    means = {
        case: (Decimal(sum(s[i] for s in SCORES.values())) / 3).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        for i, case in enumerate(CASES)
    }
    order = sorted(means, key=means.get, reverse=True)
    return {case: (means[case], order.index(case) + 1) for case in CASES}


def test_an_expert_review_averages_its_few_experts_by_default():
    contest = Contest(kind=Contest.Kind.EXPERT_REVIEW)
    apply_kind_defaults(contest)
    assert contest.aggregation == Contest.Aggregation.MEAN and kind_of(contest).offline


def scored_review(organizer) -> Contest:
    """The 专家评审 of CASES, scored by the three experts in a shuffled order, scoring ended."""
    contest = Contest.objects.create(
        owner=organizer, title="最佳实践案例专家评审", date="2026-12-10",
        kind=Contest.Kind.EXPERT_REVIEW, aggregation=Contest.Aggregation.MEAN,
    )  # fmt: skip
    Criterion.objects.create(contest=contest, name="综合评价", max_score=100, order=1)
    cases = [Contestant.objects.create(contest=contest, name=name, unit=f"单位{i}", order=i + 1)
             for i, name in enumerate(CASES)]  # fmt: skip
    judges = [Judge.objects.create(contest=contest, name=name, unit="评审组", order=i + 1)
              for i, name in enumerate(SCORES)]  # fmt: skip
    live.start(contest, organizer)
    # offline: every case opens at once, nobody is on stage
    assert set(contest.contestants.values_list("scoring", flat=True)) == {"open"}
    contest.refresh_from_db()
    assert contest.live.current_contestant is None
    criterion = contest.criteria.get()
    sheets = [(j, i) for j in range(3) for i in range(8)]
    random.Random(32).shuffle(sheets)  # any order: each judge as they get to each case
    phones = {}
    for j, i in sheets:
        judge = judges[j]
        phone = phones.setdefault(judge.pk, Client())
        answer = phone.post(
            reverse("judge:sheet", args=[judge.token, cases[i].pk]),
            {f"score_{criterion.pk}": str(SCORES[judge.name][i]),
             "submission_id": uuid.uuid4().hex},
        )  # fmt: skip
        assert answer.status_code == 303 and "saved=1" in answer["Location"], (judge.name, i)
    live.finish(contest, organizer)
    recompute(contest.pk)
    return contest


def test_case7_three_judges_score_eight_cases_in_any_order(organizer):
    contest = scored_review(organizer)
    results = {row["name"]: row for row in latest_snapshot(contest).data["results"]}
    for case, (mean, rank) in hand_tally().items():
        assert (results[case]["total"], results[case]["rank"]) == (str(mean), rank), case


def test_the_signed_review_feeds_the_case_selections_expert_step(organizer, supervisor):
    contest = scored_review(organizer)
    selection = flow.create(
        contest.organisation, "最佳实践案例评选", 2026, organizer,
        units=["全市"], categories=["最佳实践案例"], steps=CASE_STEPS,
    )  # fmt: skip
    unit, category = selection.units.get(), selection.categories.get()
    steps = list(selection.steps.all())
    for name in CASES:
        nominee = flow.nominate(selection, name=name, unit=unit, category=category, user=organizer)
        flow.pass_step(nominee, steps[0], organizer, note="单位申报材料齐全")
        flow.pass_step(nominee, steps[1], supervisor)
    expert = steps[2]
    flow.link_review(expert, contest, organizer)
    with pytest.raises(flow.SelectionError, match="审核签字后才能计入"):
        flow.take_review(expert, organizer)
    sign_off_fully(contest, organizer, supervisor)
    assert flow.take_review(expert, organizer) == 8
    tally = hand_tally()
    for nominee in selection.nominees.all():
        mean, rank = tally[nominee.name]
        assert nominee.passages.get(step=expert).note == f"专家评审第 {rank} 名，得分 {mean}"
    assert flow.take_review(expert, organizer) == 0  # taken once: nobody is due again
    flow.open_publicity(selection, dt.date(2026, 12, 14), organizer)

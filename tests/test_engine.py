"""The scoring rules one by one, with numbers an official can check by hand."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from scoring import engine, exact
from scoring.engine import Criterion, Indicator, Judge, Method, Rules, Sheet

SIKAN = [Criterion(c, D(25)) for c in ("站位", "重点", "措施", "成效")]


def sheet(judge, contestant, *values):
    return Sheet(judge, contestant, dict(zip([c.id for c in SIKAN], map(D, values), strict=True)))


def contestants(*ids, group=None):
    return [engine.Contestant(c, group, order) for order, c in enumerate(ids, start=1)]


def test_sheet_total_uses_weights():
    criteria = [Criterion("a", D(10), D("1.5")), Criterion("b", D(20), D(1))]
    assert exact.sheet_total(Sheet(1, 1, {"a": D(8), "b": D("12.5")}), criteria) == Fraction(49, 2)


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"站位": D(20), "重点": D(20), "措施": D(20)}, "misses criterion"),
        ({"站位": D(26), "重点": D(20), "措施": D(20), "成效": D(20)}, "outside"),
        ({"站位": D(-1), "重点": D(20), "措施": D(20), "成效": D(20)}, "outside"),
        ({"站位": D("NaN"), "重点": D(20), "措施": D(20), "成效": D(20)}, "not a number"),
        (
            {"站位": D("20.125"), "重点": D(20), "措施": D(20), "成效": D(20)},
            "more than 2 decimals",
        ),
        ({"站位": D(1), "重点": D(1), "措施": D(1), "成效": D(1), "x": D(1)}, "unknown criteria"),
    ],
)
def test_bad_sheets_are_refused(scores, message):
    with pytest.raises(engine.ScoringError, match=message):
        exact.sheet_total(Sheet(1, 1, scores), SIKAN)


@pytest.mark.parametrize(
    ("count", "trim", "expected"),
    [(1, 1, 0), (2, 1, 0), (3, 1, 1), (4, 2, 1), (5, 2, 2), (60, 1, 1), (60, 5, 5), (0, 1, 0)],
)
def test_trim_shrinks_when_too_few_sheets(count, trim, expected):
    assert exact.effective_trim(count, trim) == expected


def test_trimmed_mean_drops_highest_and_lowest():
    totals = [(1, Fraction(80)), (2, Fraction(95)), (3, Fraction(88)), (4, Fraction(60))]
    value, dropped = engine.aggregate(totals, Method.TRIMMED, 1)
    assert value == 84
    assert sorted(dropped) == [2, 4]


def test_equal_totals_drop_by_judge_id():
    totals = [(3, Fraction(90)), (1, Fraction(90)), (2, Fraction(90))]
    assert engine.aggregate(totals, Method.TRIMMED, 1) == (90, (1, 3))


def test_median_and_mean():
    totals = [(1, Fraction(70)), (2, Fraction(90)), (3, Fraction(80)), (4, Fraction(100))]
    assert engine.aggregate(totals, Method.MEDIAN) == (85, ())
    assert engine.aggregate(totals[:3], Method.MEDIAN) == (80, ())
    assert engine.aggregate(totals, Method.MEAN) == (85, ())
    assert engine.aggregate([], Method.MEAN) == (None, ())


def test_publish_rounds_half_up_exactly():
    assert engine.publish(Fraction(92345, 1000)) == D("92.35")
    assert engine.publish(Fraction(92344999, 1000000)) == D("92.34")
    assert engine.publish(Fraction(1, 3)) == D("0.33")
    assert engine.publish(Fraction(2, 3)) == D("0.67")
    assert engine.publish(D("0.005")) == D("0.01")
    assert str(engine.publish(Fraction(100))) == "100.00"


def test_a_judge_who_did_not_score_is_not_counted_as_zero():
    sheets = [sheet(1, "甲", 20, 20, 20, 20), sheet(2, "甲", 22, 22, 22, 22)]
    results = engine.compute(
        contestants("甲"), SIKAN, [Judge(1), Judge(2), Judge(3)], sheets, Rules(method=Method.MEAN)
    )
    assert results[0].total == D("84.00")
    assert results[0].sheets_in == 2


def test_judge_groups_are_combined_by_weight():
    judges = [Judge(1, "市领导"), Judge(2, "市领导"), Judge(3, "部门"), Judge(4, "部门")]
    sheets = [
        sheet(1, "甲", 25, 25, 25, 25),  # 100
        sheet(2, "甲", 20, 20, 20, 20),  # 80   → leaders 90
        sheet(3, "甲", 15, 15, 15, 15),  # 60
        sheet(4, "甲", 20, 20, 20, 15),  # 75   → heads 67.5
    ]
    rules = Rules(method=Method.MEAN, judge_group_weights={"市领导": D("0.4"), "部门": D("0.6")})
    result = engine.compute(contestants("甲"), SIKAN, judges, sheets, rules)[0]
    assert result.judge_groups == {"市领导": D("90.00"), "部门": D("67.50")}
    assert result.total == D("76.50")  # 0.4 × 90 + 0.6 × 67.5


def test_a_group_without_sheets_does_not_pull_the_score_down():
    judges = [Judge(1, "市领导"), Judge(2, "部门")]
    rules = Rules(method=Method.MEAN, judge_group_weights={"市领导": D("0.4"), "部门": D("0.6")})
    result = engine.compute(
        contestants("甲"), SIKAN, judges, [sheet(2, "甲", 20, 20, 20, 20)], rules
    )[0]
    assert result.total == D("80.00")


def test_village_indicator_line_and_weighted_final_total():
    """The published village line: 疫情防控 9.88, 一户多宅清理整治 9.75, 村集体增收 5.5 … 97.27."""
    line = {
        "疫情防控": ("9.88", 10),
        "一户多宅清理整治": ("9.75", 10),
        "村集体增收": ("5.5", 10),
        "人居环境整治": ("9.8", 10),
        "安全生产": ("10", 10),
        "信访维稳": ("9.9", 10),
        "乡风文明": ("9.6", 10),
        "产业发展": ("14.5", 15),
        "党建引领": ("18.34", 20),
    }
    indicators = [Indicator(name, D(maximum)) for name, (_, maximum) in line.items()]
    scores = {(name, "村"): D(value) for name, (value, _) in line.items()}
    board = Rules(judge_weight=D(0), indicator_weight=D(100))
    result = engine.compute(contestants("村"), SIKAN, [], [], board, indicators, scores)[0]
    assert result.total == D("97.27") and result.rank == 1

    mixed = Rules(method=Method.MEAN, judge_weight=D(70), indicator_weight=D(30))
    sheets = [sheet(1, "村", 22, 22, 22, 22)]  # 88
    result = engine.compute(
        contestants("村"), SIKAN, [Judge(1)], sheets, mixed, indicators, scores
    )[0]
    assert result.total == D("90.78")  # 0.7 × 88 + 0.3 × 97.27 = 90.781


def test_no_total_until_the_needed_parts_exist():
    mixed = Rules(judge_weight=D(70), indicator_weight=D(30))
    indicators = [Indicator("i", D(100))]
    results = engine.compute(
        contestants("甲", "乙"),
        SIKAN,
        [Judge(1)],
        [sheet(1, "甲", 20, 20, 20, 20)],
        mixed,
        indicators,
        {("i", "乙"): D(90)},
    )
    assert [(r.contestant_id, r.total, r.rank) for r in results] == [
        ("甲", None, None),
        ("乙", None, None),
    ]


def test_shared_rank_without_tie_breaks():
    sheets = [
        sheet(1, "甲", 20, 20, 20, 20),
        sheet(1, "乙", 25, 25, 15, 15),
        sheet(1, "丙", 10, 10, 10, 10),
    ]
    rules = Rules(method=Method.MEAN, break_ties_by_criteria=False)
    results = engine.compute(contestants("甲", "乙", "丙"), SIKAN, [Judge(1)], sheets, rules)
    assert [(r.contestant_id, r.rank) for r in results] == [("甲", 1), ("乙", 1), ("丙", 3)]


def test_tie_broken_by_criteria_in_order():
    sheets = [
        sheet(1, "甲", 20, 20, 20, 20),
        sheet(1, "乙", 25, 25, 15, 15),
        sheet(1, "丙", 10, 10, 10, 10),
    ]
    results = engine.compute(
        contestants("甲", "乙", "丙"), SIKAN, [Judge(1)], sheets, Rules(method=Method.MEAN)
    )
    assert [(r.contestant_id, r.rank) for r in results] == [("乙", 1), ("甲", 2), ("丙", 3)]


def test_ties_are_judged_on_published_numbers():
    # 80.001 and 80.004 both publish as 80.00: shown equal, so ranked equal.
    criteria = [Criterion("x", D(100))]
    sheets = [
        Sheet(1, "甲", {"x": D("80")}),
        Sheet(2, "甲", {"x": D("80.01")}),
        Sheet(3, "甲", {"x": D("79.99")}),
        Sheet(1, "乙", {"x": D("80.01")}),
        Sheet(2, "乙", {"x": D("80")}),
        Sheet(3, "乙", {"x": D("80")}),
    ]
    results = engine.compute(
        contestants("甲", "乙"),
        criteria,
        [Judge(1), Judge(2), Judge(3)],
        sheets,
        Rules(method=Method.MEAN, break_ties_by_criteria=False),
    )
    assert [r.total for r in results] == [D("80.00"), D("80.00")]
    assert [r.rank for r in results] == [1, 1]


def test_group_ranks():
    cs = [
        engine.Contestant("甲", "经济", 1),
        engine.Contestant("乙", "社会", 2),
        engine.Contestant("丙", "经济", 3),
    ]
    sheets = [
        sheet(1, "甲", 20, 20, 20, 20),
        sheet(1, "乙", 25, 25, 25, 25),
        sheet(1, "丙", 24, 24, 24, 24),
    ]
    results = {r.contestant_id: r for r in engine.compute(cs, SIKAN, [Judge(1)], sheets, Rules())}
    assert (results["乙"].rank, results["乙"].group_rank) == (1, 1)
    assert (results["丙"].rank, results["丙"].group_rank) == (2, 1)
    assert (results["甲"].rank, results["甲"].group_rank) == (3, 2)


def test_partial_standings_list_unscored_last_in_order():
    results = engine.compute(
        contestants("甲", "乙", "丙"), SIKAN, [Judge(1)], [sheet(1, "丙", 20, 20, 20, 20)], Rules()
    )
    assert [(r.contestant_id, r.rank, r.sheets_in) for r in results] == [
        ("丙", 1, 1),
        ("甲", None, 0),
        ("乙", None, 0),
    ]


def test_criteria_breakdown_uses_counted_sheets_only():
    sheets = [sheet(j, "甲", v, v, v, v) for j, v in ((1, 10), (2, 20), (3, 25))]
    result = engine.compute(
        contestants("甲"), SIKAN, [Judge(1), Judge(2), Judge(3)], sheets, Rules(trim=1)
    )[0]
    assert result.criteria == {c.id: D("20.00") for c in SIKAN}
    assert result.sheets_counted == 1 and sorted(result.dropped_judges) == [1, 3]


@pytest.mark.parametrize(
    ("sheets", "message"),
    [
        ([sheet(9, "甲", 1, 1, 1, 1)], "unknown judge"),
        ([sheet(1, "无", 1, 1, 1, 1)], "unknown contestant"),
        ([sheet(1, "甲", 1, 1, 1, 1), sheet(1, "甲", 2, 2, 2, 2)], "two sheets"),
    ],
)
def test_inconsistent_input_is_refused(sheets, message):
    with pytest.raises(engine.ScoringError, match=message):
        engine.compute(contestants("甲"), SIKAN, [Judge(1)], sheets, Rules())


def test_weights_must_not_both_be_zero():
    with pytest.raises(engine.ScoringError):
        engine.compute(
            contestants("甲"), SIKAN, [], [], Rules(judge_weight=D(0), indicator_weight=D(0))
        )


class TestStandardisation:
    criteria = [Criterion("x", D(100))]

    def run(self, rows, **rules):
        sheets = [Sheet(j, c, {"x": D(v)}) for j, c, v in rows]
        judges = sorted({j for j, _, _ in rows})
        ids = sorted({c for _, c, _ in rows})
        return engine.compute(
            contestants(*ids),
            self.criteria,
            [Judge(j) for j in judges],
            sheets,
            Rules(method=Method.MEAN, standardise=True, **rules),
        )

    def test_lenient_and_harsh_judges_count_alike(self):
        # Judge 1 is harsh (60/70/80), judge 2 lenient (85/90/95): same preferences.
        rows = [
            (1, "甲", 60),
            (1, "乙", 70),
            (1, "丙", 80),
            (2, "甲", 85),
            (2, "乙", 90),
            (2, "丙", 95),
        ]
        totals = {(j, c): Fraction(v) for j, c, v in rows}
        adjusted = engine.standardise(totals, Fraction(100))
        # Both judges' z-scores are −1.2247, 0, +1.2247: after rescaling they give equal totals.
        for contestant in ("甲", "乙", "丙"):
            assert abs(adjusted[(1, contestant)] - adjusted[(2, contestant)]) < Fraction(1, 10**20)
        assert adjusted[(1, "乙")] == Fraction(80)  # the pooled mean
        ranks = {r.contestant_id: r.rank for r in self.run(rows)}
        assert ranks == {"丙": 1, "乙": 2, "甲": 3}

    def test_single_sheet_kept_and_flat_judge_mapped_to_mean(self):
        rows = [(1, "甲", 50), (2, "甲", 90), (2, "乙", 90), (3, "甲", 70), (3, "乙", 80)]
        totals = {(j, c): Fraction(v) for j, c, v in rows}
        adjusted = engine.standardise(totals, Fraction(100))
        assert adjusted[(1, "甲")] == 50
        pooled = sum(totals.values()) / len(totals)
        assert adjusted[(2, "甲")] == adjusted[(2, "乙")] == pooled

    def test_results_stay_within_the_scale(self):
        rows = [
            (1, "甲", 0),
            (1, "乙", 100),
            (2, "甲", 99),
            (2, "乙", 100),
            (3, "丙", 100),
            (3, "甲", 0),
        ]
        adjusted = engine.standardise({(j, c): Fraction(v) for j, c, v in rows}, Fraction(100))
        assert all(0 <= value <= 100 for value in adjusted.values())

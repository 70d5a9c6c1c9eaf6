"""The worked examples of docs/scoring.md, computed by the engine."""

from decimal import Decimal as D

from scoring import engine
from scoring.engine import Criterion, Indicator, Judge, Method, Rules, Sheet

SIKAN = [Criterion(name, D(25)) for name in ("看站位", "看重点", "看措施", "看成效")]
# Four criterion scores on the 0.5 step that add up to each total used in the example.
SPLITS = {
    96: (24, 24, 24, 24),
    95: (24, 24, 24, 23),
    94: (23.5, 23.5, 23.5, 23.5),
    93: (23, 23, 23, 24),
    92: (23, 23, 23, 23),
    91: (23, 23, 22.5, 22.5),
    90: (22.5, 22.5, 22.5, 22.5),
    88: (22, 22, 22, 22),
    85: (21, 21, 21, 22),
    80: (20, 20, 20, 20),
    70: (17.5, 17.5, 17.5, 17.5),
}


def sheet(judge: int, total: int) -> Sheet:
    scores = dict(zip([c.id for c in SIKAN], (D(str(v)) for v in SPLITS[total]), strict=True))
    return Sheet(judge, "王建国", scores)


def test_worked_example_sixty_judges_two_groups_indicators():
    leaders = [95, 94, 94, 93, 93, 93, 92, 92, 91, 90, 88, 85]
    heads = [96] + [92] * 10 + [90] * 20 + [88] * 15 + [80, 70]
    assert (len(leaders), len(heads)) == (12, 48)
    judges = [Judge(i, "市领导") for i in range(12)] + [
        Judge(i, "部门负责人") for i in range(12, 60)
    ]
    sheets = [sheet(i, total) for i, total in enumerate(leaders + heads)]
    indicators = [
        Indicator("项目开工率", D(40)),
        Indicator("投资完成率", D(40)),
        Indicator("企业满意度", D(20)),
    ]
    indicator_scores = {
        ("项目开工率", "王建国"): D("38.5"),
        ("投资完成率", "王建国"): D(37),
        ("企业满意度", "王建国"): D(20),
    }
    rules = Rules(
        method=Method.TRIMMED,
        trim=1,
        judge_weight=D(70),
        indicator_weight=D(30),
        judge_group_weights={"市领导": D("0.4"), "部门负责人": D("0.6")},
    )
    (result,) = engine.compute(
        [engine.Contestant("王建国")], SIKAN, judges, sheets, rules, indicators, indicator_scores
    )
    assert result.judge_groups == {"市领导": D("92.00"), "部门负责人": D("89.57")}
    assert result.judge_score == D("90.54")
    assert result.indicator_score == D("95.50")
    assert result.total == D("92.03")
    assert result.sheets_in == 60 and result.sheets_counted == 56
    assert len(result.dropped_judges) == 4


def test_worked_example_ties():
    sheets = [
        Sheet(1, "甲", dict(zip([c.id for c in SIKAN], map(D, (20, 20, 20, 20)), strict=True))),
        Sheet(1, "乙", dict(zip([c.id for c in SIKAN], map(D, (25, 25, 15, 15)), strict=True))),
        Sheet(1, "丙", dict(zip([c.id for c in SIKAN], map(D, (10, 10, 10, 10)), strict=True))),
    ]
    people = [engine.Contestant(name, None, i) for i, name in enumerate("甲乙丙")]
    broken = engine.compute(people, SIKAN, [Judge(1)], sheets, Rules(method=Method.MEAN))
    assert [(r.contestant_id, r.rank) for r in broken] == [("乙", 1), ("甲", 2), ("丙", 3)]
    shared = engine.compute(
        people, SIKAN, [Judge(1)], sheets, Rules(method=Method.MEAN, break_ties_by_criteria=False)
    )
    assert [(r.contestant_id, r.rank) for r in shared] == [("甲", 1), ("乙", 1), ("丙", 3)]

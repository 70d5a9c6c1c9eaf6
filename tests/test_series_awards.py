"""红旗 and 蜗牛 over a series' periods (series/awards.py): the issue's cases 7–9."""

from decimal import Decimal

import pytest

from series.awards import Manual, Quota, Threshold, period_awards, rolling_flag

D = Decimal
R1 = {"甲": D("90.00"), "乙": D("85.00"), "丙": D("80.00")}
R2 = {"甲": D("82.00"), "乙": D("88.00"), "丙": D("84.00"), "丁": D("91.00")}
R3 = {"甲": D("86.00"), "乙": D("87.00"), "丙": D("95.00"), "丁": D("80.00")}
ONE = Quota({None: 1})


def test_top_one_and_bottom_one_each_period_and_the_rolling_flag():
    won = [period_awards(totals, red=ONE, snail=ONE) for totals in (R1, R2, R3)]
    assert [w.red for w in won] == [{"甲"}, {"丁"}, {"丙"}]
    assert [w.snail for w in won] == [{"丙"}, {"甲"}, {"丁"}]
    assert [rolling_flag(totals) for totals in (R1, R2, R3)] == [{"甲"}, {"丁"}, {"丙"}]


def provinces(tied: bool) -> tuple[dict, dict]:
    totals, groups = {}, {}
    for n in range(11):
        totals[f"市{n}"], groups[f"市{n}"] = D(90) - n, "设区市"
    for n in range(90):
        totals[f"县{n}"], groups[f"县{n}"] = D(95) - D(n) / 10, "县（市、区）"
    if tied:
        totals["县11"] = totals["县10"]  # two at rank 11
    return totals, groups


def test_quotas_per_group_and_a_tie_across_the_boundary():
    quotas = Quota({"设区市": 4, "县（市、区）": 11})
    totals, groups = provinces(tied=False)
    won = period_awards(totals, red=quotas, snail=Threshold(D(0)), groups=groups)
    assert sum(groups[e] == "设区市" for e in won.red) == 4
    assert sum(groups[e] == "县（市、区）" for e in won.red) == 11
    totals, groups = provinces(tied=True)
    won = period_awards(totals, red=quotas, snail=Threshold(D(0)), groups=groups)
    assert sum(groups[e] == "县（市、区）" for e in won.red) == 12
    assert "县（市、区）：红旗第 11 名并列 2 个，共 12 个（配额 11）" in won.notes


def test_thresholds_may_find_nobody_and_manual_awards_need_a_reason():
    won = period_awards(R3, red=Threshold(D("90.00")), snail=Threshold(D("60.00")))
    assert won.red == {"丙"} and won.snail == set()
    assert "本期无蜗牛" in won.notes
    with pytest.raises(ValueError, match="reason"):
        Manual({"丁": " "})
    won = period_awards(R3, red=ONE, snail=Manual({"丁": "重点项目进度滞后"}))
    assert won.snail == {"丁"}


def test_nobody_gets_both_in_one_period():
    pair = {"甲": D(80), "乙": D(70)}
    won = period_awards(pair, red=Quota({None: 2}), snail=ONE)
    assert won.red == {"甲", "乙"} and won.snail == set()

"""年表彰 from the demo 赛马 series (#32, case 6): the year's 红旗, 流动红旗, 蜗牛 and cards per
unit, the units a rule proposes, and their confirmation into a selection then commended."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from followup.models import Card
from selections import annual, flow, outputs
from series.models import Series
from series.standings import latest_snapshot


@pytest.fixture
def demo_series(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", "--if-empty")
    return Series.objects.get(cadence=Series.Cadence.QUARTER)


def hand_tally(series) -> dict[str, int]:
    """红旗 per unit counted round by round from the standings' rounds, not their totals."""
    data = latest_snapshot(series).data
    names = {row["id"]: row["name"] for row in data["entrants"]}
    tally = dict.fromkeys(names.values(), 0)
    for rnd in data["rounds"]:
        for entrant in rnd.get("red", []):
            tally[names[entrant]] += 1
    return tally


def test_case6_the_rule_proposes_exactly_the_units_it_names(demo_series):
    rows = annual.year_rows(demo_series)
    assert [row["rank"] for row in rows] == list(range(1, 11))
    rule = annual.Rule(min_red=1, max_red_cards=0)
    names = [row["name"] for row in annual.proposed(rows, rule)]
    tally = hand_tally(demo_series)
    assert names == [row["name"] for row in rows if tally[row["name"]] >= 1]
    assert names == ["市商务局", "市卫生健康委员会", "市文化广电旅游局"]
    assert annual.proposed(rows, annual.Rule()) == []  # 红旗 ≥ 2: nobody in three rounds
    assert rule.describe() == "红旗 ≥ 1 次，红牌 ≤ 0 张"


def test_a_red_card_keeps_a_unit_off_the_list(demo_series):
    rows = {row["name"]: row for row in annual.year_rows(demo_series)}
    entrant = demo_series.entrants.get(name="市卫生健康委员会")
    matter = demo_series.matters.first()
    Card.objects.create(series=demo_series, entrant=entrant, matter=matter, colour="red",
                        issued_round=demo_series.rounds.first())  # fmt: skip
    rows = annual.year_rows(demo_series)
    names = [row["name"] for row in annual.proposed(rows, annual.Rule(min_red=1))]
    assert "市卫生健康委员会" not in names and len(names) == 2
    assert next(r for r in rows if r["name"] == "市卫生健康委员会")["red_cards"] == 1


def test_confirming_creates_the_selection_and_its_final_list(demo_series):
    owner = demo_series.owner
    rule = annual.Rule(min_red=1)
    chosen = [row["id"] for row in annual.proposed(annual.year_rows(demo_series), rule)]
    selection = annual.confirm(demo_series, chosen, rule, owner)
    nominees = list(selection.nominees.order_by("unit__order"))
    assert [n.name for n in nominees] == ["市商务局", "市卫生健康委员会", "市文化广电旅游局"]
    note = nominees[0].passages.get().note
    assert note == "累计第 1 名，红旗 1 次，流动红旗 1 次，蜗牛 0 次，红牌 0 张"
    flow.open_publicity(selection, dt.date(2021, 12, 1), owner)
    assert flow.commend(selection, owner, today=dt.date(2021, 12, 8)) == 3
    assert [n.name for n in outputs.final_list(selection)] == [n.name for n in nominees]
    assert selection.log.filter(action="由赛马系列年度结果生成").exists()
    with pytest.raises(flow.SelectionError, match="请至少确认一个单位"):
        annual.confirm(demo_series, [], rule, get_user_model().objects.get(username="organizer"))


def test_the_annual_tab_ticks_the_rule_and_confirms(demo_series, client):
    client.force_login(demo_series.owner)
    page = client.get(
        f"/o/series/{demo_series.pk}/annual/",
        {"min_red": "1", "min_flags": "0", "max_red_cards": "0"},
    )
    text = page.content.decode()
    assert page.status_code == 200 and "规则：红旗 ≥ 1 次，红牌 ≤ 0 张，勾选 3 个单位。" in text
    assert text.count(" checked>") == 3
    chosen = [row["id"] for row in annual.year_rows(demo_series)[:2]]
    answer = client.post(f"/o/series/{demo_series.pk}/annual/confirm/",
                         {"entrant": chosen, "min_red": "1"})  # fmt: skip
    assert answer.status_code == 302
    none = client.post(f"/o/series/{demo_series.pk}/annual/confirm/", {"min_red": "1"})
    assert none.status_code == 422 and "请至少确认一个单位" in none.content.decode()

"""A 赛马 series driven by real contests: rounds scored through the judge endpoint, signed, and
counted (issue 18, cases 1–7 and 11)."""

import datetime as dt
from decimal import Decimal

import pytest

from contests.models import Contestant
from scoring import results
from scoring.results import ResultsError
from series import rounds, standings
from series.models import Entrant, Series, SeriesEvent
from tests.conftest import play_round, sign_off_fully

UNITS = {
    "甲": "市发展和改革委员会",
    "乙": "市工业和信息化局",
    "丙": "市商务局",
    "丁": "市文化广电旅游局",
}
R1 = {"甲": "90.00", "乙": "85.00", "丙": "80.00"}
R2 = {"甲": "82.00", "乙": "88.00", "丙": "84.00", "丁": "91.00"}
R3 = {"甲": "86.00", "乙": "87.00", "丙": "95.00", "丁": "80.00"}
DATES = [dt.date(2026, 3, 18), dt.date(2026, 6, 18), dt.date(2026, 9, 18)]


def make_series(owner, **fields) -> Series:
    fields.setdefault("year", 2026)
    series = Series.objects.create(owner=owner, title="2026 年度局长擂台赛赛马", **fields)
    for order, (short, unit) in enumerate(UNITS.items(), start=1):
        Entrant.objects.create(series=series, name=unit, short_name=short, order=order)
    return series


def play(series, owner, second, number: int, scores: dict, weight="1"):
    totals = {UNITS[short]: total for short, total in scores.items()}
    return play_round(
        owner, second, f"第{number}期", DATES[number - 1], totals, series=series, weight=weight
    )


def table(series) -> dict[str, dict]:
    data = standings.latest_snapshot(series).data
    return {row["short_name"]: row for row in data["entrants"]}


def view(series) -> dict[str, tuple]:
    return {short: (row["value"], row["rank"]) for short, row in table(series).items()}


@pytest.fixture
def three_rounds(organizer, supervisor):
    series = make_series(organizer)
    contests = [
        play(series, organizer, supervisor, n, scores)
        for n, scores in enumerate([R1, R2, R3], start=1)
    ]
    return series, contests


def test_mean_after_each_round_with_trend(organizer, supervisor):
    series = make_series(organizer)
    play(series, organizer, supervisor, 1, R1)
    play(series, organizer, supervisor, 2, R2)
    assert view(series) == {
        "丁": ("91.00", 1),
        "乙": ("86.50", 2),
        "甲": ("86.00", 3),
        "丙": ("82.00", 4),
    }
    play(series, organizer, supervisor, 3, R3)
    rows = table(series)
    assert {s: (r["value"], r["rank"], r["trend"]) for s, r in rows.items()} == {
        "乙": ("86.67", 1, 1),
        "丙": ("86.33", 2, 2),
        "甲": ("86.00", 3, 0),
        "丁": ("85.50", 4, -3),
    }
    assert [r["short_name"] for r in standings.latest_snapshot(series).data["entrants"]] == [
        "乙",
        "丙",
        "甲",
        "丁",
    ]


def test_minimum_rounds_leaves_dings_two_rounds_unranked(three_rounds):
    series, _ = three_rounds
    Series.objects.filter(pk=series.pk).update(minimum_rounds=3)
    standings.refresh(series)
    rows = table(series)
    assert (rows["丁"]["rank"], rows["丁"]["value"], rows["丁"]["attended"]) == (None, None, 2)
    assert [rows[s]["rank"] for s in "乙丙甲"] == [1, 2, 3]


def test_weighted_mean_with_round_three_weighing_double(organizer, supervisor):
    series = make_series(organizer, method=Series.Method.WEIGHTED_MEAN)
    for number, scores in enumerate([R1, R2, R3], start=1):
        play(series, organizer, supervisor, number, scores, weight="2" if number == 3 else "1")
    assert view(series) == {
        "丙": ("88.50", 1),
        "乙": ("86.75", 2),
        "甲": ("86.00", 3),
        "丁": ("83.67", 4),
    }


def test_rank_points(three_rounds):
    series, _ = three_rounds
    Series.objects.filter(pk=series.pk).update(method=Series.Method.RANK_POINTS)
    standings.refresh(series)
    assert view(series) == {
        "乙": ("8.00", 1),
        "丙": ("7.00", 2),
        "甲": ("6.00", 3),
        "丁": ("5.00", 4),
    }


def test_per_round_trend_and_absence(three_rounds):
    series, _ = three_rounds
    rows = table(series)
    assert {s: rows[s]["rounds"]["3"]["trend"] for s in "丙乙甲丁"} == {
        "丙": 2,
        "乙": 0,
        "甲": 1,
        "丁": -3,
    }
    assert "1" not in rows["丁"]["rounds"]  # 未参赛
    assert rows["丁"]["rounds"]["2"]["new"] is True  # 上期未参赛
    assert rows["丙"]["rounds"]["1"]["field"] == 3 and rows["丙"]["rounds"]["2"]["field"] == 4


def test_reopened_round_drops_out_until_signed_again(three_rounds, organizer, supervisor):
    series, contests = three_rounds
    results.reopen(contests[1], organizer, reason="第2期评分录入有误，需更正")
    rows = table(series)
    assert (rows["丁"]["value"], rows["丁"]["attended"]) == ("80.00", 1)
    data = standings.latest_snapshot(series).data
    assert [r["status"] for r in data["rounds"]] == ["counted", "correcting", "counted"]
    contests[1].refresh_from_db()
    sign_off_fully(contests[1], organizer, supervisor)
    assert table(series)["丁"]["value"] == "85.50"
    details = list(series.events.values_list("action", "detail"))
    assert (SeriesEvent.Action.ROUND_CORRECTING, "第 2 期结果更正中，暂不计入") in details
    assert details.count((SeriesEvent.Action.ROUND_COUNTED, "第 2 期计入")) == 2


def test_rolling_flag_and_snail_per_round(three_rounds):
    series, _ = three_rounds
    data = standings.latest_snapshot(series).data
    short = {row["id"]: row["short_name"] for row in data["entrants"]}
    assert [[short[e] for e in r["flag"]] for r in data["rounds"]] == [["甲"], ["丁"], ["丙"]]
    assert [[short[e] for e in r["snail"]] for r in data["rounds"]] == [["丙"], ["甲"], ["丁"]]
    rows = table(series)
    assert {s: (rows[s]["red"], rows[s]["snail"]) for s in "甲乙丙丁"} == {
        "甲": (1, 1),
        "乙": (0, 0),
        "丙": (1, 1),
        "丁": (1, 1),
    }


def test_threshold_awards(three_rounds):
    series, _ = three_rounds
    Series.objects.filter(pk=series.pk).update(
        red_rule="threshold",
        red_threshold=Decimal("90.00"),
        snail_rule="threshold",
        snail_threshold=Decimal("60.00"),
    )
    standings.refresh(series)
    r3 = standings.latest_snapshot(series).data["rounds"][2]
    assert len(r3["red"]) == 1 and r3["snail"] == [] and "本期无蜗牛" in r3["notes"]
    assert table(series)["丙"]["rounds"]["3"]["award"] == "red_flag"


def test_next_round_with_the_top_two_as_typical_speakers(three_rounds, organizer):
    series, _ = three_rounds
    r4 = rounds.next_round(
        series, organizer, label="2026年第四季度", date=dt.date(2026, 12, 18), top=2
    )
    assert r4.number == 4 and r4.contest.status == "draft"
    presenters = list(r4.contest.contestants.order_by("order"))
    assert [c.participation.entrant.short_name for c in presenters] == ["乙", "丙"]
    assert [c.unit for c in presenters] == [UNITS["乙"], UNITS["丙"]]
    assert r4.contest.judges.count() == 1 and r4.contest.criteria.count() == 1


def test_next_round_without_choice_copies_and_links_the_last_presenters(three_rounds, organizer):
    series, _ = three_rounds
    r4 = rounds.next_round(series, organizer, label="第四季度", date=dt.date(2026, 12, 18))
    assert r4.contest.contestants.count() == 4
    assert r4.contest.contestants.filter(participation__isnull=True).count() == 0


def test_former_names_link_a_renamed_unit(organizer, supervisor):
    series = make_series(organizer)
    Entrant.objects.filter(short_name="丙").update(former_names="市商务和粮食局\n市贸易局")
    contest = play_round(
        organizer, supervisor, "第1期", DATES[0], {"市商务和粮食局": "80.00"}, series=series
    )
    assert contest.contestants.get().participation.entrant.short_name == "丙"


def test_unlinked_presenter_blocks_sign_off(organizer, supervisor, finished_contest):
    series = make_series(organizer)
    finished_contest.date = dt.date(2026, 11, 22)
    rnd = rounds.add_round(series, finished_contest, label="第1期")
    assert rnd.participations.count() == 0  # 单位1…4 are no units of the series
    version = results.results_snapshot(finished_contest).version
    with pytest.raises(ResultsError, match="还没有对应参赛单位：选手1、选手2"):
        results.sign_off(finished_contest, organizer, official="张", role="review", version=version)
    presenters = Contestant.objects.filter(contest=finished_contest).order_by("order")
    for contestant, short in zip(presenters, "甲乙丙丁", strict=True):
        rounds.link(rnd, contestant, series.entrants.get(short_name=short))
    results.sign_off(finished_contest, organizer, official="张", role="review", version=version)


def test_a_round_outside_the_series_year_is_refused(organizer, contest):
    series = make_series(organizer)
    contest.date = dt.date(2025, 12, 1)
    with pytest.raises(rounds.SeriesError, match="不在系列年度"):
        rounds.add_round(series, contest, label="第1期")


def test_another_organizers_contest_cannot_become_a_round(organizer, other_organizer):
    from tests.conftest import build_contest

    series = make_series(organizer)
    with pytest.raises(rounds.SeriesError):
        rounds.add_round(series, build_contest(other_organizer), label="第1期")


def test_a_series_made_from_a_contest_takes_its_units_and_links_by_name(
    organizer, organizer_client
):
    """#28: the units of the contest a series is made from are offered, not typed again; the
    contest becomes round 1 with its presenters linked; units added later link the presenters
    of a round taken in before them, with no click; the next round's date is in the format its
    field accepts."""
    from django.urls import reverse

    from tests.conftest import build_contest

    contest = build_contest(organizer, contestants=4)
    series = Series.objects.create(
        owner=organizer, organisation=contest.organisation, title="2027 赛马", year=2026
    )
    page = organizer_client.get(reverse("series:entrants", args=[series.pk])).content.decode()
    assert 'id="from-contest"' in page and contest.title in page
    organizer_client.post(
        reverse("series:entrants_from_contest", args=[series.pk]), {"contest": contest.pk}
    )
    assert list(series.entrants.values_list("name", "group__name")) == [
        ("单位1", "经济组"), ("单位2", "社会组"), ("单位3", "经济组"), ("单位4", "社会组"),
    ]  # fmt: skip
    rnd = series.rounds.get()
    assert rnd.contest == contest and rnd.participations.count() == 4

    later = build_contest(organizer, contestants=1, title="第二场")
    Contestant.objects.filter(contest=later).update(unit="市审计局")
    rounds.add_round(series, later, label="第 2 期")  # its unit is not in the series yet
    assert not series.rounds.get(number=2).participations.exists()
    organizer_client.post(
        reverse("series:entrant_add", args=[series.pk]),
        {"entrant-name": "市审计局", "entrant-kind": "department"},
    )
    assert series.rounds.get(number=2).participations.count() == 1  # linked, no click

    rounds_page = organizer_client.get(reverse("series:rounds", args=[series.pk])).content
    assert f'value="{dt.date.today():%Y-%m-%d}"' in rounds_page.decode()


def test_next_round_carries_the_indicator_items_never_their_scores(three_rounds, organizer):
    """#30 (case 5): 新建下一期 copied 评分项 but not 指标评分 items, so every monthly round
    started with none and the organizer typed 15–18 items again. A month of 17 items, scored,
    gives a next month of the same 17 items (names, maxima, weights, order) and no score; a
    copy as template does the same."""
    from decimal import Decimal

    from contests.models import Indicator, IndicatorScore
    from contests.setup import copy_contest

    series, _ = three_rounds
    last = series.rounds.order_by("-number").first().contest
    items = [
        Indicator.objects.create(
            contest=last, name=f"任务{n}", max_score=Decimal(10 if n < 3 else 5),
            weight=Decimal("1.5") if n == 4 else Decimal(1), order=n,
        )
        for n in range(1, 18)
    ]  # fmt: skip
    for presenter in last.contestants.all():
        IndicatorScore.objects.create(indicator=items[0], contestant=presenter, value=Decimal(8))

    def shape(contest):
        return list(
            Indicator.objects.filter(contest=contest).values_list(
                "name", "max_score", "weight", "order"
            )
        )

    r4 = rounds.next_round(series, organizer, label="第四季度", date=dt.date(2026, 12, 18))
    assert shape(r4.contest) == shape(last) and len(shape(last)) == 17
    assert not IndicatorScore.objects.filter(indicator__contest=r4.contest).exists()
    template = copy_contest(last, organizer, title="下一年", date=dt.date(2027, 3, 18))
    assert shape(template) == shape(last)
    assert not IndicatorScore.objects.filter(indicator__contest=template).exists()

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contests import live, setup
from contests.models import Indicator, IndicatorScore
from scoring import indicators, results, standings
from scoring.models import StandingsState


@pytest.fixture
def board(contest):
    first = Indicator.objects.create(contest=contest, name="疫情防控", max_score=10, order=1)
    second = Indicator.objects.create(contest=contest, name="村集体增收", max_score=10, order=2)
    return contest, first, second


def requested(contest) -> int:
    state = StandingsState.objects.filter(contest=contest).first()
    return state.requested_seq if state else 0


def test_save_scores_all_or_nothing(board):
    contest, first, second = board
    a, b = contest.contestants.all()[:2]
    problems = indicators.save_scores(
        contest, {(first.pk, a.pk): "9.88", (second.pk, a.pk): "11", (first.pk, b.pk): "x"}
    )
    assert problems == {(second.pk, a.pk): "须在 0 到 10 之间", (first.pk, b.pk): "“x”不是数字"}
    assert not IndicatorScore.objects.exists()
    assert (
        indicators.save_scores(contest, {(first.pk, a.pk): "9.88", (second.pk, a.pk): "5.5"}) == {}
    )
    assert IndicatorScore.objects.get(indicator=first, contestant=a).value == Decimal("9.88")
    assert requested(contest) == 1
    indicators.save_scores(contest, {(first.pk, a.pk): "9.88"})  # unchanged: no recompute
    assert requested(contest) == 1
    indicators.save_scores(contest, {(first.pk, a.pk): ""})  # blank clears
    assert not IndicatorScore.objects.filter(indicator=first).exists()
    assert requested(contest) == 2


def test_more_than_two_decimals_refused(board):
    contest, first, _ = board
    a = contest.contestants.first()
    assert indicators.save_scores(contest, {(first.pk, a.pk): "9.885"}) == {
        (first.pk, a.pk): "最多两位小数"
    }


def test_import_scores_from_gbk_csv(board):
    contest, *_ = board
    data = "姓名,单位,疫情防控,村集体增收\n选手1,单位1,9.88,5.5\n选手2,,9.75,\n".encode("gbk")
    result = indicators.import_scores(contest, "指标.csv", data)
    assert result.ok, result.problems
    assert result.created == 3
    assert IndicatorScore.objects.count() == 3


def test_import_reports_every_problem(board):
    contest, *_ = board
    data = "姓名,疫情防控,未知指标\n".encode()
    result = indicators.import_scores(contest, "a.csv", data + "选手1,1,2\n".encode())
    assert [str(p) for p in result.problems] == ["第 1 行 “未知指标”列：不是本场的指标名称"]
    data = "姓名,疫情防控\n无名氏,1\n选手1,12\n".encode()
    result = indicators.import_scores(contest, "a.csv", data)
    assert [(p.row, p.column) for p in result.problems] == [(2, "姓名"), (3, "疫情防控")]
    assert not IndicatorScore.objects.exists()


def test_table_page(organizer_client, board):
    contest, first, _ = board
    a = contest.contestants.first()
    url = reverse("organizer:indicator_table", args=[contest.pk])
    page = organizer_client.get(url).content.decode()
    assert "疫情防控" in page and f'name="v-{first.pk}-{a.pk}"' in page
    response = organizer_client.post(url, {f"v-{first.pk}-{a.pk}": "abc"})
    assert response.status_code == 422
    assert "不是数字" in response.content.decode()
    response = organizer_client.post(url, {f"v-{first.pk}-{a.pk}": "9.5"})
    assert response.status_code == 302
    assert IndicatorScore.objects.get().value == Decimal("9.5")
    upload = SimpleUploadedFile("s.csv", "姓名,疫情防控\n选手2,8\n".encode())
    organizer_client.post(
        reverse("organizer:indicator_import", args=[contest.pk]), {"file": upload}
    )
    assert IndicatorScore.objects.count() == 2


def test_table_at_300_contestants_by_10_indicators(organizer_client, contest):
    contest.contestants.all().delete()
    contest.contestants.model.objects.bulk_create(
        contest.contestants.model(contest=contest, name=f"选手{i}", unit=f"单位{i}", order=i + 1)
        for i in range(300)
    )
    Indicator.objects.bulk_create(
        Indicator(contest=contest, name=f"指标{i}", max_score=100, order=i + 1) for i in range(10)
    )
    contestants = list(contest.contestants.order_by("order"))
    metrics = list(contest.indicators.all())
    url = reverse("organizer:indicator_table", args=[contest.pk])
    pages = []
    for number in (1, 2):
        page = organizer_client.get(url, {"page": number})
        assert page.status_code == 200
        pages.append(page.content.decode())
    assert pages[0].count('inputmode="decimal"') == 1500  # 150 contestants × 10 indicators
    assert "第 1 / 2 页" in pages[0] and "第 2 / 2 页" in pages[1]
    # Each page posts every input it shows (as a browser does), under Django's field limit.
    for number, shown in ((1, contestants[:150]), (2, contestants[150:])):
        form = {f"v-{m.pk}-{c.pk}": "88.5" for m in metrics for c in shown}
        response = organizer_client.post(f"{url}?page={number}", form)
        assert response.status_code == 302, response.content[:300]
        assert response["Location"].endswith(f"?page={number}")
    assert IndicatorScore.objects.filter(indicator__contest=contest).count() == 3000
    # A page saves only its own cells: page 2's blank inputs do not clear page 1.
    blank = {f"v-{m.pk}-{c.pk}": "" for m in metrics for c in contestants[150:]}
    assert organizer_client.post(f"{url}?page=2", blank).status_code == 302
    assert IndicatorScore.objects.filter(indicator__contest=contest).count() == 1500


def test_indicator_definitions_are_a_setup_step(organizer_client, contest):
    response = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "indicators"]),
        {"name": "村集体增收", "max_score": "10", "weight": "1"},
    )
    assert response.status_code == 302
    assert contest.indicators.get().name == "村集体增收"


def weighted_contest(contest, weights, values):
    contest.judge_weight, contest.indicator_weight = Decimal(70), Decimal(30)
    contest.save()
    made = [
        Indicator.objects.create(
            contest=contest, name=f"指标{i}", max_score=100, weight=Decimal(w), order=i
        )
        for i, w in enumerate(weights, 1)
    ]
    first = contest.contestants.first()
    for indicator, value in zip(made, values, strict=True):
        IndicatorScore.objects.create(indicator=indicator, contestant=first, value=value)
    return first


def test_weights_that_add_up_to_one_give_a_weighted_average(contest):
    first = weighted_contest(contest, ["0.4", "0.35", "0.25"], [90, 80, 60])
    live.start(contest)  # accepted
    row = next(r for r in standings.fresh_results(contest)["results"] if r["name"] == first.name)
    assert row["indicator_score"] == "79.00"  # 36 + 28 + 15 (docs/scoring.md §6)


def test_weights_of_one_add_points_up(contest):
    weighted_contest(contest, ["1", "1", "1"], [30, 30, 20])
    live.start(contest)
    assert setup.contest_indicator_problem(contest) == ""


def test_weights_on_a_scale_of_their_own_are_refused(contest, organizer_client):
    weighted_contest(contest, ["2", "1", "1"], [90, 80, 60])
    with pytest.raises(live.LiveError, match="合计为 1（加权平均）；现在合计为 4"):
        live.start(contest)
    page = organizer_client.get(reverse("organizer:contest_step", args=[contest.pk, "indicators"]))
    assert "现在合计为 4" in page.content.decode()
    # Only when indicators count: with indicator weight 0 the same set is harmless.
    contest.indicator_weight = Decimal(0)
    contest.save()
    live.start(contest)


def test_weights_edited_after_the_start_block_the_sign_off(finished_contest, organizer):
    finished_contest.indicator_weight = Decimal(30)
    finished_contest.save()
    Indicator.objects.create(contest=finished_contest, name="甲", max_score=100, weight=2)
    Indicator.objects.create(contest=finished_contest, name="乙", max_score=100, weight=1)
    version = results.results_snapshot(finished_contest).version
    with pytest.raises(results.ResultsError, match="现在合计为 3"):
        results.sign_off(finished_contest, organizer, official="张", role="review", version=version)

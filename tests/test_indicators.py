from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scoring import indicators
from scoring.models import Indicator, IndicatorScore, StandingsState


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


def test_indicator_definitions_are_a_setup_step(organizer_client, contest):
    response = organizer_client.post(
        reverse("organizer:item_add", args=[contest.pk, "indicators"]),
        {"name": "村集体增收", "max_score": "10", "weight": "1"},
    )
    assert response.status_code == 302
    assert contest.indicators.get().name == "村集体增收"

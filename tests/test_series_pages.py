"""The series' pages and files: access (case 14), the matrix XLSX and the 成绩单 PDF (case 10),
结果运用 (case 13), the 公示期 (case 12), named awards (case 9), quota notes (case 8), the
赛马榜 screen, 新建下一期 from the page (case 11)."""

import datetime as dt
import io
import re

import pytest
from django.urls import URLPattern, reverse
from pypdf import PdfReader

from arena.lib.workdays import window, working_days
from scoring import results
from series import results as series_results
from series import rounds, standings, urls
from series.models import AwardDecision, Entrant, Series, SeriesGroup
from series.rounds import SeriesError
from tests.conftest import grant_role, play_round
from tests.test_series_rounds import R1, R2, R3, UNITS, make_series, play


def _signed_and_published(series, organizer, supervisor):
    grant_role(series.organisation, supervisor, "reviewer", "supervisor")
    version = standings.latest_snapshot(series).version
    series_results.sign_off(series, organizer, official="张审核", role="review", version=version)
    series_results.sign_off(
        series, supervisor, official="李监督", role="supervise", version=version
    )
    series_results.publish(series, organizer, text="", days=5, holidays="", contact="督查室")


def series_urls(series) -> list[str]:
    args = {
        "pk": series.pk,
        "number": 1,
        "entrant_pk": series.entrants.first().pk,
        "name": "matrix.xlsx",
        "kind": "pdf",
    }
    found = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        found.append(reverse(f"series:{pattern.name}", kwargs={n: args[n] for n in names}))
    return found


def test_another_organizer_gets_404_on_every_series_url(season, other_organizer, client):
    client.force_login(other_organizer)
    addresses = [u for u in series_urls(season) if u != reverse("series:list")]
    assert len(addresses) == len(urls.urlpatterns) - 1
    for address in addresses:
        assert client.get(address).status_code == 404, address
        # A GET-only page answers 405 to any POST, before it knows whose series it is.
        assert client.post(address, {"action": "publish"}).status_code in {404, 405}, address


def test_anonymous_visitors_are_sent_to_login(season, client):
    for address in series_urls(season):
        response = client.get(address)
        assert response.status_code == 302 and "/login/" in response["Location"], address


def test_entrant_link_shows_its_own_report_only(season, client):
    own = season.entrants.get(short_name="丙")
    page = client.get(reverse("series_public:entrant", args=[own.token])).content.decode()
    assert "市商务局 成绩单" in page and "86.33" in page and "95.00" in page
    for other in season.entrants.exclude(pk=own.pk):
        assert other.name not in page
    assert client.get(reverse("series_public:entrant", args=["x" * 32])).status_code == 404


def test_public_page_is_404_until_published(season, organizer, supervisor, client):
    address = reverse("series_public:page", args=[season.screen_token])
    assert client.get(address).status_code == 404
    _signed_and_published(season, organizer, supervisor)
    page = client.get(address).content.decode()
    assert "86.67" in page and "公示期：" in page and "督查室" in page


def test_published_series_keeps_its_version_while_a_round_is_corrected(
    season, organizer, supervisor, client
):
    _signed_and_published(season, organizer, supervisor)
    contest = season.rounds.get(number=2).contest
    results.reopen(contest, organizer, reason="第2期复核更正")
    season.refresh_from_db()
    page = client.get(reverse("series_public:page", args=[season.screen_token])).content.decode()
    assert "第 2 期结果更正中" in page and "86.67" in page  # the published figures stay


def test_publicity_window_in_working_days():
    thursday = dt.date(2026, 9, 24)
    assert working_days(thursday, 5, set()) == (thursday, dt.date(2026, 9, 30))
    assert working_days(thursday, 5, {dt.date(2026, 9, 28)})[1] == dt.date(2026, 10, 1)
    shown = window(thursday, 5, "2026-09-28\n", today=dt.date(2026, 9, 25))
    assert shown.label == "公示期：2026-09-24 至 2026-10-01（5 个工作日）"
    assert window(thursday, 5, "2026-09-28", today=dt.date(2026, 10, 2)).label.startswith(
        "公示期满"
    )


def test_publish_form_refuses_a_bad_holiday(season, organizer, supervisor, organizer_client):
    grant_role(season.organisation, supervisor, "reviewer", "supervisor")
    version = standings.latest_snapshot(season).version
    series_results.sign_off(season, organizer, official="张", role="review", version=version)
    series_results.sign_off(season, supervisor, official="李", role="supervise", version=version)
    response = organizer_client.post(
        reverse("series:results_publish", args=[season.pk]),
        {"publish-days": "5", "publish-holidays": "10月1日"},
    )
    assert response.status_code == 422 and "不是日期" in response.content.decode()


def test_series_sign_off_needs_two_accounts(season, organizer):
    version = standings.latest_snapshot(season).version
    series_results.sign_off(season, organizer, official="张", role="review", version=version)
    with pytest.raises(SeriesError, match="另一位签字人"):
        series_results.sign_off(season, organizer, official="李", role="supervise", version=version)
    with pytest.raises(SeriesError, match="两个不同账号"):
        series_results.publish(season, organizer, text="", days=5, holidays="", contact="")


def test_manual_snail_needs_a_reason_and_revoking_keeps_the_record(
    season, organizer, organizer_client
):
    Series.objects.filter(pk=season.pk).update(snail_rule="manual")
    season.refresh_from_db()
    r3 = season.rounds.get(number=3)
    jia = season.entrants.get(short_name="甲")
    with pytest.raises(SeriesError, match="理由"):
        series_results.decide(season, organizer, rnd=r3, entrant=jia, award="snail", reason="  ")
    response = organizer_client.post(
        reverse("series:award_decide", args=[season.pk]),
        {"decision-round": r3.pk, "decision-entrant": jia.pk,
         "decision-award": "snail", "decision-reason": ""},
    )  # fmt: skip
    assert response.status_code == 422 and not AwardDecision.objects.exists()
    decision = series_results.decide(
        season, organizer, rnd=r3, entrant=jia, award="snail", reason="线索：庸懒散问题"
    )
    assert decision.decided_by == organizer and decision.decided_at is not None
    r3_data = standings.latest_snapshot(season).data["rounds"][2]
    assert r3_data["snail"] == [jia.pk]
    series_results.revoke(decision, organizer, reason="核实无此问题")
    decision.refresh_from_db()
    assert decision.revoked_at is not None and AwardDecision.objects.count() == 1
    assert standings.latest_snapshot(season).data["rounds"][2]["snail"] == []
    bulletin = organizer_client.get(reverse("series:download", args=[season.pk, "bulletin.pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bulletin.content)).pages)
    assert "本期无蜗牛" in text and "草稿" in text


def test_bulletin_lists_risers_fallers_and_awards(season, organizer, supervisor, organizer_client):
    _signed_and_published(season, organizer, supervisor)
    response = organizer_client.get(reverse("series:download", args=[season.pk, "bulletin.pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "上升最快：市商务局 ▲2；市工业和信息化局 ▲1" in text
    assert "下降最多：市文化广电旅游局 ▼3" in text
    assert "红旗：市商务局" in text and "蜗牛：市文化广电旅游局" in text
    assert "草稿" not in text and "李监督" in text


def test_quota_tie_is_explained_on_the_page(organizer, supervisor, organizer_client):
    series = make_series(organizer, awards_by_group=True)
    group = SeriesGroup.objects.create(
        series=series, name="县（市、区）", red_quota=1, snail_quota=0
    )
    Entrant.objects.filter(series=series).update(group=group)
    play(series, organizer, supervisor, 1, {"甲": "90.00", "乙": "90.00", "丙": "80.00"})
    page = organizer_client.get(reverse("series:standings", args=[series.pk])).content.decode()
    assert "县（市、区）：红旗第 1 名并列 2 个，共 2 个（配额 1）" in page


def test_next_round_from_the_page(season, organizer_client):
    response = organizer_client.post(
        reverse("series:round_next", args=[season.pk]),
        {
            "next-label": "2026年第四季度",
            "next-date": "2026-12-18",
            "next-top": "2",
        },
    )
    r4 = season.rounds.get(number=4)
    assert response.status_code == 302 and response["Location"].endswith("/rounds/4/")
    assert [
        c.participation.entrant.short_name for c in r4.contest.contestants.order_by("order")
    ] == [
        "乙",
        "丙",
    ]
    page = organizer_client.get(reverse("series:rounds", args=[season.pk])).content.decode()
    assert "2026年第四季度" in page and "待签字" in page


def test_series_screen_shows_the_standings_up_to_the_last_signed_round(season, organizer):
    from contests import live
    from live.frames import frame_html

    r4 = rounds.next_round(season, organizer, label="第四季度", date=dt.date(2026, 12, 18))
    live.set_screen(r4.contest, "series")
    r4.contest.refresh_from_db()
    html = frame_html(r4.contest, "projector")
    assert "截至上期（第3期）" in html and "86.67" in html
    r3 = season.rounds.get(number=3).contest
    live.set_screen(r3, "series")
    r3.refresh_from_db()
    assert "截至本期（第3期）" in frame_html(r3, "projector")
    live.set_screen(r3, "welcome")
    r3.refresh_from_db()
    assert "流动红旗（第3期）" in frame_html(r3, "projector") and UNITS["丙"] in frame_html(
        r3, "projector"
    )


def test_entrant_import_all_or_nothing(organizer):
    from series.entrants import import_entrants

    series = Series.objects.create(owner=organizer, title="赛马", year=2026)
    bad = "单位,简称,类型,分组\n市商务局,商务,部门,\n市商务局,商务,部门,\n市教育局,教育,学校,\n"
    bad = bad.encode()
    result = import_entrants(series, "units.csv", bad)
    assert not result.ok and series.entrants.count() == 0
    assert [str(p) for p in result.problems] == [
        "第 3 行 “单位”列：与第 2 行重复：市商务局",
        "第 4 行 “类型”列：应为 部门、县（市、区）、镇街、村（社区）、项目 之一",
    ]
    good = "单位,简称,类型,分组,一把手,职务,曾用名\n"
    good = (good + "市商务局,商务,部门,经济组,王强,局长,市商务和粮食局\n").encode()
    assert not import_entrants(series, "units.csv", good).ok  # 经济组 does not exist yet
    result = import_entrants(series, "units.csv", good, allow_new_groups=True)
    assert result.ok and result.groups_created == ["经济组"]
    entrant = series.entrants.get()
    assert entrant.names() == ["市商务局", "市商务和粮食局"] and entrant.group.name == "经济组"


def test_a_contest_with_an_unsigned_round_is_not_counted(organizer, supervisor):
    series = make_series(organizer)
    play(series, organizer, supervisor, 1, R1)
    contest = play_round(
        organizer, supervisor, "第2期", dt.date(2026, 6, 18), {UNITS["甲"]: "70.00"}
    )
    rounds.add_round(series, contest, label="第2期")
    # A signed contest taken in later counts at once; an unsigned one would not.
    assert standings.latest_snapshot(series).data["counted"] == [1, 2]
    results.reopen(contest, organizer, reason="复核更正一下")
    assert standings.latest_snapshot(series).data["counted"] == [1]


def test_console_offers_the_series_board_only_for_a_round(season, contest, organizer_client):
    r3 = season.rounds.get(number=3).contest
    round_console = organizer_client.get(reverse("organizer:live_control", args=[r3.pk]))
    assert 'name="screen" value="series"' in round_console.content.decode()
    other = organizer_client.get(reverse("organizer:live_control", args=[contest.pk]))
    assert other.status_code == 200 and 'value="series"' not in other.content.decode()


def test_a_rounds_weight_is_edited_on_its_page(organizer, supervisor, organizer_client):
    series = make_series(organizer, method=Series.Method.WEIGHTED_MEAN)
    for number, scores in enumerate([R1, R2, R3], start=1):
        play(series, organizer, supervisor, number, scores)
    address = reverse("series:round_edit", args=[series.pk, 3])
    refused = organizer_client.post(address, {"round-label": "第3期", "round-weight": "0"})
    assert refused.status_code == 422 and "权重须大于 0" in refused.content.decode()
    organizer_client.post(address, {"round-label": "第3期", "round-weight": "2"})
    rows = {r["short_name"]: r["value"] for r in standings.latest_snapshot(series).data["entrants"]}
    assert rows == {"丙": "88.50", "乙": "86.75", "甲": "86.00", "丁": "83.67"}


def test_a_units_link_is_described_as_what_it_does(season, organizer_client):
    """#28: units enter data from their link; the page handing it out no longer calls it 只读."""
    unit = season.entrants.first()
    page = organizer_client.get(
        reverse("series:entrant_edit", args=[season.pk, unit.pk])
    ).content.decode()
    assert "只读" not in page and "填报指标数据" in page and "复制链接" in page


def test_relinking_a_unit_in_a_counted_round_is_logged(organizer_client, organizer, supervisor):
    """#29: relinking units in a signed, counted round moved the standings and left no trace
    of who changed which link."""
    from series.models import SeriesEvent
    from tests.test_series_rounds import R1, make_series, play

    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    presenter = contest.contestants.get(participation__entrant__short_name="甲")
    other = series.entrants.exclude(participations__round__number=1).first() or (
        series.entrants.create(name="新增单位", short_name="新")
    )
    url = reverse("series:round_link", args=[series.pk, 1])
    organizer_client.post(url, {"contestant": presenter.pk, "entrant": other.pk})
    organizer_client.post(url, {"contestant": presenter.pk, "entrant": ""})
    events = list(series.events.filter(action=SeriesEvent.Action.LINK).order_by("id"))
    assert [e.user for e in events] == [organizer, organizer]
    assert f"{presenter.name}：" in events[0].detail and other.name in events[0].detail
    assert events[1].detail.endswith(f"{other.name} → （未关联）")
    log = organizer_client.get(reverse("series:results", args=[series.pk])).content.decode()
    assert "关联单位" in log and other.name in log


def test_series_outputs_agree_on_flags_rounds_and_denominators(organizer, supervisor, client):
    """#29 item 6: the standings table never marked 流动红旗 and its files carried no per-round
    awards; the public page had no 参赛期数; a unit's page said "累计名次 3 / 6" when 5 were
    ranked; round 1's 较上期 showed "—" (or "新") with nothing to compare with."""
    from django.test import Client

    series = make_series(organizer, minimum_rounds=2)
    play(series, organizer, supervisor, 1, R1)
    owner = Client()
    owner.force_login(organizer)
    table = owner.get(reverse("series:standings", args=[series.pk])).content.decode()
    assert "award-rolling_flag" in table and "流动红旗" in table
    unit = series.entrants.get(short_name="甲")
    page = client.get(reverse("series_public:entrant", args=[unit.token])).content.decode()
    assert "较上期 —" not in page and "较上期 新" not in page
    rows = re.findall(r"<tr><td><b>第 1 期.*?</tr>", page, re.S)
    assert rows and '<td data-label="较上期"></td>' in rows[0]
    play(series, organizer, supervisor, 2, R2)  # 丁 joins: one round only, not ranked
    page = client.get(reverse("series_public:entrant", args=[unit.token])).content.decode()
    assert "/ 3" in page and "/ 4" not in page  # 甲 乙 丙 ranked, 丁 listed
    _signed_and_published(series, organizer, supervisor)
    public = client.get(reverse("series_public:page", args=[series.screen_token]))
    assert "参赛期数" in public.content.decode() and "1/2" in public.content.decode()


def test_per_group_rolling_flags_are_worded_on_the_awards_page(organizer, organizer_client):
    series = make_series(organizer, flag_by_group=True)
    page = organizer_client.get(reverse("series:awards", args=[series.pk])).content.decode()
    assert "每个分组的组内第一名持有" in page

"""The follow-up pages (issue 19, cases 4, 5 and 7): the console's panel and the 记录员, the
回头看 line and screen, the 汇报表 files, the ledger's actions and a unit's own page."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from contests import live
from followup import ledger
from followup.models import Extension, Matter, Measure, Remark
from series.models import Entrant
from tests.conftest import grant_role
from tests.test_series_rounds import R1, R2, make_series, play

D = dt.date


@pytest.fixture
def two_rounds(organizer, supervisor):
    """R1 with 甲's 交办 (协调用地; 太平乡, 区卫健局; 2026-04-10), done late and verified; R2."""
    series = make_series(organizer)
    taiping = Entrant.objects.create(series=series, name="太平乡", order=10)
    health = Entrant.objects.create(series=series, name="区卫健局", order=11)
    r1 = play(series, organizer, supervisor, 1, R1)
    jia = r1.contestants.get(participation__entrant__short_name="甲")
    remark = ledger.record_remark(
        r1, jia, kind="assign", text="协调用地", user=organizer, today=D(2026, 3, 18),
        units=[taiping, health], deadline=D(2026, 4, 10),
    )  # fmt: skip
    measure = remark.matter.measures.get()
    ledger.mark_done(measure, evidence="已协调", today=D(2026, 4, 12))
    ledger.verify(measure, user=organizer, today=D(2026, 4, 13))
    r2 = play(series, organizer, supervisor, 2, R2)
    return series, r1, r2, measure


def test_the_console_lists_last_rounds_assignment_under_the_presenter(two_rounds, organizer_client):
    _, _, r2, _ = two_rounds
    jia = r2.contestants.get(participation__entrant__short_name="甲")
    panel = organizer_client.get(
        reverse("followup:remarks", args=[r2.pk]), {"contestant": jia.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "上期交办 1 项：逾期办结 1" in panel
    console = organizer_client.get(reverse("organizer:live_control", args=[r2.pk])).content.decode()
    assert reverse("followup:remarks", args=[r2.pk]) in console


def test_the_lookback_screen_counts_it_under_both_units(two_rounds):
    from live.frames import frame_html

    _, _, r2, _ = two_rounds
    live.set_screen(r2, "lookback")
    r2.refresh_from_db()
    html = frame_html(r2, "projector")
    assert "交办回头看" in html
    for unit in ("太平乡", "区卫健局"):
        row = html.split(unit, 1)[1].split("</tr>", 1)[0]
        assert [c.split(">")[-1] for c in row.split("</td>")[1:4]] == ["1", "0", "0"]


def test_the_matters_screen_shows_the_presenter_on_stage(two_rounds):
    from live.frames import frame_html

    _, r1, _, _ = two_rounds
    jia = r1.contestants.get(participation__entrant__short_name="甲")
    r1.live.current_contestant = jia
    r1.live.screen = "matters"
    r1.live.save()
    html = frame_html(r1, "projector")
    assert (
        "市发展和改革委员会 · 汇报表" in html and "协调用地；太平乡、区卫健局；2026-04-10" in html
    )


def test_recording_from_the_panel_and_by_a_clerk(two_rounds, organizer_client):
    series, _, r2, _ = two_rounds
    live.start(r2) if r2.status == "draft" else None
    yi = r2.contestants.get(participation__entrant__short_name="乙")
    taiping = series.entrants.get(name="太平乡")
    address = reverse("followup:remarks", args=[r2.pk])
    add = reverse("followup:remark_add", args=[r2.pk])
    response = organizer_client.post(
        add,
        {"contestant": yi.pk, "kind": "assign", "text": "加快审批", "lead": taiping.pk,
         "deadline": (dt.date.today() + dt.timedelta(days=7)).isoformat()},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200 and "加快审批" in response.content.decode()
    assert Matter.objects.filter(title="加快审批", lead_entrant__short_name="乙").exists()
    refused = organizer_client.post(
        add, {"contestant": yi.pk, "kind": "assign", "text": "无时限"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422 and "请填写解决时限" in refused.content.decode()

    clerk = get_user_model().objects.create_user("clerk")
    grant_role(series.organisation, clerk, "clerk")
    client = Client()
    client.force_login(clerk)
    page = client.get(address)
    assert page.status_code == 200 and "点评 · 提问 · 交办" in page.content.decode()
    client.post(add, {"contestant": yi.pk, "kind": "comment", "text": "数据要再核实"})
    assert Remark.objects.filter(text="数据要再核实", recorded_by=clerk).exists()
    for other in (
        reverse("organizer:live_control", args=[r2.pk]),
        reverse("organizer:results", args=[r2.pk]),
        reverse("series:standings", args=[series.pk]),
        reverse("followup:ledger", args=[series.pk]),
        reverse("followup:ledger_verify", args=[series.pk]),
    ):
        assert client.get(other).status_code == 404, other
        assert client.post(other, {"measure": "1"}).status_code in {404, 405}, other


def test_report_export_for_one_action_and_month(organizer, organizer_client):
    series = make_series(organizer)
    Entrant.objects.create(series=series, name="太平乡", order=10)
    Entrant.objects.create(series=series, name="区卫健局", order=11)
    csv = (
        "行动,类别,事项内容,领办领导,牵头单位,具体措施,责任单位,解决时限\n"
        "全域美丽,重点项目,灵康杏项目,王副区长,太平乡,协调用地,太平乡、区卫健局,2026-04-10\n"
        "全域美丽,重点项目,灵康杏项目,王副区长,太平乡,完成环评,太平乡,2026-04-30\n"
        "全域美丽,重点工作,村庄整治,,太平乡,拆除违建,太平乡,2026-03-31\n"
        "数字赋能,重点工作,数据归集,,区卫健局,接入平台,区卫健局,2026-05-31\n"
    )
    response = organizer_client.post(
        reverse("followup:ledger_import", args=[series.pk]),
        {"file": _upload("matters.csv", csv)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    matter = Matter.objects.get(title="灵康杏项目")
    ledger.submit_update(
        matter, period=D(2026, 3, 5), progress="已召开协调会", problems="用地指标不足"
    )
    xlsx = organizer_client.get(
        reverse("followup:report", args=[series.pk, "xlsx"]),
        {"action": "全域美丽", "month": "2026-03"},
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert list(rows[0]) == [
        "序号",
        "事项内容",
        "实现情况",
        "存在问题",
        "具体措施（责任单位、解决时限）",
        "状态",
    ]
    assert [r[1] for r in rows[1:]] == ["灵康杏项目", "村庄整治"]
    assert rows[1][2:4] == ("已召开协调会", "用地指标不足")
    assert rows[1][4].split("\n")[0] == "协调用地；太平乡、区卫健局；2026-04-10"
    pdf = organizer_client.get(
        reverse("followup:report", args=[series.pk, "pdf"]),
        {"action": "全域美丽", "month": "2026-03"},
    )
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "灵康杏项目" in text and "协调用地；太平乡、区卫健局；2026-04-10" in text


def test_an_import_with_one_bad_row_imports_nothing(organizer, organizer_client):
    series = make_series(organizer)
    csv = "事项内容,具体措施,责任单位,解决时限\n甲事项,措施,市商务局,2026-04-10\n"
    csv += "乙事项,措施,不存在局,4月10日\n"
    response = organizer_client.post(
        reverse("followup:ledger_import", args=[series.pk]),
        {"file": _upload("m.csv", csv)},
    )
    page = response.content.decode()
    assert response.status_code == 422 and not Matter.objects.exists()
    assert "不是本系列的参赛单位：不存在局" in page and "请写成 2026-04-10 的格式" in page


def _upload(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode())


def test_a_units_link_shows_and_changes_only_its_own_measures(two_rounds, client, organizer):
    series, r1, _, _ = two_rounds
    jia = r1.contestants.get(participation__entrant__short_name="甲")
    taiping = series.entrants.get(name="太平乡")
    bing = series.entrants.get(short_name="丙")
    remark = ledger.record_remark(
        r1, jia, kind="assign", text="新增用地指标", user=organizer, today=dt.date.today(),
        units=[taiping], deadline=dt.date.today() + dt.timedelta(days=20),
    )  # fmt: skip
    mine = remark.matter.measures.get()
    page = client.get(reverse("followup_unit:matters", args=[taiping.token])).content.decode()
    assert "新增用地指标" in page and "协调用地" in page
    other = client.get(reverse("followup_unit:matters", args=[bing.token])).content.decode()
    assert "新增用地指标" not in other
    bing_done = reverse("followup_unit:done", args=[bing.token])
    refused = client.post(bing_done, {"measure": mine.pk, "evidence": "x"})
    assert refused.status_code == 404
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    client.post(reverse("followup_unit:extend", args=[taiping.token]),
                {"measure": mine.pk, "new_deadline": later, "reason": "等待审批"})  # fmt: skip
    assert Extension.objects.get(measure=mine).result == "pending"
    done = reverse("followup_unit:done", args=[taiping.token])
    client.post(done, {"measure": mine.pk, "evidence": "指标已下达"})
    mine.refresh_from_db()
    assert mine.status == Measure.Status.DONE and mine.done_on == dt.date.today()
    assert client.get(reverse("followup_unit:matters", args=["x" * 30])).status_code == 404


def test_the_ledger_verifies_sends_back_and_decides_extensions(
    two_rounds, organizer, organizer_client
):
    series, r1, _, _ = two_rounds
    jia = r1.contestants.get(participation__entrant__short_name="甲")
    remark = ledger.record_remark(
        r1, jia, kind="assign", text="补齐资料", user=organizer, today=dt.date.today(),
        units=[series.entrants.get(name="区卫健局")],
        deadline=dt.date.today() + dt.timedelta(days=9),
    )  # fmt: skip
    measure = remark.matter.measures.get()
    address = reverse("followup:ledger", args=[series.pk])
    page = organizer_client.get(address, {"light": "green"}).content.decode()
    matters = page.split("变更记录")[0]  # the list, not the change log below it
    assert "补齐资料" in matters and "协调用地" not in matters  # 协调用地 is closed: grey
    extension = ledger.request_extension(
        measure, new_deadline=dt.date.today() + dt.timedelta(days=20), reason="资料待补",
        today=dt.date.today(),
    )  # fmt: skip
    approve = reverse("followup:extension_approve", args=[series.pk])
    organizer_client.post(approve, {"extension": extension.pk})
    measure.refresh_from_db()
    assert measure.original_deadline == dt.date.today() + dt.timedelta(days=9)
    ledger.mark_done(measure, evidence="已补齐", today=dt.date.today())
    send_back = reverse("followup:ledger_send_back", args=[series.pk])
    organizer_client.post(send_back, {"measure": measure.pk, "reason": "缺盖章"})
    measure.refresh_from_db()
    assert measure.status == Measure.Status.OPEN
    ledger.mark_done(measure, evidence="已盖章", today=dt.date.today())
    verify = reverse("followup:ledger_verify", args=[series.pk])
    organizer_client.post(verify, {"measure": measure.pk})
    measure.refresh_from_db()
    assert measure.status == Measure.Status.CLOSED
    log = organizer_client.get(address).content.decode()
    assert "缺盖章" in log and "同意延期" in log


def test_the_report_card_shows_a_units_assignments_and_on_time_rate(two_rounds, organizer_client):
    series, *_ = two_rounds
    response = organizer_client.get(reverse("series:download", args=[series.pk, "report.pdf"]))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]
    taiping = next(p for p in pages[1:] if p.startswith("太平乡"))
    assert "交办 1 项（逾期办结 1）；按期办结率 0%" in taiping


def test_the_on_time_rate_fills_an_indicator_of_the_next_round(
    organizer, supervisor, organizer_client
):
    from contests.models import Contest, Contestant, Criterion, Indicator, IndicatorScore, Judge
    from series.rounds import add_round

    series = make_series(organizer)
    r1 = play(series, organizer, supervisor, 1, R1)
    units = {e.short_name: e for e in series.entrants.all()}
    jia = r1.contestants.get(participation__entrant__short_name="甲")
    for text, unit, deadline, done in [
        ("一", "乙", D(2026, 4, 10), D(2026, 4, 9)),  # on time
        ("二", "乙", D(2026, 4, 20), D(2026, 4, 25)),  # late
        ("三", "丙", D(2026, 5, 1), None),  # open
    ]:
        remark = ledger.record_remark(
            r1, jia, kind="assign", text=text, user=organizer, today=D(2026, 3, 18),
            units=[units[unit]], deadline=deadline,
        )  # fmt: skip
        if done:
            measure = remark.matter.measures.get()
            ledger.mark_done(measure, evidence="完成", today=done)
            ledger.verify(measure, user=organizer, today=done)
    contest = Contest.objects.create(
        owner=organizer, title="第2期", date=D(2026, 6, 18), indicator_weight=20, judge_weight=80
    )
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=contest, name="评委", order=1)
    Indicator.objects.create(contest=contest, name="交办按期办结率", max_score=10)
    for order, short in enumerate("甲乙丙", start=1):
        Contestant.objects.create(
            contest=contest, name=f"人{order}", unit=units[short].name, order=order
        )
    add_round(series, contest, label="第2期")
    organizer_client.post(
        reverse("followup:ledger_indicator", args=[series.pk]),
        {"round": "2", "indicator": "交办按期办结率"},
    )
    scores = {
        s.contestant.unit: s.value for s in IndicatorScore.objects.select_related("contestant")
    }
    assert scores == {units["乙"].name: 5, units["丙"].name: 0}  # 甲 had nothing due: blank


def test_a_remark_filed_under_the_wrong_presenter_is_moved(two_rounds, organizer_client):
    series, r1, _, _ = two_rounds
    remark = Remark.objects.get(text="协调用地")
    yi = r1.contestants.get(participation__entrant__short_name="乙")
    address = reverse("followup:remark_move", args=[r1.pk])
    response = organizer_client.post(
        address, {"remark": remark.pk, "to": yi.pk, "contestant": yi.pk},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200 and "协调用地" in response.content.decode()
    remark.refresh_from_db()
    assert remark.contestant == yi and remark.matter.lead_entrant.short_name == "乙"
    log = remark.matter.audit.get(field="presenter")
    assert "市发展和改革委员会" in log.old and "市工业和信息化局" in log.new
    other = series.rounds.get(number=2).contest.contestants.first()
    refused = organizer_client.post(address, {"remark": remark.pk, "to": other.pk})
    assert refused.status_code == 422


def test_the_panel_preselects_the_presenters_unit_and_explains_a_contest_outside_a_series(
    two_rounds, organizer_client, contest
):
    """#28: the 交办 lead is the presenter's own unit unless changed; a contest that is not a
    round says why it has no 交办 and what to do."""
    _, _, r2, _ = two_rounds
    yi = r2.contestants.get(participation__entrant__short_name="乙")
    panel = organizer_client.get(
        reverse("followup:remarks", args=[r2.pk]), {"contestant": yi.pk}
    ).content.decode()
    lead = panel.split('name="lead"')[1].split("</select>")[0]
    assert f'value="{yi.participation.entrant_id}" selected' in lead
    assert lead.count("selected") == 1
    outside = organizer_client.get(reverse("followup:remarks", args=[contest.pk])).content.decode()
    assert 'value="assign"' not in outside and "本场还不是某个系列的一期" in outside

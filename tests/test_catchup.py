"""对标赶超 (issue 33, cases 3 and 4): the "需提交赶超方案" task after a counted round, a plan filed
from the unit's link (its measures in the 事项台账, the task green), milestones checked against
the actuals, 审核 and 退回, the 成绩单 and 通报 lines, the console panel and the stage screen."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from boards import benchmarks, values
from boards.models import Board, Metric
from catchup import flow, outputs, rules, sections
from catchup.models import Plan, PlanLog, Task
from followup.models import Matter
from followup.models import Measure as LedgerMeasure
from series import standings
from tests.test_series_rounds import R1, R2, R3, make_series, play

D = Decimal


@given(
    st.dictionaries(st.integers(1, 40), st.one_of(st.none(), st.integers(1, 12))), st.integers(0, 5)
)
def test_the_last_units_are_those_no_more_than_count_places_from_the_bottom(ranks, count):
    """Naive: a unit is among the last `count` when fewer than `count` ranked units are strictly
    below it — so a unit tied with the last of them is too."""
    ranked = {u: r for u, r in ranks.items() if r is not None}
    expected = {
        u for u, r in ranked.items() if count and sum(1 for x in ranked.values() if x > r) < count
    }
    assert rules.bottom(ranks, count) == expected


def test_due_dates_and_the_task_light():
    assert rules.task_due(dt.date(2026, 9, 18), 15) == dt.date(2026, 10, 3)
    due = dt.date(2026, 10, 3)
    assert rules.task_light(due, dt.date(2026, 10, 3), None) != "red"
    assert rules.task_light(due, dt.date(2026, 10, 4), None) == "red"
    assert rules.task_light(due, dt.date(2026, 10, 4), dt.date(2026, 10, 4)) == "green"


@pytest.fixture
def metric(organizer):
    def make(series, code="GY-01", **fields):
        board, _ = Board.objects.get_or_create(series=series, name="省考排行榜")
        fields.setdefault("lead_entrant", series.entrants.get(short_name="丁"))
        return Metric.objects.create(board=board, code=code, name="规上工业增加值增速",
                                     mode="difference", annual_target=D(8), **fields)  # fmt: skip

    return make


def plan_form(code: str = "GY-01") -> dict:
    return {
        "title": "规上工业赶超方案",
        "analysis": "增速低于宜宾市翠屏区 1.30 个百分点。",
        "measures": "引进亿元以上项目 3 个；2026-12-31\n技改项目全覆盖；2027-06-30",
        "milestones": f"一年起步成势；2026-12-31；{code} ≥ 8.0\n"
        f"三年基本达标；2028-12-31；{code} ≥ 100\n五年大见成效；2030-12-31；{code} ≥ 10.2",
    }


def test_case_3_the_last_unit_gets_the_task_and_files_a_plan(organizer, supervisor, client,
                                                             organizer_client, metric):  # fmt: skip
    series = make_series(organizer)
    play(series, organizer, supervisor, 1, R1)
    play(series, organizer, supervisor, 2, R2)
    assert not Task.objects.exists()  # the option is off by default
    config = flow.settings_for(series)
    config.bottom, config.days = 1, 15
    config.save()
    play(series, organizer, supervisor, 3, R3)  # 2026-09-18: 丁 is last (85.50)
    (task,) = Task.objects.all()
    assert (task.entrant.short_name, task.due) == ("丁", dt.date(2026, 10, 3))
    assert flow.task_light(task, dt.date(2026, 10, 3)) != "red"
    assert flow.task_light(task, dt.date(2026, 10, 4)) == "red"
    assert outputs.task_text(task, dt.date(2026, 10, 4)) == "逾期 1 天"
    snapshot = standings.latest_snapshot(series)
    (section,) = sections.bulletin_sections(series, snapshot)
    assert (
        section[0] == "赶超方案" and "市文化广电旅游局" in section[1][0] and "逾期" in section[1][0]
    )
    tab = organizer_client.get(reverse("catchup:page", args=[series.pk])).content.decode()
    assert "市文化广电旅游局" in tab and "light-red" in tab

    # 丁 files from its own link
    metric(series)
    unit = task.entrant
    home = reverse("catchup_unit:plans", args=[unit.token])
    assert "请于 2026-10-03 前提交" in client.get(home).content.decode()
    bad = client.post(reverse("catchup_unit:create", args=[unit.token]),
                      {**plan_form(), "milestones": "一年起步成势；明年"})  # fmt: skip
    assert bad.status_code == 422 and "第 1 行" in bad.content.decode()
    made = client.post(reverse("catchup_unit:create", args=[unit.token]), plan_form())
    plan = Plan.objects.get()
    assert made.status_code == 302 and plan.status == "draft" and plan.milestones.count() == 3
    submitted = client.post(reverse("catchup_unit:submit", args=[unit.token, plan.pk]))
    assert submitted.status_code == 302
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.status == "submitted" and task.plan == plan and task.filed_on is not None
    assert flow.task_light(task, dt.date(2026, 12, 31)) == "green"
    matter = Matter.objects.get(kind=Matter.Kind.CATCH_UP)
    assert matter.lead_entrant == unit and matter.measures.count() == 2
    assert set(LedgerMeasure.objects.filter(matter=matter).values_list("deadline", flat=True)) == {
        dt.date(2026, 12, 31), dt.date(2027, 6, 30)}  # fmt: skip
    page = client.get(home).content.decode()
    assert "规上工业赶超方案" in page and "已提交（" in page
    lines = sections.entrant_lines(series, snapshot)[unit.pk]
    assert any("赶超方案《规上工业赶超方案》（已提交）" in line for line in lines)
    assert PlanLog.objects.filter(plan=plan).count() == 2  # 新建, 提交


def test_case_4_milestones_against_the_actuals(organizer, metric):
    series = make_series(organizer)
    growth = metric(series, "ZS-01")
    unit = series.entrants.get(short_name="丁")
    draft = flow.Draft("赶超方案", "", [], [("措施", dt.date(2027, 1, 31))], [
        ("三年基本达标", dt.date(2028, 12, 31), [(growth, ">=", D(100))]),
        ("五年大见成效", dt.date(2030, 12, 31), [(growth, ">=", D(120))]),
    ])  # fmt: skip
    plan = flow.submit(flow.save_draft(unit, draft), unit)
    values.record_value(growth, dt.date(2028, 12, 1), {"actual": D(97)})
    three, five = flow.milestones(plan, today=dt.date(2029, 1, 15))
    assert (three.word, three.targets[0].actual, three.targets[0].word) == (
        "未达标",
        D(97),
        "未达标",
    )
    assert five.word == "未到期"
    values.record_value(growth, dt.date(2028, 12, 1), {"actual": D(100)})
    three, _five = flow.milestones(plan, today=dt.date(2029, 1, 15))
    assert three.word == "达标"
    early, _ = flow.milestones(plan, today=dt.date(2026, 12, 6))
    assert early.word == "未到期"


def test_review_and_sending_back(organizer, organizer_client, metric):
    series = make_series(organizer)
    metric(series)
    unit = series.entrants.get(short_name="丁")
    form = plan_form()
    draft = flow.Draft(form["title"], "", [], [("措施", dt.date(2027, 1, 31))],
                       [("一年", dt.date(2026, 12, 31), [])])  # fmt: skip
    plan = flow.submit(flow.save_draft(unit, draft), unit)
    send_back = reverse("catchup:send_back", args=[series.pk, plan.pk])
    refused = organizer_client.post(send_back, {"reason": ""})
    assert refused.status_code == 422 and "退回原因" in refused.content.decode()
    assert organizer_client.post(send_back, {"reason": "措施不具体"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.matter is None
    assert Matter.objects.get(kind=Matter.Kind.CATCH_UP).status == Matter.Status.CANCELLED
    flow.submit(plan, unit)
    review = reverse("catchup:review", args=[series.pk, plan.pk])
    assert organizer_client.post(review).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "reviewed" and plan.reviewed_by == organizer
    with pytest.raises(flow.PlanError):
        flow.save_draft(unit, draft, plan)  # reviewed: changed only after a return
    pdf = organizer_client.get(reverse("catchup:file", args=[series.pk, plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_console_panel_and_the_stage_at_a_benchmark_meeting(
    organizer, supervisor, organizer_client, metric
):
    from contests.models import Contest
    from live.frames import frame_html

    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    Contest.objects.filter(pk=contest.pk).update(kind=Contest.Kind.BENCHMARK)
    contest.refresh_from_db()
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    unit = jia.participation.entrant
    growth = metric(series, lead_entrant=unit)
    values.record_value(growth, dt.date(2026, 9, 1), {"actual": D("7.2")})
    peer = benchmarks.add(series, "宜宾市翠屏区")
    benchmarks.record(peer, growth, dt.date(2026, 9, 1), D("8.5"))
    stage = ("一年起步成势", dt.date(2026, 12, 31), [(growth, ">=", D("8.5"))])
    draft = flow.Draft("对标翠屏区方案", "", [peer], [("措施", dt.date(2027, 1, 31))], [stage])
    flow.submit(flow.save_draft(unit, draft), unit)
    panel = organizer_client.get(reverse("catchup:console", args=[contest.pk]),
                                 {"contestant": jia.pk}).content.decode()  # fmt: skip
    assert "对标翠屏区方案" in panel and "-1.30 个百分点" in panel
    contest.live.current_contestant = jia
    contest.live.screen = "stage"
    contest.live.save()
    html = frame_html(contest, "projector")
    assert "对标方案</span> 对标翠屏区方案" in html and "-1.30 个百分点" in html
    console = organizer_client.get(
        reverse("organizer:live_control", args=[contest.pk])
    ).content.decode()
    assert reverse("catchup:console", args=[contest.pk]) in console

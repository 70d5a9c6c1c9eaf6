"""评选 (#32): the seven steps of 评五星 with the figures of the issue — 16 villages × 5 stars,
114 nominees, 公示 from Wednesday 2021-12-01 for 5 working days, an objection on 2021-12-03."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from pypdf import PdfReader

from orgs.access import personal_organisation
from selections import flow, outputs
from selections.models import Nominee, Objection, SelectionLog
from tests.conftest import grant_role

VILLAGES = [
    f"{name}村"
    for name in [
        "青岗",
        "金华",
        "东岳",
        "石梯",
        "龙台",
        "新桥",
        "永安",
        "白鹤",
        "红星",
        "柳树",
        "双河",
        "太和",
        "玉峰",
        "观音",
        "瑞峰",
        "复兴",
    ]
]
SIZES = {"育才之星": 25, "勤劳致富之星": 24, "党员干部之星": 23, "孝德之星": 22, "最美家庭之星": 20}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def five_stars(owner):
    return flow.create(personal_organisation(owner), "青岗镇2021年“评五星”活动", 2021, owner,
                       units=VILLAGES)  # fmt: skip


def nominate_all(selection, owner) -> list[Nominee]:
    """114 nominees: 25, 24, 23, 22 and 20 in the five stars, spread over the 16 villages."""
    units, categories = list(selection.units.all()), list(selection.categories.all())
    made, number = [], 0
    for category in categories:
        for _ in range(SIZES[category.name]):
            number += 1
            name = f"{SURNAMES[number % len(SURNAMES)]}{number:03d}号"
            made.append(flow.nominate(selection, name=name, unit=units[(number * 7) % 16],
                                      category=category, user=owner, story="热心公益"))  # fmt: skip
    return made


def through_review(nominee, owner, reviewer):
    steps = list(nominee.selection.steps.all())
    flow.pass_step(nominee, steps[0], owner, note="走访 12 户")
    flow.pass_step(nominee, steps[1], owner, number=36)
    flow.pass_step(nominee, steps[2], owner, on=dt.date(2021, 11, 20), votes=(41, 2, 1))
    flow.pass_step(nominee, steps[3], owner, note="考察合格")
    flow.pass_step(nominee, steps[4], reviewer)


@pytest.fixture
def in_publicity(organizer, supervisor):
    selection = five_stars(organizer)
    nominees = nominate_all(selection, organizer)
    for nominee in nominees:
        through_review(nominee, organizer, supervisor)
    flow.open_publicity(selection, dt.date(2021, 12, 1), organizer)
    selection.refresh_from_db()
    return selection, nominees


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_case1_the_notice_lists_114_names_by_star_then_village(in_publicity):
    selection, nominees = in_publicity
    groups = outputs.grouped(outputs.in_publicity(selection))
    assert [star for star, _units in groups] == list(SIZES)
    assert sum(len(people) for _star, units in groups for _unit, people in units) == 114
    for _star, units in groups:  # villages in their order inside each star
        order = [VILLAGES.index(unit) for unit, _people in units]
        assert order == sorted(order)
    text = pdf_text(outputs.notice_pdf(selection))
    assert all(n.name in text for n in nominees)
    assert "2021-12-01至2021-12-07" in text and "拟表彰以下114名" in text


def test_case2_five_working_days_from_wednesday_2021_12_01_end_on_the_7th(in_publicity):
    selection, _ = in_publicity
    assert flow.window(selection) == (dt.date(2021, 12, 1), dt.date(2021, 12, 7))


def test_case3_an_upheld_objection_leaves_113_and_the_log_says_why(in_publicity, organizer):
    selection, nominees = in_publicity
    accused = nominees[10]
    objection = flow.record_objection(
        accused, received_on=dt.date(2021, 12, 3), channel="letter",
        content="反映其不孝敬老人", submitter="李某", user=organizer,
    )  # fmt: skip
    assert not objection.late
    with pytest.raises(flow.SelectionError, match=f"{accused.name}：异议待处理"):
        flow.commend(selection, organizer, today=dt.date(2021, 12, 8))
    with pytest.raises(flow.SelectionError, match="公示期至 2021-12-07"):
        flow.decide_objection(objection, True, "经核实情况属实", organizer)
        flow.commend(selection, organizer, today=dt.date(2021, 12, 7))
    assert flow.commend(selection, organizer, today=dt.date(2021, 12, 8)) == 113
    accused.refresh_from_db()
    assert accused.status == Nominee.Status.CANCELLED
    assert accused.status_reason == "异议成立：经核实情况属实"
    entry = SelectionLog.objects.get(nominee=accused, action="异议成立")
    assert (entry.user, entry.detail) == (organizer, f"{accused.name}：经核实情况属实")
    assert entry.at is not None
    final = outputs.final_list(selection)
    assert len(final) == 113 and accused not in final
    certificates = PdfReader(io.BytesIO(outputs.certificates_pdf(selection)))
    assert len(certificates.pages) == 113
    assert "2021年12月8日" in "".join(certificates.pages[-1].extract_text().split())
    assert pdf_text(outputs.list_pdf(selection)).count("号") == 113


def test_case4_an_objection_after_the_window_is_recorded_and_marked_late(in_publicity, organizer):
    selection, nominees = in_publicity
    late = flow.record_objection(
        nominees[0], received_on=dt.date(2021, 12, 8), channel="phone",
        content="逾期反映", submitter="王某", user=organizer,
    )  # fmt: skip
    assert late.late and Objection.objects.get(pk=late.pk).late
    assert "逾期" in SelectionLog.objects.filter(action="登记异议").last().detail
    assert flow.commend(selection, organizer, today=dt.date(2021, 12, 8)) == 114


def test_case5_no_step_is_skipped_and_quotas_hold_before_publicity(organizer, supervisor):
    selection = five_stars(organizer)
    steps = list(selection.steps.all())
    nominees = nominate_all(selection, organizer)
    first = nominees[0]
    flow.pass_step(first, steps[0], organizer, note="走访")
    flow.pass_step(first, steps[1], organizer, number=20)
    flow.pass_step(first, steps[2], organizer, on=dt.date(2021, 11, 20), votes=(30, 0, 0))
    with pytest.raises(flow.SelectionError, match="请先完成“村两委考察”"):
        flow.pass_step(first, steps[4], supervisor)
    flow.pass_step(first, steps[3], organizer, note="合格")
    helper = get_user_model().objects.create_user("helper")
    grant_role(selection.organisation, helper, "organizer")  # runs it, is not its 审核人
    with pytest.raises(flow.SelectionError, match="须由审核人办理"):
        flow.pass_step(first, steps[4], helper)
    star = selection.categories.get(name="育才之星")
    star.quota = 24
    star.save()
    for nominee in nominees[1:]:
        through_review(nominee, organizer, supervisor)
    flow.pass_step(first, steps[4], supervisor)
    with pytest.raises(flow.SelectionError, match="育才之星 已选 25 人，名额 24 人"):
        flow.open_publicity(selection, dt.date(2021, 12, 1), organizer)
    flow.withdraw(nominees[5], "本人申请退出", organizer)
    assert flow.open_publicity(selection, dt.date(2021, 12, 1), organizer)[1] == dt.date(
        2021, 12, 7
    )


def test_each_step_asks_for_what_it_records(organizer):
    selection = five_stars(organizer)
    steps = list(selection.steps.all())
    nominee = nominate_all(selection, organizer)[0]
    flow.pass_step(nominee, steps[0], organizer, note="走访")
    with pytest.raises(flow.SelectionError, match="须填写：推荐人数"):
        flow.pass_step(nominee, steps[1], organizer)
    flow.pass_step(nominee, steps[1], organizer, number=12)
    with pytest.raises(flow.SelectionError, match="日期、表决结果"):
        flow.pass_step(nominee, steps[2], organizer)
    with pytest.raises(flow.SelectionError, match="对全部人选一起进行"):
        flow.pass_step(nominee, steps[5], organizer)


def test_the_broadcast_text_fits_300_characters(in_publicity):
    _selection, nominees = in_publicity
    nominee = nominees[0]
    nominee.story = "多年来照顾孤寡老人，" * 60
    text = outputs.broadcast_text(nominee)
    assert len(text) == 300 and text.endswith("…") and text.startswith(nominee.unit.name)


def test_a_withdrawn_nominee_passes_no_more_steps_and_zero_counts(organizer):
    selection = five_stars(organizer)
    steps = list(selection.steps.all())
    first, second = nominate_all(selection, organizer)[:2]
    flow.pass_step(first, steps[0], organizer, note="走访")
    flow.pass_step(
        first, steps[1], organizer, number=0
    )  # nobody recommended: recorded, not missing
    assert first.passages.get(step=steps[1]).number == 0
    flow.withdraw(second, "本人申请退出", organizer)
    with pytest.raises(flow.SelectionError, match=r"（已退出）不再办理步骤"):
        flow.pass_step(second, steps[0], organizer, note="走访")
    other = five_stars(organizer)
    with pytest.raises(flow.SelectionError, match="不属于这项评选"):
        flow.pass_step(first, other.steps.get(order=2), organizer)

"""对标赶超 in Chromium (issue 33): the organizer names a benchmark and its value on the board,
sees the gap there; the last unit, told to file a 赶超方案, files one from its link on a phone;
its task turns green and the plan shows on the organizer's tab."""

import pytest

from catchup import flow
from catchup.models import Plan
from tests.conftest import session_cookie
from tests.test_browser_setup import SCREENSHOTS
from tests.test_series_rounds import R1, R2, R3, make_series, play

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEFINITION = (
    "指标编号,指标名称,榜单,行动,领办领导,牵头单位,配合单位,计量单位,口径,方向,方式,频次,年度目标,力争目标,对比范围,数据来源,权重\n"
    "GY-01,规上工业增加值增速,省考排行榜,经济发展,李区长,市文化广电旅游局,,%,,正向,差值,月,7.0,,,区统计局,1\n"
)
VALUE = "指标编号,指标名称,本期实际\nGY-01,规上工业增加值增速,7.2\n"


def test_a_benchmark_on_the_board_and_a_plan_filed_from_a_units_link(
    browser, asgi_server, organizer, supervisor, tmp_path
):
    series = make_series(organizer)
    for number, scores in enumerate([R1, R2], start=1):
        play(series, organizer, supervisor, number, scores)
    config = flow.settings_for(series)
    config.bottom = 1
    config.save()
    play(series, organizer, supervisor, 3, R3)  # 丁 is last: 需提交赶超方案 by 2026-10-03

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, asgi_server)])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{asgi_server}/o/series/{series.pk}/boards/?month=2026-09")
    for action, text in (("definitions", DEFINITION), ("values", VALUE)):
        upload = tmp_path / f"{action}.csv"
        upload.write_text(text, encoding="utf-8")
        form = page.locator(f"form[action*='/boards/import-{action}/']")
        form.locator("input[type=file]").set_input_files(str(upload))
        form.locator("button[type=submit]").click()
        page.wait_for_selector("text=已导入 1 行")
    page.locator("#benchmarks summary").click()
    add = page.locator("form[action*='/boards/benchmark-add/']")
    add.locator("input[name=name]").fill("宜宾市翠屏区")
    add.locator("button[type=submit]").click()
    page.locator("#benchmarks summary").click()
    entry = page.locator("form[action*='/boards/benchmark-value/']")
    entry.locator("input[name=value]").fill("8.5")
    entry.locator("button[type=submit]").click()
    row = page.locator("tr", has_text="规上工业增加值增速")
    row.locator("text=-1.30 个百分点").first.wait_for()  # 对标, and 最优 of one benchmark
    page.screenshot(path=str(SCREENSHOTS / "catchup-board.png"), full_page=True)

    unit = series.entrants.get(short_name="丁")
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{asgi_server}/u/{unit.token}/plans/")
    assert "请于 2026-10-03 前提交" in phone.locator("body").inner_text()
    phone.fill("input[name=title]", "规上工业赶超方案")
    phone.locator("label.check", has_text="宜宾市翠屏区").locator("input").check()
    phone.fill("textarea[name=analysis]", "增速低于翠屏区 1.30 个百分点。")
    phone.fill("textarea[name=measures]", "引进亿元以上项目 3 个；2027-06-30")
    phone.fill("textarea[name=milestones]", "一年起步成势；2026-12-31；GY-01 ≥ 8.0")
    phone.locator("button", has_text="保存草稿").click()
    phone.locator("text=已保存草稿").wait_for()
    assert "-1.30 个百分点" in phone.locator("body").inner_text()
    phone.locator("button", has_text="提交方案").click()
    phone.locator("text=已提交。措施已列入事项台账").wait_for()
    phone.screenshot(path=str(SCREENSHOTS / "catchup-plan-phone.png"), full_page=True)
    plan = Plan.objects.get()
    assert plan.status == "submitted" and plan.tasks.get().filed_on is not None

    page.goto(f"{asgi_server}/o/series/{series.pk}/catchup/")
    tasks = page.locator("section", has_text="需提交赶超方案")
    assert "已提交（" in tasks.inner_text() and tasks.locator(".light-green").count() == 1
    page.locator("a", has_text="规上工业赶超方案").first.click()
    page.locator("button", has_text="审核通过").click()
    page.locator("text=已审核。").wait_for()
    plan.refresh_from_db()
    assert plan.status == "reviewed"
    context.close()
    phone.close()

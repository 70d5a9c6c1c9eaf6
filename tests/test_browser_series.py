"""A 赛马 series built through its pages in Chromium: created, units imported, the first round
taken in, two more made with 新建下一期, each scored through the judge endpoint and signed;
then the matrix, the 赛马榜 on a 1920×1080 projector and a unit's 成绩单, screenshotted."""

import datetime as dt

import pytest

from contests import live
from contests.models import Contest, Contestant, Criterion, Judge
from series.models import Series
from tests.conftest import score_and_sign, session_cookie
from tests.test_browser_setup import SCREENSHOTS, shoot
from tests.test_series_rounds import R1, R2, R3, UNITS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS_CSV = "单位,简称,类型,分组\n" + "".join(
    f"{unit},{short},部门,经济部门组\n" for short, unit in UNITS.items()
)


def by_unit(scores: dict) -> dict:
    return {UNITS[short]: total for short, total in scores.items()}


def test_a_three_round_series_through_the_pages(
    browser, live_server, organizer, supervisor, tmp_path
):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, live_server.url)])
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{live_server.url}/o/series/")
    page.fill("input[name=title]", "2026 年度局长擂台赛赛马")
    page.fill("input[name=year]", "2026")
    page.click("form:has(input[name=title]) button[type=submit]")
    page.wait_for_selector("text=已创建赛马系列")
    series = Series.objects.get()

    units = tmp_path / "units.csv"
    units.write_text(UNITS_CSV, encoding="utf-8")
    page.set_input_files("input[name=import-file]", str(units))
    page.check("input[name=import-allow_new_groups]")
    page.click("form[action$='/entrants/import/'] button[type=submit]")
    page.wait_for_selector("text=已导入 4 个参赛单位")

    first = Contest.objects.create(
        owner=organizer, title="第一季度", date=dt.date(2026, 3, 18), score_step="1"
    )
    Criterion.objects.create(contest=first, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=first, name="评委甲", order=1)
    for order, unit in enumerate(by_unit(R1), start=1):
        Contestant.objects.create(contest=first, name=f"汇报人{order}", unit=unit, order=order)
    page.goto(f"{live_server.url}/o/series/{series.pk}/rounds/")
    page.select_option("select[name=add-contest]", str(first.pk))
    page.fill("input[name=add-label]", "2026年第一季度")
    page.click("form[action$='/rounds/add/'] button[type=submit]")
    page.wait_for_selector("text=已加入为第 1 期")
    linked = page.locator("select[name=entrant] option:checked").all_inner_texts()
    assert linked == [UNITS[short] for short in "甲乙丙"]  # linked by unit name
    score_and_sign(first, organizer, supervisor, by_unit(R1))

    for number, label, day, scores in [
        (2, "2026年第二季度", "2026-06-18", R2),
        (3, "2026年第三季度", "2026-09-18", R3),
    ]:
        page.goto(f"{live_server.url}/o/series/{series.pk}/rounds/")
        page.fill("input[name=next-label]", label)
        page.fill("input[name=next-date]", day)
        page.click("form[action$='/rounds/next/'] button[type=submit]")
        page.wait_for_selector(f"text=已新建第 {number} 期")
        contest = series.rounds.get(number=number).contest
        if number == 2:  # 丁 joins in the second round, and is linked on the round's page
            Contestant.objects.create(contest=contest, name="丁负责人", unit=UNITS["丁"], order=4)
            page.reload()
            row = page.locator("tr", has_text="丁负责人")
            row.locator("select").select_option(label=UNITS["丁"])
            row.locator("button").click()
            page.wait_for_selector("text=已保存关联")
        score_and_sign(contest, organizer, supervisor, by_unit(scores))

    page.goto(f"{live_server.url}/o/series/{series.pk}/")
    first_row = page.locator("table.matrix tbody tr").first
    assert "市工业和信息化局" in first_row.inner_text() and "86.67" in first_row.inner_text()
    assert "▲1" in first_row.inner_text()
    shoot(page, "series-matrix")

    r3 = series.rounds.get(number=3).contest
    live.set_screen(r3, "series")
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{live_server.url}/s/{r3.screen_token}/")
    board = projector.locator(".series-board")
    assert "截至本期（2026年第三季度）" in board.inner_text()
    assert "86.33" in board.inner_text() and "▼3" in board.inner_text()
    projector.screenshot(path=str(SCREENSHOTS / "series-board-projector.png"))

    bing = series.entrants.get(short_name="丙")
    page.goto(f"{live_server.url}/u/{bing.token}/")
    assert "市商务局 成绩单" in page.content() and "86.33" in page.content()
    shoot(page, "series-entrant")
    context.close()
    projector.close()

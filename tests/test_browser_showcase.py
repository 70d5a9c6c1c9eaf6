"""#30: a monthly 晒比会 without judges, in a real browser, from its creation to its counted
place in the series: created as a 晒比会 (no 评分项 or 评委 step), presenters and indicator items
added, taken into the series, 开始汇报 and 下一位 on the console, the figures entered on the
indicator table, 结束录入, signed, and ranked on the series' standings page."""

import pytest

from contests.models import Contest
from scoring import results
from tests.conftest import grant_role, session_cookie
from tests.test_browser_setup import shoot
from tests.test_series_rounds import UNITS, make_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRESENTERS = {
    "甲": ("张书记", ("9.5", "4")),
    "乙": ("李书记", ("8", "5")),
    "丙": ("王书记", ("7.5", "3.5")),
}


def test_a_monthly_showcase_from_creation_to_its_place_in_the_series(
    browser, asgi_server, organizer, supervisor
):
    series = make_series(organizer)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, asgi_server)])
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{asgi_server}/o/new/")
    page.select_option("select[name=kind]", Contest.Kind.SHOWCASE)
    page.fill("input[name=title]", "11月村级晒比会")
    page.fill("input[name=date]", "2026-11-20")
    page.click("text=保存并下一步")
    page.wait_for_url("**/step/groups/")  # no 评分项 step: it has no judges
    steps = page.inner_text("nav.steps")
    assert "评分项" not in steps and "评委" not in steps
    contest = Contest.objects.get(title="11月村级晒比会")

    page.click("nav.steps >> text=汇报人")
    section = "#collection-contestants"
    for short, (name, _scores) in PRESENTERS.items():
        page.fill(f"{section} input[name=name]", name)
        page.fill(f"{section} input[name=unit]", UNITS[short])
        page.click(f"{section} .add-form button[type=submit]")
        page.wait_for_selector(f"{section} td:has-text('{name}')")
    page.click("nav.steps >> text=指标评分")
    section = "#collection-indicators"
    for name, maximum, dimension in (("村集体增收", "10", "力度"), ("人居环境", "5", "尺度")):
        page.fill(f"{section} input[name=name]", name)
        page.fill(f"{section} input[name=max_score]", maximum)
        page.select_option(f"{section} select[name=dimension]", label=dimension)  # 三考三比
        page.click(f"{section} .add-form button[type=submit]")
        page.wait_for_selector(f"{section} td:has-text('{name}')")

    page.goto(f"{asgi_server}/o/series/{series.pk}/rounds/")
    page.select_option("select[name=add-contest]", label="11月村级晒比会")
    page.fill("input[name=add-label]", "2026年11月")
    page.click("button:has-text('加入')")
    page.wait_for_selector("text=2026年11月")

    page.goto(f"{asgi_server}/o/{contest.pk}/live/")
    assert "评委" not in page.inner_text("main")
    page.click("button:has-text('开始汇报')")
    page.click("button.next-button")  # 下一位: the first presenter on stage
    page.wait_for_selector(".on-stage-row")
    shoot(page, "showcase-console")

    page.goto(f"{asgi_server}/o/{contest.pk}/indicator-scores/")
    for name, scores in PRESENTERS.values():
        for index, value in enumerate(scores, start=1):
            page.fill(f"input[aria-label='{name} {index}']", value)
    page.click("button:has-text('保存全部')")
    page.wait_for_selector("text=已保存")

    page.goto(f"{asgi_server}/o/{contest.pk}/live/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('结束录入')")
    page.wait_for_selector("text=录入已结束")

    # The two signatures (审核人, 监督人) through results.sign_off: the sign-off page's own
    # browser test is tests/test_browser_results.py.
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    contest.refresh_from_db()
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)

    page.goto(f"{asgi_server}/o/series/{series.pk}/")
    table = page.locator("table.matrix tbody tr")
    assert table.count() >= 3
    first = table.first.inner_text()
    assert UNITS["甲"] in first and "13.50" in first  # 9.5 + 4, ranked first
    assert "评委" not in page.inner_text("main")

    # The month's board: dimension subtotals and 全科/偏科 (丙: 7.5/10 and 3.5/5, below 80 %).
    page.goto(f"{asgi_server}/o/series/{series.pk}/rounds/1/board/")
    rows = {
        row.split("\t")[1]: row for row in page.locator("table.monthly tbody tr").all_inner_texts()
    }
    assert (
        "13.50" in rows[UNITS["甲"]] and "9.50" in rows[UNITS["甲"]] and "全科" in rows[UNITS["甲"]]
    )
    assert "偏科：村集体增收 7.5/10（75%）、人居环境 3.5/5（70%）" in rows[UNITS["丙"]]
    shoot(page, "monthly-board")
    context.close()

"""#32 in Chromium under uvicorn, as a new organizer runs it: a 评五星 with one village and one
nominee through all seven steps, an objection in the 公示期 and its finding, then 表彰; the
public 公示 page on a phone."""

import pytest

from selections.models import Nominee, Selection
from tests.conftest import session_cookie
from tests.test_browser_setup import SCREENSHOTS, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_selection_through_its_seven_steps(browser, asgi_server, organizer):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, asgi_server)])
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{asgi_server}/o/")
    page.click("nav >> text=评选")
    page.fill("input[name=title]", "青岗镇“评五星”")
    page.fill("input[name=year]", "2021")
    page.fill("textarea[name=units]", "青岗村\n金华村")
    page.click("button:has-text('创建')")
    page.wait_for_selector("text=已新建评选")
    page.fill("input[name=name]", "王芳")
    page.select_option("select[name=unit]", label="金华村")
    page.select_option("select[name=category]", label="孝德之星")
    page.fill("textarea[name=story]", "照顾瘫痪婆婆二十年")
    page.click("button:has-text('添加')")
    page.wait_for_selector("text=已推荐：王芳")
    row = page.locator("tr", has_text="王芳")
    steps = [
        ("走访调查摸底", {"note": "走访 8 户"}),
        ("党员群众推荐", {"number": "36"}),
        ("党员社员代表大会研究", {"on": "2021-11-20", "votes_for": "40", "votes_against": "1",
                                 "votes_abstain": "0"}),
        ("村两委考察", {"note": "考察合格"}),
        ("镇活动领导小组办公室审核", {}),
    ]  # fmt: skip
    for step, fields in steps:
        for name, value in fields.items():
            row.locator(f"input[name={name}]").fill(value)
        row.locator(f"button:has-text('通过：{step}')").click()
        page.wait_for_selector(f"text=王芳 通过“{step}”")
    page.fill("input[name=start]", "2021-12-01")
    page.fill("input[name=contact]", "镇纪委 电话 0825-0000000")
    page.click("button:has-text('开始公示')")
    page.wait_for_selector("text=已开始公示：2021-12-01 至 2021-12-07")
    shoot(page, "selection-publicity")
    objection = page.locator("form[action$='/objections/add/']")
    objection.locator("input[name=received_on]").fill("2021-12-03")
    objection.locator("textarea[name=content]").fill("反映情况不实")
    objection.locator("input[name=submitter]").fill("李某")
    objection.locator("button[type=submit]").click()
    page.wait_for_selector("text=已登记异议。")
    page.click("button:has-text('统一表彰')")
    page.wait_for_selector("text=王芳：异议待处理")
    decide = page.locator("form[action*='/decide/']")
    decide.locator("select[name=upheld]").select_option("0")
    decide.locator("input[name=reason]").fill("经核实反映不属实")
    decide.locator("button").click()
    page.wait_for_selector("text=已处理异议。")
    page.click("button:has-text('统一表彰')")
    page.wait_for_selector("text=已统一表彰 1 人。")
    assert page.locator("a:has-text('奖状 PDF')").count() == 1
    selection = Selection.objects.get()
    assert selection.status == "commended"
    assert Nominee.objects.get().passages.count() == 7  # all seven steps, each with who and when
    shoot(page, "selection-commended")

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{asgi_server}/s/selections/{selection.public_token}/")
    assert "公示期满（2021-12-01 至 2021-12-07）" in phone.inner_text("main")
    assert "金华村：王芳" in phone.inner_text("main")
    phone.screenshot(path=str(SCREENSHOTS / "selection-public-phone.png"), full_page=True)

"""Judges' phones follow the stage (#28): 8 judges who scored the presenter on stage wait at the
submit button; the organizer moves on and every phone opens the next sheet with no tap, except
the one judge still typing, who keeps the draft and sees who is on stage above the button. No
phone ever posts to a closed sheet. After 结束评分 every judge page says so, with no link on."""

import time

import pytest

from contests import live
from tests.conftest import build_contest, open_for_scoring
from tests.test_browser_live import NO_POLL, PUSHED, wait_until_streaming
from tests.test_browser_setup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_phone(browser, url: str, refusals: list):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(PUSHED)
    page.on("response", lambda r: refusals.append(r.url) if r.status == 409 else None)
    page.goto(url)
    page.evaluate(NO_POLL)
    return page


def score_on_phone(page, value: str) -> None:
    for field in page.locator("#sheet-form input[type=number]").all():
        field.fill(value)


def test_eight_phones_follow_the_stage_and_a_draft_stays(browser, asgi_server, organizer):
    contest = open_for_scoring(build_contest(organizer, contestants=10, judges=8))
    contest.contestants.update(scoring="pending")
    first, second = contest.contestants.all()[:2]
    live.put_on_stage(contest, first)
    refusals: list[str] = []
    phones = []
    for judge in contest.judges.all():
        phones.append(open_phone(browser, f"{asgi_server}/j/{judge.token}/c/{first.pk}/", refusals))
    typing = phones[-1]
    for page in phones[:-1]:
        wait_until_streaming(page)
        score_on_phone(page, "20")
        page.click("#sheet-form button[type=submit]")
        page.wait_for_selector("#confirmation:has-text('已记录')")
        page.locator("#sheet-form button[type=submit]").scroll_into_view_if_needed()
    wait_until_streaming(typing)
    typing.locator("#sheet-form input[type=number]").first.fill("18")  # a draft, not sent

    moved = time.monotonic()
    live.put_on_stage(contest, second)  # closes the first presenter's scoring
    for page in phones[:-1]:
        page.wait_for_url(f"**/c/{second.pk}/")
        page.wait_for_selector("#sheet-form")
    print(f"\n  next presenter → 7 phones on the new sheet: {time.monotonic() - moved:.2f} s")

    # The judge mid-edit stays, keeps the draft, is told who is on stage where the thumb is,
    # and the closed sheet offers no submit: the reason stands in its place.
    note = typing.locator("#stage-note")
    note.wait_for(state="visible")
    assert f"{second.order}. {second.name}" in note.inner_text()
    assert note.locator("a").get_attribute("href").endswith(f"/c/{second.pk}/")
    assert typing.url.endswith(f"/c/{first.pk}/")
    assert typing.locator("#sheet-form input[type=number]").first.input_value() == "18"
    assert typing.locator("#sheet-form button[type=submit]").is_hidden()
    assert "已截止" in typing.inner_text("#closed-reason")
    shoot(typing, "judge-stage-moved-with-draft")
    typing.click("#stage-note a")
    typing.wait_for_url(f"**/c/{second.pk}/")
    assert refusals == []  # 0 × 409: nobody scored a closed sheet

    # 结束评分: every judge page says so, and nothing leads on to a sheet.
    live.finish(contest)
    for page in phones:
        page.wait_for_selector("#contest-ended")
        assert page.locator("#sheet-form").count() == 0
        assert page.locator("a:has-text('去评分')").count() == 0
    phones[0].goto(phones[0].url.split("/c/")[0] + "/")
    assert "评分已结束" in phones[0].inner_text("main")
    assert phones[0].locator(".on-stage").count() == 0
    shoot(phones[0], "judge-home-ended")
    for page in phones:
        page.context.close()

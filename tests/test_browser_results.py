"""Officials sign in Chromium, and the page then offers the signed report alone: the second
signature builds it, and the draft made before is no longer offered."""

import pytest

from scoring import report
from tests.conftest import grant_role, session_cookie
from tests.test_browser_setup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(browser, base_url: str, user):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def sign(page, url: str, official: str) -> None:
    page.goto(url)
    page.fill("input[name=official]", official)
    page.check("input[name=checked]")
    page.click("form[action$='/results/sign/'] button[type=submit]")
    page.wait_for_selector(f"text={official}")


def test_after_both_signatures_the_page_offers_the_signed_report_alone(
    browser, live_server, finished_contest, organizer, supervisor
):
    grant_role(finished_contest.organisation, supervisor, "reviewer", "supervisor")
    draft = report.request_report(finished_contest)  # eager: built at once, unsigned
    url = f"{live_server.url}/o/{finished_contest.pk}/results/"
    owner = logged_in(browser, live_server.url, organizer)
    owner.goto(url)
    assert owner.locator("#report-status a").inner_text() == "下载草稿 PDF（未签字，仅供核对）"
    sign(owner, url, "张审核")
    sign(logged_in(browser, live_server.url, supervisor), url, "李监督")

    owner.goto(url)
    link = owner.locator("#report-status a")
    assert link.inner_text() == "下载签字版 PDF 报告"
    assert f"/report/{draft.pk}.pdf" not in owner.content()
    with owner.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("签字版.pdf")
    shoot(owner, "results-signed")


def test_award_badges_are_readable(browser, live_server, finished_contest, organizer):
    """红旗/蜗牛奖 badges keep their own colours (a later `.award { color: #fff }` once made
    them white on pale pink)."""
    finished_contest.red_flag_count = finished_contest.snail_count = 1
    finished_contest.save()
    page = logged_in(browser, live_server.url, organizer)
    page.goto(f"{live_server.url}/o/{finished_contest.pk}/results/")
    for badge in ("red_flag", "snail"):
        colours = page.locator(f".award-{badge}").first.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
        )
        assert colours[0] != "rgb(255, 255, 255)" and colours[0] != colours[1], colours

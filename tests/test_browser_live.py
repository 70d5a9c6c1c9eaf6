"""Every live page is live, by push, in Debian's Chromium under uvicorn: the projector and the
audience's phones, a judge's home page and sheet, the organizer's console. The pages' fallback
poll is switched off here, so only the pushed events can change them."""

import time
import uuid
from decimal import Decimal

import pytest

from contests import live
from scoring.sheets import submit_sheet
from tests.conftest import session_cookie, values_for
from tests.test_browser_setup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_POLL = "window.arenaStreamLive = () => true"  # the page then never polls its frame
PUSHED = 15_000  # ms: a pushed change arrives well within this even on a saturated machine


def open_page(browser, url: str, width: int, height: int, cookies=()):
    context = browser.new_context(viewport={"width": width, "height": height})
    if cookies:
        context.add_cookies(list(cookies))
    page = context.new_page()
    frame_requests = []
    page.on("request", lambda r: frame_requests.append(r.url) if "/frame/" in r.url else None)
    page.goto(url)
    page.evaluate(NO_POLL)
    page.frame_requests = frame_requests
    return page


def wait_until_streaming(page) -> None:
    # A selector, not wait_for_function: Playwright evaluates a string predicate with eval,
    # which the pages' Content-Security-Policy refuses.
    page.wait_for_selector("html[data-stream=open]", state="attached")
    # The stream's first events, the clock (first on the stream) and the current state:
    # static/js/live.js marks the state's arrival.
    page.wait_for_selector("html[data-fed=yes]", state="attached")


def score(contest, judge, contestant, value) -> None:
    submit_sheet(judge, contestant, values_for(contest, value), submission_id=uuid.uuid4().hex)


def test_a_sheet_is_pushed_to_the_projector_and_two_phones(browser, asgi_server, live_contest):
    first = live_contest.contestants.first()
    live.put_on_stage(live_contest, first)
    live.set_screen(live_contest, "board")
    live.set_show_totals(live_contest, True)
    token = live_contest.screen_token
    projector = open_page(browser, f"{asgi_server}/s/{token}/", 1920, 1080)
    phones = [open_page(browser, f"{asgi_server}/s/{token}/m/", 390, 844) for _ in range(2)]
    screens = [projector, *phones]
    for page in screens:
        wait_until_streaming(page)
        assert "评分开始后" in page.inner_text("#frame")

    submitted = time.monotonic()
    score(live_contest, live_contest.judges.first(), first, 22)
    # Generous timeouts: the poll is off (NO_POLL), so only a push can change the frame; how
    # fast it arrives is bench/live_latency.py's to measure, not a test's to assert.
    for page in screens:
        page.wait_for_selector(".board-table td.total:has-text('88.00')", timeout=PUSHED)
    print(f"\n  sheet → three screens by push: {(time.monotonic() - submitted) * 1000:.0f} ms")
    assert all(page.frame_requests == [] for page in screens)  # pushed, never fetched
    assert "frame-phone" in phones[0].inner_html("#frame")
    assert "frame-projector" in projector.inner_html("#frame")

    live.set_screen(live_contest, "stage")  # the console's actions push too
    projector.wait_for_selector(".stage h1", timeout=PUSHED)
    assert projector.inner_text(".stage h1") == first.name
    shoot(phones[0], "audience-pushed")


def test_a_judges_pages_follow_the_stage(browser, asgi_server, live_contest):
    judge = live_contest.judges.first()
    first, second, third = live_contest.contestants.all()[:3]
    live.put_on_stage(live_contest, first)
    phone = open_page(browser, f"{asgi_server}/j/{judge.token}/", 390, 844)
    wait_until_streaming(phone)

    # The organizer puts the next presenter on stage: the home page opens their sheet itself.
    live.put_on_stage(live_contest, second)
    phone.wait_for_url(f"**/j/{judge.token}/c/{second.pk}/", timeout=PUSHED)
    phone.evaluate(NO_POLL)
    wait_until_streaming(phone)
    assert phone.locator("#sheet-form").count() == 1
    assert phone.locator("#live-banner").is_hidden()

    # Nothing typed on that sheet when the next one goes on stage: the phone follows again.
    live.put_on_stage(live_contest, third)
    phone.wait_for_url(f"**/j/{judge.token}/c/{third.pk}/", timeout=PUSHED)
    phone.evaluate(NO_POLL)
    wait_until_streaming(phone)

    # A sheet of someone not on stage (opened by hand): a banner says who is, with a link.
    phone.goto(f"{asgi_server}/j/{judge.token}/c/{first.pk}/")
    banner = phone.locator("#live-banner")
    banner.wait_for(state="visible", timeout=PUSHED)
    assert f"{third.order}. {third.name}" in banner.inner_text()
    assert banner.locator("a").get_attribute("href").endswith(f"/c/{third.pk}/")
    shoot(phone, "judge-banner")


def test_the_console_counts_sheets_without_a_reload(browser, asgi_server, live_contest, organizer):
    judge, first = live_contest.judges.first(), live_contest.contestants.first()
    live.put_on_stage(live_contest, first)
    cookie = session_cookie(organizer, asgi_server)
    console = open_page(
        browser, f"{asgi_server}/o/{live_contest.pk}/live/", 1366, 768, cookies=[cookie]
    )
    console.evaluate("window.notReloaded = true")
    wait_until_streaming(console)
    assert console.inner_text(f"#progress-{first.pk}") == "0/6"
    assert "尚未提交（6）" in console.inner_text("#console-missing")

    assert "已签到 0/6" in console.inner_text("#console-grid")
    phone = open_page(browser, f"{asgi_server}/j/{judge.token}/", 390, 844)  # 签到
    console.wait_for_selector("#console-grid:has-text('已签到 1/6')", timeout=PUSHED)
    phone.context.close()

    score(live_contest, judge, first, 20)
    console.wait_for_selector(f"#progress-{first.pk}:has-text('1/6')", timeout=PUSHED)
    assert "尚未提交（5）" in console.inner_text("#console-missing")
    assert judge.name not in console.inner_text("#console-missing")
    assert console.locator("#console-grid td.cell.done").count() == 1
    assert console.locator("#console-grid td.cell.missing").count() == 4 * 6 - 1  # all open
    from scoring.models import JudgeFeedback

    JudgeFeedback.objects.create(contest=live_contest, judge=judge, message="显示的汇报人不对")
    from arena.events import get_bus

    get_bus().publish(live_contest.pk)  # as the judge's feedback view does after its commit
    console.wait_for_selector("#console-feedback:has-text('1 条未处理')", timeout=PUSHED)
    assert console.evaluate("window.notReloaded") is True
    shoot(console, "console-live")


def test_the_console_asks_before_cutting_scoring_short(
    browser, asgi_server, live_contest, organizer
):
    judge = live_contest.judges.first()
    first, second = live_contest.contestants.all()[:2]
    live_contest.contestants.update(scoring="closed")  # as after the console's start
    cookie = session_cookie(organizer, asgi_server)
    console = open_page(
        browser, f"{asgi_server}/o/{live_contest.pk}/live/", 1366, 768, cookies=[cookie]
    )
    console.click(f".next-button:has-text('{first.name}')")
    console.wait_for_selector(f".next-button:has-text('{second.name}')")
    score(live_contest, judge, first, 20)
    console.click(".next-button")
    card = console.locator(".confirm-card")
    card.wait_for(state="visible")
    assert f"{first.name} 还有 5 位评委未提交" in card.inner_text()
    shoot(console, "console-confirm")
    console.click(f".confirm-card button:has-text('仍然让 {second.name} 上台')")
    console.wait_for_selector(f".on-stage-row:has-text('{second.name}')")
    live_contest.refresh_from_db()
    assert live_contest.live.current_contestant == second and live_contest.live.screen == "stage"


def test_the_console_steps_the_scores_on_the_projector(
    browser, asgi_server, live_contest, organizer
):
    first = live_contest.contestants.first()
    live.put_on_stage(live_contest, first)
    for n, judge in enumerate(live_contest.judges.all()):
        score(live_contest, judge, first, 18 + n)
    live.set_scoring(live_contest, first, "closed")
    cookie = session_cookie(organizer, asgi_server)
    projector = open_page(browser, f"{asgi_server}/s/{live_contest.screen_token}/", 1920, 1080)
    wait_until_streaming(projector)
    console = open_page(
        browser, f"{asgi_server}/o/{live_contest.pk}/live/", 1366, 768, cookies=[cookie]
    )
    console.click(".scores-buttons button:has-text('亮分：选手1')")
    projector.wait_for_selector(".score-cards li >> nth=5", timeout=PUSHED)
    assert projector.locator(".score-cards li.dropped").count() == 0
    console.click(".scores-buttons button:has-text('下一步')")
    projector.wait_for_selector(".score-cards li.dropped", timeout=PUSHED)
    console.click(".scores-buttons button:has-text('下一步')")
    projector.wait_for_selector(".final-score", timeout=PUSHED)
    assert "最后得分" in projector.inner_text(".final-score")
    # #28: each judge group's score and share are on the screen, and add up to the judges'
    # score by hand (group scores are published to two places: within a hundredth).
    lines = projector.locator(".group-lines li").all_inner_texts()
    assert [line.split()[0] for line in lines] == ["市领导", "部门负责人"]
    assert [line.split()[-1] for line in lines] == ["40%", "60%"]
    by_hand = sum(Decimal(line.split()[1]) * Decimal(line.split()[-1][:-1]) / 100 for line in lines)
    shown = Decimal(projector.inner_text(".final-score span").split()[1])
    assert abs(by_hand - shown) <= Decimal("0.01")
    assert projector.frame_requests == []  # pushed, never fetched
    shoot(projector, "projector-scores")

    # The console's live controls stay on screen while the organizer scrolls down.
    console.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = console.locator("#live-controls").bounding_box()
    assert console.evaluate("window.scrollY") > 0 and 0 <= box["y"] < 768, box

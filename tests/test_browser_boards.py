"""晒比榜 in Chromium (issue 20, case 9): the definitions and a month imported through the board
page, the page and the 晒比榜 projector screen (1920×1080) screenshotted, a value entered
behind a unit's link and then reviewed by the organizer."""

import datetime as dt

import pytest

from boards.models import MetricValue
from contests import live
from tests.conftest import session_cookie
from tests.test_boards_pages import DEFINITIONS, VALUES
from tests.test_browser_setup import SCREENSHOTS, shoot
from tests.test_series_rounds import R1, make_series, play

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_look_enter_and_review(browser, asgi_server, organizer, supervisor, tmp_path):
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, asgi_server)])
    page = context.new_page()
    page.set_default_timeout(20_000)
    board_url = f"{asgi_server}/o/series/{series.pk}/boards/?month=2026-02"
    page.goto(board_url)
    for action, text in (("definitions", DEFINITIONS), ("values", VALUES)):
        upload = tmp_path / f"{action}.csv"
        upload.write_text(text, encoding="utf-8")
        form = page.locator(f"form[action*='/boards/import-{action}/']")
        form.locator("input[type=file]").set_input_files(str(upload))
        form.locator("button[type=submit]").click()
        page.wait_for_selector("text=已导入 3 行")
    summary = page.locator(".board-summary").inner_text()
    assert "共 3 项" in summary
    assert page.locator("tr", has_text="GDP增速").locator("td").nth(6).inner_text() == "-0.20"
    shoot(page, "boards-page")

    live.set_screen(contest, "boards")
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{asgi_server}/s/{contest.screen_token}/")
    board = projector.locator(".boards-board")
    board.wait_for()
    assert "晒比榜 · 2026年2月" in board.inner_text() and "完成投资" in board.inner_text()
    projector.screenshot(path=str(SCREENSHOTS / "boards-projector.png"))

    unit = series.entrants.get(short_name="丙")
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{asgi_server}/u/{unit.token}/metrics/?month=2026-03")
    card = phone.locator("section.card", has_text="完成投资")
    card.locator("input[name=actual]").fill("210")
    card.locator("input[name=cumulative_actual]").fill("600")
    card.locator("button[type=submit]").click()
    phone.wait_for_selector("text=已提交，等待组织者审核")
    phone.screenshot(path=str(SCREENSHOTS / "boards-unit-phone.png"), full_page=True)
    value = MetricValue.objects.get(period=dt.date(2026, 3, 1))
    assert value.entered_by_entrant == unit and not value.reviewed

    page.goto(f"{asgi_server}/o/series/{series.pk}/boards/?month=2026-03")
    row = page.locator("tr", has_text="完成投资")
    assert "单位填报，待审核" in row.inner_text() and "92.31%" in row.inner_text()
    row.locator("form[action*='/boards/value-review/'] button").click()
    page.wait_for_load_state()
    value.refresh_from_db()
    assert value.reviewed
    context.close()
    projector.close()
    phone.close()

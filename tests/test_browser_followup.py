"""A 交办 recorded from the live console in Chromium (1366×768), then shown on the projector's
汇报表 screen (1920×1080), under uvicorn (issue 19, case 8)."""

import datetime as dt

import pytest

from contests import live
from contests.models import Contest, Contestant, Criterion, Judge
from followup.models import Matter
from series.models import Entrant
from series.rounds import add_round
from tests.conftest import open_for_scoring, session_cookie
from tests.test_browser_setup import SCREENSHOTS, shoot
from tests.test_series_rounds import UNITS, make_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_records_an_assignment_and_the_projector_shows_it(browser, asgi_server, organizer):
    series = make_series(organizer, year=dt.date.today().year)
    Entrant.objects.create(series=series, name="太平乡", short_name="太平乡", order=10)
    Entrant.objects.create(series=series, name="区卫健局", short_name="区卫健局", order=11)
    contest = Contest.objects.create(owner=organizer, title="月度晒比会", date=dt.date.today())
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=contest, name="评委甲", order=1)
    for order, unit in enumerate(UNITS.values(), start=1):
        Contestant.objects.create(contest=contest, name=f"汇报人{order}", unit=unit, order=order)
    add_round(series, contest, label="本月")
    open_for_scoring(contest)
    first = contest.contestants.get(order=1)
    live.put_on_stage(contest, first)

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.add_cookies([session_cookie(organizer, asgi_server)])
    console = context.new_page()
    console.set_default_timeout(20_000)
    console.goto(f"{asgi_server}/o/{contest.pk}/live/")
    panel = console.locator(".remarks-panel")
    panel.wait_for()
    assert "汇报人1" in panel.locator("select[name=contestant]").inner_text()
    panel.locator("input[name=kind][value=assign]").check()
    panel.locator("textarea[name=text]").fill("协调用地")
    panel.locator("select[name=lead]").select_option(label="太平乡")
    panel.locator("input[name=units]").nth(5).check()  # 区卫健局, after the four on stage
    panel.locator("[data-add-days='7']").click()
    deadline = dt.date.today() + dt.timedelta(days=7)
    assert panel.locator("input[name=deadline]").input_value() == deadline.isoformat()
    panel.locator(".remark-form button[type=submit]").click()
    console.locator("ol.remarks li", has_text="协调用地").wait_for()
    matter = Matter.objects.get(title="协调用地")
    assert [u.name for u in matter.measures.get().units()] == ["太平乡", "区卫健局"]
    panel = console.locator(".remarks-panel")
    panel.scroll_into_view_if_needed()
    console.screenshot(path=str(SCREENSHOTS / "console-remarks-1366.png"), full_page=True)

    live.set_screen(contest, "matters")
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{asgi_server}/s/{contest.screen_token}/")
    board = projector.locator(".matters-board")
    board.wait_for()
    text = board.inner_text()
    assert "市发展和改革委员会 · 汇报表" in text
    assert f"协调用地；太平乡、区卫健局；{deadline.isoformat()}" in text
    projector.screenshot(path=str(SCREENSHOTS / "matters-board-projector.png"))
    shoot(console, "console-remarks")
    context.close()
    projector.close()

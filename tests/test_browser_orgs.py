"""Issue 21, case 7 in Chromium under uvicorn: a 管理员 invites a 记录员, who joins on a second
browser and records a remark during a live contest; screenshots of the members and roll-up
pages at phone, console and projector sizes."""

import datetime as dt

import pytest

from contests import live
from contests.models import Contest, Contestant, Criterion, Judge
from followup.models import Remark
from orgs.access import grant
from orgs.models import Membership, Organisation
from series.models import Series
from series.rounds import add_round
from tests.conftest import open_for_scoring, session_cookie
from tests.test_browser_setup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_clerk_records_a_remark_live(browser, asgi_server, organizer):
    city = Organisation.objects.create(name="潍坊市委督查室", level="city")
    county = Organisation.objects.create(name="寒亭区委督查室", level="county", parent=city)
    Organisation.objects.create(name="寒亭区开元街道", level="township", parent=county)
    grant(county, organizer, {"admin", "organizer"}, by=None)
    grant(city, organizer, {"viewer"}, by=None)
    series = Series.objects.create(
        owner=organizer,
        organisation=county,
        title="2026 年度局长擂台赛赛马",
        year=dt.date.today().year,
    )
    contest = Contest.objects.create(
        owner=organizer, organisation=county, title="寒亭区局长擂台赛", date=dt.date.today()
    )
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=contest, name="评委甲", order=1)
    for order, unit in enumerate(["区发改局", "区工信局", "区商务局"], start=1):
        Contestant.objects.create(contest=contest, name=f"汇报人{order}", unit=unit, order=order)
    add_round(series, contest, label="第一期")
    open_for_scoring(contest)
    live.put_on_stage(contest, contest.contestants.get(order=2))

    admin = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    admin.grant_permissions(["clipboard-read", "clipboard-write"])
    admin.add_cookies([session_cookie(organizer, asgi_server)])
    page = admin.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{asgi_server}/o/orgs/{county.pk}/members/")
    page.fill("input[name=invite-note]", "记录员小王")
    page.check("input[name=invite-roles][value=clerk]")
    page.click("text=生成邀请链接")
    link = page.locator("#invite-link").inner_text()
    assert "/join/" in link
    # #28: one tap copies the link (it was tiny monospace text to select by hand).
    page.click("button:has-text('复制链接')")
    page.wait_for_selector("button.copy-button:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == link
    shoot(page, "org-members")

    clerk = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    phone = clerk.new_page()
    phone.set_default_timeout(20_000)
    phone.goto(link.replace(link[: link.index("/join/")], asgi_server))
    assert "记录员" in phone.locator("main").inner_text()
    phone.fill("input[name=username]", "xiaowang")
    phone.fill("input[name=first_name]", "王晓")
    phone.fill("input[name=password1]", "a-long-pass-77")
    phone.fill("input[name=password2]", "a-long-pass-77")
    phone.click("text=创建账号并加入")
    phone.wait_for_url("**/o/")
    member = Membership.objects.get(user__username="xiaowang")
    assert (member.organisation, member.role) == (county, "clerk")

    phone.click("ul.record-list >> text=寒亭区局长擂台赛")  # the clerk's list: where to record
    phone.wait_for_url(f"**/o/{contest.pk}/remarks/")
    panel = phone.locator(".remarks-panel")
    panel.wait_for()
    assert "汇报人2" in panel.locator("select[name=contestant]").inner_text()
    panel.locator("textarea[name=text]").fill("招商引资的数据要再核实")
    panel.locator(".remark-form button[type=submit]").click()
    phone.locator("ol.remarks li", has_text="招商引资的数据要再核实").wait_for()
    remark = Remark.objects.get(text="招商引资的数据要再核实")
    assert remark.recorded_by.username == "xiaowang"
    assert remark.contestant.name == "汇报人2"
    shoot(phone, "org-clerk-remarks")
    # Everything else stays shut to the clerk.
    assert phone.goto(f"{asgi_server}/o/{contest.pk}/live/").status == 404
    assert phone.goto(f"{asgi_server}/o/orgs/{county.pk}/").status == 404

    page.goto(f"{asgi_server}/o/orgs/{city.pk}/")
    assert "寒亭区局长擂台赛" in page.locator("main").inner_text()
    assert "2026 年度局长擂台赛赛马" in page.locator("main").inner_text()
    shoot(page, "org-rollup")
    admin.close()
    clerk.close()

"""A judge scores on a phone (390×844) in Debian's Chromium: draft, retries, revision, closing."""

import pytest

from scoring.models import ScoreSheet, SheetSubmission, TrialSheet
from tests.test_browser_setup import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sheet_page(phone, live_server, live_contest):
    judge = live_contest.judges.first()
    contestant = live_contest.contestants.first()
    url = f"{live_server.url}/j/{judge.token}/c/{contestant.pk}/"
    return phone, url, judge, contestant


def fill_scores(page, *values):
    inputs = page.locator("#sheet-form input[type=number]")
    for index, value in enumerate(values):
        inputs.nth(index).fill(str(value))


def test_score_reload_revise_and_close(sheet_page, live_contest):
    page, url, judge, contestant = sheet_page
    page.goto(url)
    # Thumb controls: from empty, ＋ starts at a typical mark (the middle chip of 18…25), then
    # moves by the step (0.5); a chip sets its score in one tap; the number field takes the rest.
    first = page.locator("#sheet-form input[type=number]").first
    assert page.locator(".criterion.empty").count() == 4  # nothing looks scored before it is
    plus = page.locator(".step-up").first
    plus.click()
    assert first.input_value() == "22.0"
    plus.click()
    assert first.input_value() == "22.5"
    page.locator(".chip[data-value='19']").first.click()
    assert first.input_value() == "19"
    assert page.locator(".chip[aria-pressed=true]").first.inner_text() == "19"
    assert page.locator(".criterion.empty").count() == 3
    fill_scores(page, 22, "23.5")
    assert "未发送" in page.locator("#save-state").inner_text()

    page.reload()  # half-way: the draft is still there
    assert page.locator("#sheet-form input[type=number]").nth(1).input_value() == "23.5"
    assert "已恢复本机草稿" in page.locator("#save-state").inner_text()
    fill_scores(page, 22, "23.5", 24, 25)
    assert page.locator("#running-total").inner_text() == "94.5"
    page.click("summary:has-text('评语（可选）')")  # folded away: four criteria fit unscrolled
    page.locator("textarea[name=comment]").fill("目标清晰 <b>措施</b> 有力")
    shoot(page, "judge-sheet")
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#confirmation:has-text('已记录（第 1 版）')")
    assert "已保存" in page.locator("#save-state").inner_text()
    assert "已记录（第 1 版）" in page.locator("#toast").inner_text()  # where the thumb is
    assert "<b>措施</b>" in page.locator("#confirmation").inner_text()  # shown as text
    sheet = ScoreSheet.objects.get(judge=judge, contestant=contestant)
    assert sorted(str(s.value) for s in sheet.scores.all()) == ["22.00", "23.50", "24.00", "25.00"]
    shoot(page, "judge-confirmation")

    fill_scores(page, 20)  # revise
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#confirmation:has-text('已记录（第 2 版）')")
    sheet.refresh_from_db()
    assert sheet.version == 2

    contestant.scoring = "closed"
    contestant.save()
    page.reload()
    assert page.locator("#sheet-form").count() == 0
    assert "评分已截止" in page.content()


def test_a_practised_judge_scores_four_criteria_in_five_taps_without_scrolling(
    sheet_page, live_contest
):
    """One chip per criterion and the submit button: 5 taps (the target is ≤ 8), every
    control on the first screen at 390×844. bench/judge_input.py times the same path."""
    page, url, judge, contestant = sheet_page
    page.goto(url)
    targets = [
        *(page.locator(".criterion").nth(i).locator(".chip").nth(5) for i in range(4)),
        page.locator("#sheet-form button[type=submit]"),
    ]
    for target in targets:
        box = target.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
        assert box["height"] >= 40 and box["width"] >= 38  # thumb-sized
    for target in targets:
        target.tap()
    page.wait_for_selector("#confirmation:has-text('已记录（第 1 版）')")
    sheet = ScoreSheet.objects.get(judge=judge, contestant=contestant)
    assert sorted(str(s.value) for s in sheet.scores.all()) == ["23.00"] * 4


def test_a_refusal_says_why_where_the_thumb_is(sheet_page, live_contest):
    page, url, _, contestant = sheet_page
    page.goto(url)
    fill_scores(page, 20, 20, 20, 20)
    contestant.scoring = "closed"  # the organizer closes scoring while the judge types
    contestant.save()
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#toast.refused")
    reason = page.locator("#toast").inner_text()
    assert "截止" in reason
    assert page.locator("#save-state").inner_text() == f"未发送：{reason}"
    shoot(page, "judge-refused")


def test_double_tap_records_once(sheet_page, live_contest):
    page, url, judge, _ = sheet_page
    page.goto(url)
    fill_scores(page, 20, 20, 20, 20)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.locator("#sheet-form button[type=submit]").dblclick()
    # A second send would leave at the second tap, before the first answer is shown.
    page.wait_for_selector("#confirmation")
    assert len(posts) == 1
    assert SheetSubmission.objects.filter(judge=judge).count() == 1
    assert ScoreSheet.objects.get(judge=judge).version == 1


def test_dropped_connection_is_retried_until_saved(sheet_page, live_contest):
    page, url, judge, _ = sheet_page
    page.goto(url)
    fill_scores(page, 21, 21, 21, 21)
    dropped = []

    def drop_first_two(route):
        if route.request.method == "POST" and len(dropped) < 2:
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/c/*/", drop_first_two)
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#save-state.unsent")
    assert "自动重试" in page.locator("#save-state").inner_text()
    page.wait_for_selector("#confirmation:has-text('已记录（第 1 版）')", timeout=15_000)
    assert len(dropped) == 2
    assert SheetSubmission.objects.filter(judge=judge).count() == 1


def test_response_lost_after_the_server_recorded_it(sheet_page, live_contest):
    """The POST arrives and is stored, but the answer never reaches the phone: the retry with
    the same submission id returns the first record instead of adding a version."""
    page, url, judge, _ = sheet_page
    page.goto(url)
    fill_scores(page, 19, 19, 19, 19)
    lost = []

    def lose_first_answer(route):
        if route.request.method == "POST" and not lost:
            route.fetch()  # the server records it …
            lost.append(True)
            route.abort("connectionreset")  # … and the phone never hears back
        else:
            route.continue_()

    page.route("**/c/*/", lose_first_answer)
    page.click("#sheet-form button[type=submit]")
    page.wait_for_selector("#confirmation:has-text('已记录（第 1 版）')", timeout=15_000)
    assert SheetSubmission.objects.filter(judge=judge).count() == 1
    assert ScoreSheet.objects.get(judge=judge).version == 1


def test_works_without_javascript(browser, live_server, live_contest):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    judge = live_contest.judges.first()
    contestant = live_contest.contestants.first()
    page.goto(f"{live_server.url}/j/{judge.token}/")
    page.click(f"text={contestant.name}")
    fill_scores(page, 10, 10, 10, "10.5")
    page.click("#sheet-form button[type=submit]")
    assert "已记录（第 1 版）" in page.content()
    context.close()
    assert ScoreSheet.objects.get(judge=judge).version == 1


def test_home_fits_a_360px_phone(phone, live_server, live_contest):
    judge = live_contest.judges.first()
    live_contest.live.current_contestant = live_contest.contestants.first()
    live_contest.live.save()
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(f"{live_server.url}/j/{judge.token}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(f"{live_server.url}/j/{judge.token}/c/{live_contest.contestants.first().pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(phone, "judge-home")


def test_a_judge_tries_the_sheet_before_the_start(phone, live_server, contest):
    judge = contest.judges.first()
    phone.goto(f"{live_server.url}/j/{judge.token}/")
    phone.click(".trial-link")
    phone.wait_for_selector("#trial-note")
    for index in range(4):
        phone.locator(".criterion").nth(index).locator(".chip").nth(4).tap()
    phone.click("#sheet-form button[type=submit]")
    phone.wait_for_selector("#confirmation:has-text('已记录（第 1 版）')")
    shoot(phone, "judge-trial")
    assert not ScoreSheet.objects.exists()
    assert TrialSheet.objects.get(judge=judge).values == {
        str(pk): "22.00" for pk in contest.criteria.values_list("pk", flat=True)
    }


def test_a_score_over_its_maximum_is_flagged_as_it_is_typed(sheet_page, live_contest):
    """#28: a typed 35 in a 满分 25 field says so under the field and in the total at once,
    not only in the browser's bubble on submit; nothing is sent."""
    page, url, judge, _ = sheet_page
    page.goto(url)
    fill_scores(page, 35, 20, 20, 20)
    problem = page.locator(".criterion").first.locator(".field-problem")
    assert problem.is_visible() and problem.inner_text() == "超过满分 25"
    assert "有分数超出范围" in page.inner_text("#running-total")
    fill_scores(page, "20.3")
    assert "步长" in problem.inner_text()
    page.click("#sheet-form button[type=submit]")
    assert not ScoreSheet.objects.filter(judge=judge).exists()
    fill_scores(page, 25)
    assert problem.is_hidden() and page.inner_text("#running-total") == "85"

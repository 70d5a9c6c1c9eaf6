"""The Content-Security-Policy holds on every page, in Debian's Chromium: no page needs an inline
script, an inline handler or eval, and what moved out of attributes (confirmations, printing,
the fallback poll) still works."""

import pytest

from arena.headers import CONTENT_SECURITY_POLICY
from contests import live
from contests.models import Contest
from tests.conftest import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Record every violation the browser reports, from the first script on.
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || e.sourceFile)));
"""


def browser_context(browser, base_url: str, user=None):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(WATCH)
    if user is not None:
        context.add_cookies([session_cookie(user, base_url)])
    return context


# A violation of our own, last: the browser reports violations in order, so once this one is
# recorded every earlier one is too (a fixed wait could end before a slow report arrives).
SENTINEL = """() => new Promise((resolve) => {
  const mark = "https://sentinel.invalid/" + Math.random() + ".png";
  document.addEventListener("securitypolicyviolation", function seen(e) {
    if (e.blockedURI !== mark) return;
    document.removeEventListener("securitypolicyviolation", seen);
    resolve(window.cspViolations.filter((v) => !v.includes("sentinel.invalid")));
  });
  const probe = new Image();
  probe.src = mark;
})"""


def violations(page) -> list[str]:
    return page.evaluate(SENTINEL)


def test_every_page_passes_the_policy(browser, asgi_server, live_contest, organizer):
    judge, first = live_contest.judges.first(), live_contest.contestants.first()
    live.put_on_stage(live_contest, first)
    live.set_scoring(live_contest, first, "open")
    pk, token = live_contest.pk, live_contest.screen_token
    context = browser_context(browser, asgi_server, organizer)
    page = context.new_page()
    consoles = []
    page.on(
        "console",
        lambda m: (
            consoles.append(m.text)
            if "Content Security" in m.text and "sentinel.invalid" not in m.text
            else None
        ),
    )
    pages = [
        "/o/",
        f"/o/{pk}/",
        f"/o/{pk}/step/contestants/",
        f"/o/{pk}/step/judges/",
        f"/o/{pk}/step/criteria/",
        f"/o/{pk}/indicator-scores/",
        f"/o/{pk}/judges/cards/",
        f"/o/{pk}/live/",
        f"/o/{pk}/audit/",
        f"/o/{pk}/results/",
        f"/s/{token}/",
        f"/s/{token}/m/",
        f"/j/{judge.token}/",
        f"/j/{judge.token}/c/{first.pk}/",
    ]
    for path in pages:
        response = page.goto(asgi_server + path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert violations(page) == [], path
    # The judge's sheet still sends (its script is a static file).
    for field in page.query_selector_all("input[name^=score_]"):
        field.fill("20")
    page.click("button[type=submit]")
    page.wait_for_selector("text=已记录", timeout=5000)
    assert violations(page) == [] and consoles == []


def test_confirmations_and_printing_work_without_inline_handlers(
    browser, asgi_server, live_contest, organizer
):
    context = browser_context(browser, asgi_server, organizer)
    page = context.new_page()
    asked = []
    answers = iter([False, True])

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(f"{asgi_server}/o/{live_contest.pk}/live/")
    page.click("form[action$='/live/finish/'] button")  # dismissed: nothing is sent
    page.click(
        "form[action$='/live/finish/'] button"
    )  # accepted: the server asks again, no sheet being in
    page.wait_for_selector(".confirm-card button:has-text('仍然结束评分')")
    assert len(posts) == 1  # the accepted click's alone: the dismissed one sent nothing
    page.click(".confirm-card button:has-text('仍然结束评分')")
    page.wait_for_selector("text=评分已结束")
    assert asked == ["结束后所有打擂人评分截止，确定吗？"] * 2
    assert Contest.objects.get(pk=live_contest.pk).status == Contest.Status.CLOSED

    page.goto(f"{asgi_server}/o/{live_contest.pk}/judges/cards/")
    # A function, not a bare expression: Playwright would call an expression's function value.
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.click("button[data-print]")
    assert page.evaluate("window.printed") == 1
    assert violations(page) == []


def test_a_screen_polls_its_frame_while_its_stream_is_silent(
    browser, asgi_server, finished_contest
):
    """The fallback poll fires from static/js/live.js, not from an htmx filter (eval)."""
    context = browser_context(browser, asgi_server)
    page = context.new_page()
    frames = []
    page.on("request", lambda r: frames.append(r.url) if "/frame/" in r.url else None)
    page.clock.install()
    page.goto(f"{asgi_server}/s/{finished_contest.screen_token}/m/")
    page.evaluate("window.arenaStreamLive = () => false")  # as after 40 s without a message
    with page.expect_request(lambda r: "/frame/" in r.url, timeout=10_000):
        page.clock.run_for(20_500)
    assert len(frames) == 1 and "layout=phone" in frames[0]
    page.evaluate("window.arenaStreamLive = () => true")
    page.clock.run_for(20_500)  # a live stream: no poll …
    page.evaluate("window.arenaStreamLive = () => false")
    with page.expect_request(lambda r: "/frame/" in r.url, timeout=10_000):
        page.clock.run_for(20_500)
    assert len(frames) == 2  # … as the next silent stretch's poll, the second, shows
    assert violations(page) == []

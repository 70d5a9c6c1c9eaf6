"""Every projector screen fits the hall's projector and reads from the back: 10, 20 and 30
presenters at 1920×1080, 1280×720 and 1024×768, nothing cut, nothing under the QR code, no
name or unit broken inside a word, every text at least 4.5:1 against what is behind it."""

import pytest

from contests import live
from contests.models import Contest, LiveState
from tests.conftest import build_contest, finish_with_sheets
from tests.test_browser_setup import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ((1920, 1080), (1280, 720), (1024, 768))

# Returns what is wrong with the frame as the browser laid it out (an empty list: nothing).
CHECK = """() => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const qr = document.querySelector(".projector-qr").getBoundingClientRect();
  const rgba = (text) => {
    const parts = text.match(/rgba?\\(([^)]+)\\)/)[1].split(",").map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) =>
    top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3]));
  const luminance = (rgb) => rgb.map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
  };
  const opacity = (element) => {
    let value = 1;
    for (let e = element; e; e = e.parentElement) value *= Number(getComputedStyle(e).opacity);
    return value;
  };
  for (const element of document.querySelectorAll("#frame *")) {
    const text = Array.from(element.childNodes)
      .filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
    const box = element.getBoundingClientRect();
    if (!text || !box.width) continue;
    const what = `${element.tagName.toLowerCase()}.${element.className} "${text.slice(0, 12)}"`;
    if (box.top < -1 || box.left < -1 || box.bottom > vh + 1 || box.right > vw + 1) {
      problems.push(`cut: ${what}`);
    }
    if (box.right > qr.left && box.bottom > qr.top && box.left < qr.right && box.top < qr.bottom) {
      problems.push(`under the QR code: ${what}`);
    }
    if (element.matches("td.name, td.unit, th, h1")) {
      const range = document.createRange();
      range.selectNodeContents(element);
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      if (lines.size > 1 && !element.matches("h1")) problems.push(`broken over lines: ${what}`);
    }
    const background = backdrop(element);
    const colour = rgba(getComputedStyle(element).color);
    const shown = over([colour[0], colour[1], colour[2], colour[3] * opacity(element)], background);
    const [light, dark] = [luminance(shown), luminance(background)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}: ${what}`);
  }
  return problems;
}"""

NAMES = ["欧阳明辉", "司马文静", "张伟", "诸葛建国", "李红梅"]
TOPIC = "聚焦主责主业，抓项目扩投资，全力以赴稳住经济大盘，奋力打造高质量发展新标杆"
UNITS = ["市人力资源和社会保障局", "市发展和改革委员会", "市商务局", "市住房和城乡建设局"]


def hall_contest(owner, presenters: int) -> Contest:
    contest = build_contest(
        owner,
        contestants=presenters,
        judges=3,
        title="2026年第四季度市直部门局长擂台赛",
        organizer_name="中共某市委组织部",
        venue="市行政中心三楼大会议室",
    )
    for index, presenter in enumerate(contest.contestants.all()):
        presenter.name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else str(index))
        presenter.unit = UNITS[index % len(UNITS)]
        presenter.topic = TOPIC
        presenter.save()
    contest = finish_with_sheets(contest)
    live.set_show_totals(contest, True)
    return contest


@pytest.mark.parametrize("presenters", [10, 20, 30])
def test_every_screen_fits_and_reads(browser, live_server, organizer, presenters):
    contest = hall_contest(organizer, presenters)
    on_stage = contest.contestants.order_by("order").first()
    url = f"{live_server.url}/s/{contest.screen_token}/"
    screens = {
        "welcome": lambda: live.set_screen(contest, "welcome"),
        "board": lambda: live.set_screen(contest, "board"),
        "reveal": lambda: live.reveal(contest, "all"),
        "awards": lambda: live.set_screen(contest, "awards"),
        # The stage of a presenter: shown while live; the frame reads the current one.
        "stage": lambda: (
            LiveState.objects.filter(contest=contest.pk).update(current_contestant=on_stage),
            live.set_screen(contest, "stage"),
        ),
        # 现场亮分 at its last step: every sheet total, the dropped ones marked, the score.
        "scores": lambda: LiveState.objects.filter(contest=contest.pk).update(
            screen="scores", scores_contestant=on_stage, scores_step=3
        ),
    }
    problems = {}
    for width, height in VIEWPORTS:
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        for name, show in screens.items():
            show()
            page.goto(url)
            page.wait_for_selector("#frame > .frame[data-scale]")
            # The newest place fades in (0.8 s): check the frame as it then stands.
            page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
            found = page.evaluate(CHECK)
            if found:
                problems[f"{name} {width}×{height}"] = found[:5]
            if presenters == 30 or name in {"stage", "scores"}:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / f"fit-{name}-{presenters}-{width}x{height}.png")
            if name in {"board", "reveal"}:
                names = page.locator("td.name").first
                size = float(names.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
                assert size >= 14, f"{name} {width}×{height}: names at {size:.1f} px"
        page.context.close()
    assert problems == {}

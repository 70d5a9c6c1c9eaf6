"""The projector's 排行榜 as bars (issue 34): a screen mode like the others, the bars in rank
order with ties shown as 2=, the presenter on stage highlighted, redrawn with each push; while
totals are hidden the screen shows the progress board instead (no bar gives a total away)."""

import xml.etree.ElementTree as ET

from contests import live
from contests.kinds import screen_choices
from live.frames import frame_context, frame_html
from tests.conftest import build_contest, finish_with_sheets

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_follow_the_board(organizer):
    contest = finish_with_sheets(build_contest(organizer, contestants=4, judges=6))
    assert ("bars", "排行榜（条形图）") in screen_choices(contest)
    contest.show_totals = True
    contest.save()
    live.set_screen(contest, "bars")
    contest.refresh_from_db()
    context = frame_context(contest)
    chart = context["bars"]
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    rows = [g.get("data-name") for g in root.iter(f"{SVG}g") if g.get("class") == "bar-row"]
    ranked = sorted(context["rows"], key=lambda r: (r["rank"] is None, r["rank"] or 0, r["order"]))
    assert rows == [r["name"] for r in ranked]
    for row in ranked:
        assert f"{row['name']} {row['total']}" in chart.alt
    html = frame_html(contest, "projector")
    assert 'class="chart bar-chart"' in html and contest.title in html

    contest.show_totals = False
    contest.save()
    contest.refresh_from_db()
    hidden = frame_html(contest, "projector")
    assert 'class="chart bar-chart"' not in hidden and "hidden-note" in hidden


def test_ties_and_the_presenter_on_stage():
    from arena.lib.charts import Bar, bar_chart

    chart = bar_chart(
        "排行榜", [Bar("甲", 90, 1), Bar("乙", 88, 2, highlight=True), Bar("丙", 88, 2)]
    )
    assert "第2=名 乙" in chart.alt and "第2=名 丙" in chart.alt and "第1名 甲" in chart.alt
    assert str(chart.svg).count('class="bar highlight"') == 1

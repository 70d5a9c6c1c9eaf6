"""The series in pictures (issue 34): each unit's cumulative rank after every counted round —
the last point the standing the tables show — on the standings page, the public season page,
the 成绩单 PDF and a unit's own page (with its sparklines)."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from arena.lib.pdf import render_pdf
from series import charts, outputs, standings
from tests.test_series_pages import _signed_and_published
from tests.test_series_rounds import R1, R2, R3, make_series, play

SVG = "{http://www.w3.org/2000/svg}"


def test_ranks_after_each_round_end_at_the_standings(organizer, supervisor, organizer_client):
    series = make_series(organizer)
    for number, scores in enumerate([R1, R2, R3], start=1):
        play(series, organizer, supervisor, number, scores)
    data = standings.latest_snapshot(series).data
    labels, after = charts.progression(data)
    assert labels == ["第1期", "第2期", "第3期"]
    by_short = {row["short_name"]: after[row["id"]] for row in data["entrants"]}
    # 甲 90 → (90+82)/2 = 86 → 86; 丁 absent in round 1, then 91 → 85.50
    assert by_short["甲"] == [(1, Decimal("90.00")), (3, Decimal("86.00")), (3, Decimal("86.00"))]
    assert by_short["丁"][0] == (None, None) and by_short["丁"][1] == (1, Decimal("91.00"))
    for row in data["entrants"]:  # the last point is the standing
        assert after[row["id"]][-1] == (
            row["rank"],
            Decimal(row["value"]) if row["value"] else None,
        )

    ding = next(r["id"] for r in data["entrants"] if r["short_name"] == "丁")
    chart = charts.rank_chart(data, highlight=ding)
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup
    lines = [g for g in root.iter(f"{SVG}g") if "line" in (g.get("class") or "").split()]
    assert len(lines) == 4 and lines[-1].get("data-name") == "丁"  # highlighted, drawn last
    assert "丁：第1期 —、第2期 1、第3期 4" in chart.alt

    page = organizer_client.get(reverse("series:standings", args=[series.pk]), {"unit": ding})
    text = page.content.decode()
    assert 'class="chart line-chart"' in text and "累计名次。" in text and "数据表" in text
    assert text.count("<svg") == 2

    series_public = Client().get(
        reverse("series_public:entrant", args=[series.entrants.get(short_name="丁").token])
    )
    unit_page = series_public.content.decode()
    assert 'class="chart sparkline"' in unit_page and "丁 累计名次：—、1、4" in unit_page

    html = outputs.report_html(series, standings.latest_snapshot(series))
    assert html.count('class="chart line-chart"') == 2 + 4  # the overview's two, each unit's
    _signed_and_published(series, organizer, supervisor)
    public = Client().get(reverse("series_public:page", args=[series.screen_token]))
    assert public.content.decode().count('class="chart line-chart"') == 2
    first_page = PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text()
    assert "第3期" in first_page and "市发展和改革委员会" in first_page  # the chart's text too

"""The boards in pictures (issue 34): a metric's months against its target and benchmark, a
board's lights month by month (stacked 绿/黄/红/灰, each with its word), a unit's light profile —
the figures those of the tables beside them."""

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from boards import benchmarks, charts, values
from boards.models import Board, Metric
from tests.test_series_rounds import make_series

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"


def parse(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup


def test_a_metric_against_its_target_and_benchmark_and_the_boards_lights(
    organizer, organizer_client
):
    series = make_series(organizer)
    unit = series.entrants.first()
    board = Board.objects.create(series=series, name="省考排行榜")
    fields = {"board": board, "lead_entrant": unit}
    growth = Metric.objects.create(code="GY-01", name="规上工业增加值增速", mode="difference",
                                   annual_target=8, **fields)  # fmt: skip
    amount = Metric.objects.create(code="TZ-01", name="固定资产投资", mode="ratio",
                                   annual_target=1200, **fields)  # fmt: skip
    peer = benchmarks.add(series, "宜宾市翠屏区")
    for month, ours, theirs, invest in (
        (1, "7.2", "8.5", 1300),
        (2, "8.1", "8.4", 1000),
        (3, None, "8.6", 1100),
    ):
        period = dt.date(2026, month, 1)
        if ours:
            values.record_value(growth, period, {"actual": D(ours)})
        benchmarks.record(peer, growth, period, D(theirs))
        values.record_value(amount, period, {"actual": D(invest)})

    months = [
        (dt.date(2026, m, 1), values.period_rows([growth], dt.date(2026, m, 1))[0])
        for m in range(1, 13)
    ]
    chart = charts.metric_chart(growth, months)
    root = parse(chart)
    groups = {g.get("data-name"): g for g in root.iter(f"{SVG}g") if g.get("data-name")}
    assert set(groups) == {"实际", "目标", "宜宾市翠屏区"}
    assert len(groups["实际"].findall(f"{SVG}polyline")) == 1  # Jan–Feb; March unreported
    assert "实际：1月 7.20、2月 8.10、3月 —" in chart.alt and "宜宾市翠屏区：1月 8.50" in chart.alt
    page = organizer_client.get(
        reverse("boards:metric", args=[series.pk, growth.pk])
    ).content.decode()
    assert 'class="chart line-chart"' in page and "数据表" in page

    lights = charts.lights_chart("各月亮灯", [growth, amount], 2026)
    # January: growth −0.80 yellow, amount 108.33% green; February: growth +0.10 green, amount
    # 83.33% red; March: growth unreported (grey), amount 91.67% yellow
    assert lights.rows == [["1月", 1, 1, 0, 0], ["2月", 1, 0, 1, 0], ["3月", 0, 1, 0, 1]]
    for month, (label, *counts) in zip((1, 2, 3), lights.rows, strict=True):
        summary = values.summary(values.period_rows([growth, amount], dt.date(2026, month, 1)))
        assert counts == [summary[k] for k in ("green", "yellow", "red", "grey")], label
    words = {t.text for t in parse(lights).iter(f"{SVG}text")}
    assert {"绿1", "黄1", "红1", "灰1"} <= words
    board_page = organizer_client.get(reverse("boards:board", args=[series.pk])).content.decode()
    assert 'class="chart stacked-chart"' in board_page
    unit_page = Client().get(reverse("boards_unit:metrics", args=[unit.token])).content.decode()
    assert "本单位各月亮灯" in unit_page and 'class="chart stacked-chart"' in unit_page

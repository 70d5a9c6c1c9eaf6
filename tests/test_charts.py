"""The one way the product draws (arena/lib/charts.py): each chart from known data, its SVG
parsed and its marks counted, its labels and the figures of its alt text checked; names are
escaped; the same markup renders in a WeasyPrint PDF with its CJK text."""

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

from pypdf import PdfReader

from arena.lib import charts
from arena.lib.pdf import render_pdf

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))  # noqa: S314 - our own markup, parsed to be checked


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_a_rank_chart_draws_each_unit_a_line_with_ranks_from_the_top():
    chart = charts.line_chart(
        "累计名次",
        ["第1期", "第2期", "第3期"],
        [
            charts.Line("甲", [1, 3, 3]),
            charts.Line("乙", [2, 2, 1], highlight=True),
            charts.Line("丙", [3, 1, 2]),
            charts.Line("丁", [None, 4, 4]),
        ],
        invert=True,
        integer=True,
    )
    root = parse(chart)
    groups = root.findall("s:g", NS)
    assert [g.get("data-name") for g in groups][-1] == "乙"  # the highlighted unit on top
    assert len(root.findall(".//s:polyline", NS)) == 4
    assert len(root.findall("s:g[@class='line highlight']", NS)) == 1
    assert sum(len(g.findall("s:*[@class='mark']", NS)) for g in groups) == 11  # 丁 missed one
    assert {"第1期", "第2期", "第3期", "甲", "丁"} <= set(texts(root))
    assert chart.alt.startswith("累计名次。甲：第1期 1、第2期 3、第3期 3；乙：")
    assert "丁：第1期 —、第2期 4" in chart.alt
    (first,) = [g for g in groups if g.get("data-name") == "甲"]
    ys = [float(p.split(",")[1]) for p in first.find("s:polyline", NS).get("points").split()]
    assert ys[0] < ys[1] == ys[2]  # rank 1 above rank 3
    assert chart.head == ["", "第1期", "第2期", "第3期"] and chart.rows[1] == ["乙", 2, 2, 1]


def test_a_metric_against_its_target_and_benchmark():
    chart = charts.line_chart(
        "规上工业增加值增速",
        ["7月", "8月", "9月"],
        [
            charts.Line("实际", [Decimal("6.8"), None, Decimal("7.2")]),
            charts.Line("目标", [Decimal(8)] * 3, style="target"),
            charts.Line(
                "宜宾市翠屏区", [Decimal("8.1"), Decimal("8.3"), Decimal("8.5")], style="benchmark"
            ),
        ],
    )
    root = parse(chart)
    actual = root.find("s:g[@data-name='实际']", NS)
    assert len(actual.findall("s:polyline", NS)) == 2  # August missing: the line breaks there
    assert root.find("s:g[@class='line target']", NS) is not None
    assert (
        root.find("s:g[@class='line benchmark']", NS).find("s:polyline", NS).get("stroke-dasharray")
    )
    assert "实际：7月 6.80、8月 —、9月 7.20" in chart.alt and "宜宾市翠屏区：7月 8.10" in chart.alt


def test_a_bar_chart_shows_ranks_and_ties():
    chart = charts.bar_chart(
        "实时排名",
        [
            charts.Bar("市商务局", Decimal("95.00"), 1),
            charts.Bar("市发改委", Decimal("90.00"), 2, highlight=True),
            charts.Bar("市工信局", Decimal("90.00"), 2),
            charts.Bar("市文旅局", None, None, note="未评完"),
        ],
    )
    root = parse(chart)
    assert len(root.findall(".//s:rect[@class='bar']", NS)) == 2
    assert len(root.findall(".//s:rect[@class='bar highlight']", NS)) == 1
    places = [
        t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "place"
    ]
    assert places == ["1", "2=", "2=", None]
    widths = [
        float(r.get("width"))
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if "bar" in (r.get("class") or "")
    ]
    assert widths[1] == widths[2] < widths[0]
    assert "第2=名 市发改委 90.00" in chart.alt and chart.rows[3] == ["", "市文旅局", None]


def test_stacked_lights_keep_their_words():
    chart = charts.stacked_lights(
        "各月亮灯", ["1月", "2月"], [{"green": 3, "yellow": 1, "red": 2}, {"grey": 4}]
    )
    root = parse(chart)
    segments = [
        r.get("class")
        for r in root.iter("{http://www.w3.org/2000/svg}rect")
        if (r.get("class") or "").startswith("seg")
    ]
    assert segments == ["seg seg-green", "seg seg-yellow", "seg seg-red", "seg seg-grey"]
    assert {"绿3", "红2", "灰4"} <= set(texts(root))
    red = next(
        r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "seg seg-red"
    )
    assert red.get("fill").startswith("url(#hatch-")  # red survives a grey printer
    assert root.find(f".//s:pattern[@id='{red.get('fill')[5:-1]}']", NS) is not None
    assert chart.alt == "各月亮灯。1月 绿 3、黄 1、红 2；2月 灰 4"
    assert chart.rows == [["1月", 3, 1, 2, 0], ["2月", 0, 0, 0, 4]]


def test_a_sparkline_and_a_strip_of_judge_totals():
    spark = charts.sparkline("名次", [3, 2, 1], invert=True)
    assert len(parse(spark).findall(".//s:polyline", NS)) == 1 and spark.alt == "名次：3、2、1"
    strip = charts.strip_chart(
        "评委总分",
        [
            charts.Strip(
                "张三", [(Decimal("88"), True), (Decimal("95"), False), (Decimal("70"), False)]
            )
        ],
        low=60,
        high=100,
    )
    root = parse(strip)
    kept = root.find(".//s:path[@class='dots kept']", NS)
    dropped = root.find(".//s:path[@class='dots dropped']", NS)
    assert kept.get("d").count("M") == 1 == int(kept.get("data-count"))
    assert dropped.get("d").count("M") == 2 == int(dropped.get("data-count"))
    assert "张三：88.00、95.00（去掉）、70.00（去掉）" in strip.alt


def test_names_are_escaped_and_the_chart_renders_in_a_pdf():
    name = '<b>"甲"&单位'
    chart = charts.bar_chart("排名", [charts.Bar(name, Decimal("80.5"), 1)])
    assert "<b>" not in str(chart.svg) and parse(chart) is not None
    pdf = render_pdf(f"<html><body><h1>图表</h1>{chart.svg}</body></html>")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "80.50" in text and '<b>"甲"&单位' in text


def test_round_ticks():
    assert charts.ticks(0, 97) == [0, 20, 40, 60, 80, 100]
    assert charts.ticks(6.8, 8.5) == [6.5, 7.0, 7.5, 8.0, 8.5]
    assert charts.ticks(-2.6, 0.4) == [-3.0, -2.0, -1.0, 0.0, 1.0]

"""A series' files: the matrix and 结果运用 XLSX, the 成绩单 PDF with a page per unit, the A3 poster
and its PNG."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from series import results as series_results
from tests.test_series_rounds import UNITS


def test_matrix_xlsx_after_round_three(season, organizer_client):
    response = organizer_client.get(reverse("series:download", args=[season.pk, "matrix.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == [
        "单位", "分组", "第1期总分", "第1期名次", "第1期评奖", "第2期总分", "第2期名次",
        "第2期评奖", "第3期总分", "第3期名次", "第3期评奖", "累计得分", "累计名次", "较上期",
        "参赛期数",
    ]  # fmt: skip
    assert len(rows) == 5
    first = rows[1]
    assert first[0] == UNITS["乙"] and float(first[11]) == 86.67 and first[12] == 1
    assert first[13] == "▲1" and first[14] == 3
    ding = next(row for row in rows if row[0] == UNITS["丁"])
    assert ding[2] is None and ding[3] is None and float(ding[5]) == 91
    jia = next(row for row in rows if row[0] == UNITS["甲"])
    assert "流动红旗" in jia[4] and "流动红旗" in ding[7]  # each round's first holds it


def test_report_pdf_has_a_summary_and_a_page_per_entrant(season, organizer_client):
    response = organizer_client.get(reverse("series:download", args=[season.pk, "report.pdf"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1 + 4
    summary = reader.pages[0].extract_text()
    assert "成绩单" in summary and "86.67" in summary and "草稿" in summary
    bing = next(p.extract_text() for p in reader.pages[1:] if "市商务局" in p.extract_text())
    assert "95.00" in bing and "累计得分 86.33" in bing and "全场平均" in bing


def test_consequences_xlsx_with_the_default_points_table(season, organizer_client, organizer):
    series_results.record_consequence(
        season, organizer, entrant=season.entrants.get(short_name="乙"), tag="praise", note=""
    )
    response = organizer_client.get(
        reverse("series:download", args=[season.pk, "consequences.xlsx"])
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert list(rows[0]) == [
        "单位",
        "年度累计得分",
        "累计名次",
        "折算分",
        "红旗次数",
        "蜗牛次数",
        "结果运用",
    ]
    assert [r[2] for r in rows[1:]] == [1, 2, 3, 4]
    assert [float(r[3]) for r in rows[1:]] == [100, 99, 98, 97]
    assert rows[1][6] == "通报表扬"


def test_poster_is_one_a3_page_and_its_png_carries_the_public_link(season, organizer_client):
    import zxingcpp
    from PIL import Image

    pdf = organizer_client.get(reverse("series:download", args=[season.pk, "poster.pdf"]))
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 420)
    assert "1 乙 86.67 ▲1" in reader.pages[0].extract_text()  # short names
    png = organizer_client.get(reverse("series:download", args=[season.pk, "poster.png"]))
    image = Image.open(io.BytesIO(png.content))
    assert image.width == 1080
    codes = zxingcpp.read_barcodes(image)
    public = reverse("series_public:page", args=[season.screen_token])
    assert [code.text for code in codes] == [f"http://testserver{public}"]

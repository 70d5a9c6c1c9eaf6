"""The 晒比榜 pages: imports through the page, the board by metric and by unit, a metric's twelve
months, the console's 亮目标 panel."""

import datetime as dt
import re
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arena.lib.reader import read_rows
from boards import imports, pledges, values
from boards.models import Metric, MetricValue, Pledge
from series import rounds
from tests.test_series_rounds import R1, make_series, play

DEFINITIONS = (
    "指标编号,指标名称,榜单,行动,领办领导,牵头单位,配合单位,计量单位,口径,方向,方式,频次,年度目标,力争目标,对比范围,数据来源,权重\n"
    "Q1,完成投资,区级综合评价榜,项目攻坚,王副区长,市商务局,市工业和信息化局,亿元,累计,正向,完成率,季,2600,,,区发改局,1\n"
    "Q2,GDP增速,省考排行榜,经济发展,李区长,市发展和改革委员会,,%,,正向,差值,月,6.0,6.5,,区统计局,1\n"
    "Q3,规上工业增加值增速位次,省考排行榜,经济发展,李区长,市工业和信息化局,,位,,正向,位次,月,,,全省山区26县,省统计局,1\n"
)
VALUES = (
    "指标编号,指标名称,本期实际,累计实际,本期目标,位次,参评总数,存在问题,数据来源\n"
    "Q1,完成投资,,600,,,,土地要素制约,区发改局\n"
    "Q2,GDP增速,5.8,,,,,,区统计局\n"
    "Q3,位次,,,,9,26,,省统计局\n"
)


def board_form(series, name: str) -> str:
    """Where a form of the board page posts (boards/urls.py)."""
    return reverse(f"boards:board_{name}", args=[series.pk])


def upload(text: str):
    return SimpleUploadedFile("file.csv", text.encode())


def test_imports_and_the_board_by_metric_and_by_unit(organizer, organizer_client):
    series = make_series(organizer)
    address = reverse("boards:board", args=[series.pk])
    response = organizer_client.post(
        board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)}
    )
    assert response.status_code == 302 and Metric.objects.count() == 3
    response = organizer_client.post(
        board_form(series, "import_values"), {"month": "2026-03", "file": upload(VALUES)}
    )
    assert response.status_code == 302 and MetricValue.objects.count() == 3
    page = organizer_client.get(address, {"month": "2026-03"}).content.decode()
    assert "92.31%" in page and "-0.20" in page and "9/26" in page
    summary = page.split('class="board-summary">')[1].split("</p>")[0]
    assert "绿 1 · 黄" in " ".join(re.sub(r"<[^>]+>", "", summary).split())  # as it reads
    units = organizer_client.get(address, {"month": "2026-03", "view": "units"}).content.decode()
    assert "市商务局" in units and "60.00" in units  # 完成投资 yellow: 60
    metric = Metric.objects.get(code="Q1")
    months = organizer_client.get(reverse("boards:metric", args=[series.pk, metric.pk])).content
    assert "未到考核期" in months.decode() and "土地要素制约" in months.decode()


def test_a_bad_value_file_imports_nothing(organizer, organizer_client):
    series = make_series(organizer)
    organizer_client.post(board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)})
    bad = VALUES.replace(",9,26,", ",30,26,")
    response = organizer_client.post(
        board_form(series, "import_values"), {"month": "2026-03", "file": upload(bad)}
    )
    assert response.status_code == 422 and "位次不能大于参评总数" in response.content.decode()
    assert not MetricValue.objects.exists()


def test_a_pledge_taken_down_in_the_console(organizer, supervisor, organizer_client):
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    address = reverse("boards:pledges", args=[contest.pk])
    response = organizer_client.post(
        address,
        {"contestant": jia.pk, "text": "力争一季度GDP增长6%以上", "comparator": ">=",
         "stretch": "6.0", "due": "一季度"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200 and "力争一季度GDP增长6%以上" in response.content.decode()
    pledge = Pledge.objects.get()
    assert (pledge.due, pledge.stretch, pledge.round.number) == (
        dt.date(2026, 3, 31),
        Decimal("6.0"),
        1,
    )
    refused = organizer_client.post(
        address, {"contestant": jia.pk, "text": "x", "comparator": ">=", "due": "一季度"}
    )
    assert refused.status_code == 422 and "请填确保值或力争值" in refused.content.decode()


def test_a_pledge_made_in_december_for_the_first_quarter_is_not_overdue(
    organizer, supervisor, organizer_client
):
    """#28: 一季度 recorded at a round on 2026-12-06 is due 2027-03-31, and the stage shows it
    as not yet due, not as 已到期 … 到期未报."""
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    contest.date = dt.date(2026, 12, 6)
    contest.save()
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    organizer_client.post(
        reverse("boards:pledges", args=[contest.pk]),
        {"contestant": jia.pk, "text": "确保一季度开工率90%", "comparator": ">=",
         "assured": "90", "due": "一季度"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    pledge = Pledge.objects.get()
    assert pledge.due == dt.date(2027, 3, 31)
    assert pledges.pledge_line([pledge], dt.date(2026, 12, 6)) == "未到期 1 项"


def test_the_boards_screen_pages_twelve_metrics_and_the_stage_shows_pledges(organizer, supervisor):
    from contests import live
    from live.frames import frame_html

    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)  # 2026-03-18
    rows = [DEFINITIONS.splitlines()[0]] + [
        f"B{n:02d},指标{n},区级综合评价榜,,,市商务局,,%,当期,正向,完成率,月,100,,,,1"
        for n in range(13)
    ]
    assert imports.import_definitions(series, read_rows("d.csv", "\n".join(rows).encode())).ok
    for metric in Metric.objects.all():
        MetricValue.objects.create(metric=metric, period=dt.date(2026, 2, 1), actual=95)
    live.set_screen(contest, "boards")
    contest.refresh_from_db()
    html = frame_html(contest, "projector")
    assert "晒比榜 · 2026年2月" in html and html.count('class="board-table page"') == 2
    assert html.count("95.00%") == 13 and "共 2 页，每 10 秒翻页" in html

    jia = contest.contestants.get(participation__entrant__short_name="甲")
    unit = jia.participation.entrant
    # Due after today, whatever day the suite runs: the screen counts it 未到期.
    due = dt.date.today() + dt.timedelta(days=60)
    Pledge.objects.create(series=series, entrant=unit, text="确保开工率90%以上", comparator=">=",
                          assured=90, due=due)  # fmt: skip
    contest.live.current_contestant = jia
    contest.live.screen = "stage"
    contest.live.save()
    html = frame_html(contest, "projector")
    assert "亮目标</span> 确保开工率90%以上" in html
    assert "承诺兑现</span> 未到期 1 项" in html


def test_a_unit_enters_a_value_and_the_organizer_reviews_it(organizer, organizer_client, client):
    series = make_series(organizer)
    board_address = reverse("boards:board", args=[series.pk])
    organizer_client.post(board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)})
    bing = series.entrants.get(short_name="丙")  # 市商务局 leads Q1 (完成投资)
    address = reverse("boards_unit:metrics", args=[bing.token])
    page = client.get(address, {"month": "2026-03"}).content.decode()
    value_form = reverse("boards_unit:value", args=[bing.token])
    assert "完成投资" in page and "GDP增速" not in page
    q1 = Metric.objects.get(code="Q1")
    response = client.post(
        value_form + "?month=2026-03",
        {"metric": q1.pk, "actual": "210", "cumulative_actual": "600", "problems": "要素制约"},
    )
    assert response.status_code == 302
    value = MetricValue.objects.get()
    assert (value.cumulative_actual, value.entered_by_entrant, value.reviewed) == (600, bing, False)
    q2 = Metric.objects.get(code="Q2")
    assert client.post(value_form, {"metric": q2.pk, "actual": "6"}).status_code == 404
    board = organizer_client.get(board_address, {"month": "2026-03"}).content.decode()
    assert "单位填报，待审核" in board
    organizer_client.post(
        board_form(series, "value_review"), {"value": value.pk, "month": "2026-03"}
    )
    value.refresh_from_db()
    assert value.reviewed and value.audit.filter(field="reviewed", user=organizer).exists()
    refused = client.post(value_form + "?month=2026-03", {"metric": q1.pk, "actual": "多"})
    assert refused.status_code == 422 and "不是数字" in refused.content.decode()


def test_the_months_files_and_a_units_pledge_sheet(organizer, supervisor, organizer_client):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    series = make_series(organizer)
    organizer_client.post(board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)})
    organizer_client.post(
        board_form(series, "import_values"), {"month": "2026-03", "file": upload(VALUES)}
    )
    xlsx = organizer_client.get(
        reverse("boards:file", args=[series.pk, "month.xlsx"]), {"month": "2026-03"}
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["区级综合评价榜", "省考排行榜"]
    assert list(book["区级综合评价榜"].values)[1][:7] == (
        "Q1", "完成投资", "市商务局", 650, 600, "92.31%", "黄")  # fmt: skip
    pdf = organizer_client.get(
        reverse("boards:file", args=[series.pk, "bulletin.pdf"]), {"month": "2026-03"}
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2026年3月晒比通报" in text and "共 1 项：绿 0、黄 1、红 0、灰 0" in text
    assert "共 2 项：绿 1、黄 1、红 0、灰 0；领先 1/1" in text
    unit = series.entrants.get(short_name="甲")
    Pledge.objects.create(
        series=series, entrant=unit, text="确保全年GDP增长6%以上", comparator=">=", assured=6,
        due=dt.date(2026, 12, 31),
    )  # fmt: skip
    sheet = organizer_client.get(reverse("boards:pledges_file", args=[series.pk, unit.pk]))
    text = PdfReader(io.BytesIO(sheet.content)).pages[0].extract_text()
    assert (
        "军 令 状" in text and "确保全年GDP增长6%以上" in text
    )  # the title is letter-spaced and "承诺人（签字）" in text


def test_a_board_marked_public_shows_on_the_public_page(organizer, organizer_client, client):
    series = make_series(organizer)
    organizer_client.post(board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)})
    organizer_client.post(
        board_form(series, "import_values"), {"month": "2026-03", "file": upload(VALUES)}
    )
    public = reverse("boards_public:page", args=[series.screen_token])
    assert client.get(public).status_code == 404  # nothing public yet
    board = series.boards.get(name="省考排行榜")

    def settings(**values):
        data = {"board": board.pk, "name": board.name, "kind": "peer_rank",
                "ratio_green": "100", "ratio_yellow": "90", "difference_yellow": "-1"}  # fmt: skip
        data.update(values)
        fields = {k if k == "board" else f"board{board.pk}-{k}": v for k, v in data.items()}
        return organizer_client.post(board_form(series, "settings"), fields)

    refused = settings(ratio_green="90", ratio_yellow="95")  # yellow above green
    assert refused.status_code == 422 and not series.boards.get(pk=board.pk).public
    settings(public="on")
    assert client.get(public).status_code == 404  # public board, but no month published
    organizer_client.post(board_form(series, "publish"), {"month": "2026-03"})
    page = client.get(public).content.decode()
    assert "2026年3月晒比" in page and "GDP增速" in page and "完成投资" not in page
    assert client.get(public, {"month": "2026-02"}).status_code == 404  # not published
    assert client.post(public).status_code == 405
    # A value changed after publication is marked 已更正; the old one stays in the audit.
    gdp = MetricValue.objects.get(metric__code="Q2")
    values.record_value(gdp.metric, dt.date(2026, 3, 1), {"actual": Decimal("6.1")}, user=organizer)
    gdp.refresh_from_db()
    assert gdp.corrected and gdp.audit.filter(old="5.8", new="6.1").exists()
    assert "已更正" in client.get(public).content.decode()


def test_editing_a_pledge_keeps_what_was_said(organizer, organizer_client):
    series = make_series(organizer)
    unit = series.entrants.get(short_name="甲")
    said = "确保一季度开工率90%"
    pledge = Pledge.objects.create(
        series=series, entrant=unit, text=said, original_text=said, comparator=">=", assured=90,
        due=dt.date(2026, 3, 31),
    )  # fmt: skip
    address = reverse("boards:board", args=[series.pk])
    edit = {"pledge": pledge.pk, "due": "上半年"}
    organizer_client.post(
        board_form(series, "pledge_edit"), {**edit, "text": "确保一季度重点项目开工率达到90%"}
    )
    pledge.refresh_from_db()
    assert (pledge.text, pledge.due) == ("确保一季度重点项目开工率达到90%", dt.date(2026, 6, 30))
    assert pledge.original_text == "确保一季度开工率90%"
    assert set(pledge.audit.values_list("field", "user")) == {
        ("text", organizer.pk),
        ("due", organizer.pk),
    }
    page = organizer_client.get(address).content.decode()
    assert "原话：确保一季度开工率90%" in page


def test_a_units_score_fills_a_rounds_indicator_and_a_pledge_is_verified(
    organizer, supervisor, organizer_client
):
    from contests.models import Indicator, IndicatorScore

    series = make_series(organizer)
    organizer_client.post(board_form(series, "import_definitions"), {"file": upload(DEFINITIONS)})
    organizer_client.post(
        board_form(series, "import_values"), {"month": "2026-03", "file": upload(VALUES)}
    )
    play(series, organizer, supervisor, 1, R1)
    nxt = rounds.next_round(series, organizer, label="第2期", date=dt.date(2026, 4, 20))
    Indicator.objects.create(contest=nxt.contest, name="晒比得分", max_score=30)
    organizer_client.post(
        board_form(series, "indicator"), {"round": "2", "indicator": "晒比得分", "month": "2026-03"}
    )
    scores = {
        s.contestant.unit: s.value for s in IndicatorScore.objects.select_related("contestant")
    }
    # 市商务局: 完成投资 yellow (60) → 18.00 of 30; 市发改委: GDP yellow (60) → 18.00;
    # 市工信局: the rank green (100) and co-responsible for 完成投资 yellow (60): 80 → 24.00.
    assert scores == {"市商务局": Decimal("18.00"), "市发展和改革委员会": Decimal("18.00"),
                      "市工业和信息化局": Decimal("24.00")}  # fmt: skip
    unit = series.entrants.get(short_name="甲")
    pledge = Pledge.objects.create(series=series, entrant=unit, text="确保", comparator=">=",
                                   assured=90, due=dt.date(2026, 3, 31), actual=92)  # fmt: skip
    organizer_client.post(board_form(series, "pledge_verify"), {"pledge": pledge.pk})
    pledge.refresh_from_db()
    assert pledge.verified_by == organizer and pledge.verified_at is not None


def test_the_pledge_panel_shows_any_presenter(organizer, supervisor, organizer_client):
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    yi = contest.contestants.get(participation__entrant__short_name="乙")
    Pledge.objects.create(series=series, entrant=yi.participation.entrant, text="乙的承诺",
                          comparator="done", due=dt.date(2026, 12, 31))  # fmt: skip
    panel = organizer_client.get(
        reverse("boards:pledges", args=[contest.pk]), {"contestant": yi.pk}
    )
    page = panel.content.decode()
    assert "乙的承诺" in page and f'value="{yi.pk}" selected' in page

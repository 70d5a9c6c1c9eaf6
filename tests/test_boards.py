"""晒比 boards on the database (issue 20, cases 1–4, 6 and 7): the definition file, values and
their lights, the unit score fed into a contest, pledges at the console."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from arena.lib.reader import read_rows
from boards import imports, outputs, pledges, values
from boards.models import Board, Metric, MetricValue, Pledge
from tests.test_series_rounds import R1, make_series, play

D = Decimal
HEADER = [column.header for column in imports.DEFINITION_SPEC.columns]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def definitions(count_by_board: dict[str, int]) -> list[list]:
    rows = [HEADER]
    number = 0
    for board, count in count_by_board.items():
        for _ in range(count):
            number += 1
            mode = "位次" if board != "区级综合评价榜" else "完成率"
            rows.append([f"M{number:03d}", f"指标{number}", board, "经济发展", "王副区长",
                         "市商务局", "", "%", "" if mode == "位次" else "当期", "正向", mode, "月",
                         "" if mode == "位次" else "100",
                         "", "全省山区26县", "区统计局", "1"])  # fmt: skip
    return rows


@pytest.fixture
def series(organizer):
    return make_series(organizer)


def test_a_definition_file_of_161_rows_on_three_boards(series):
    data = xlsx(definitions({"省考排行榜": 58, "市考排行榜": 47, "区级综合评价榜": 56}))
    result = imports.import_definitions(series, read_rows("d.xlsx", data))
    assert result.ok and result.created == 161
    assert sorted(Board.objects.values_list("name", flat=True)) == [
        "区级综合评价榜", "市考排行榜", "省考排行榜"]  # fmt: skip
    assert Metric.objects.count() == 161
    before = list(Metric.objects.order_by("pk").values())
    again = imports.import_definitions(series, read_rows("d.xlsx", data))
    assert again.ok and again.created == 0
    assert list(Metric.objects.order_by("pk").values()) == before


def test_one_bad_cell_imports_nothing_and_names_row_and_column(series):
    rows = definitions({"区级综合评价榜": 5})
    rows[3][12] = "一百"
    result = imports.import_definitions(series, read_rows("d.xlsx", xlsx(rows)))
    assert not result.ok and not Metric.objects.exists()
    assert [str(p) for p in result.problems] == ["第 4 行 “年度目标”列：“一百”不是数字"]


def metric(series, **fields) -> Metric:
    board, _ = Board.objects.get_or_create(series=series, name="区级综合评价榜")
    defaults = {"code": fields.pop("code", "X1"), "name": fields.pop("name", "指标")}
    return Metric.objects.create(board=board, **defaults, **fields)


def read(m: Metric, month: int, **fields):
    period = dt.date(2026, month, 1)
    values.record_value(m, period, fields)
    return values.period_rows([m], period)[0]


def test_investment_and_gdp_and_accidents(series):
    investment = metric(series, code="T1", name="完成投资", unit="亿元", cumulative=True,
                        frequency="quarter", annual_target=D(2600))  # fmt: skip
    march = read(investment, 3, cumulative_actual=D(600))
    assert (march.target, march.reading.value, march.reading.light) == (
        D(650),
        D("92.31"),
        "yellow",
    )
    june = read(investment, 6, cumulative_actual=D(1320))
    assert (june.target, june.reading.value, june.reading.light) == (D(1300), D("101.54"), "green")
    assert values.period_rows([investment], dt.date(2026, 5, 1))[0].reading.grey == "not_due"
    gdp = metric(series, code="T2", name="GDP增速", mode="difference", annual_target=D("6.0"))
    assert read(gdp, 1, actual=D("6.0")).reading.light == "green"
    assert read(gdp, 2, actual=D("5.8")).reading == values.rules.Reading("yellow", value=D("-0.20"))
    assert read(gdp, 3, actual=D("4.9")).reading.light == "red"
    accidents = metric(
        series, code="T3", name="安全生产事故起数", direction="down", annual_target=D(5)
    )
    assert read(accidents, 1, actual=D(6)).reading == values.rules.Reading("red", value=D("83.33"))
    assert read(accidents, 2, actual=D(0)).reading.light == "green"
    assert values.period_rows([accidents], dt.date(2026, 4, 1))[0].reading.grey == "missing"


def test_rank_and_its_move(series):
    m = metric(series, code="R1", name="规上工业增加值增速位次", mode="rank")
    read(m, 1, rank=12, field=26)
    february = read(m, 2, rank=9, field=26)
    assert (february.reading.light, february.reading.move) == ("green", 3)


def test_every_change_of_a_value_is_audited(series, organizer):
    m = metric(series, code="A1")
    period = dt.date(2026, 1, 1)
    values.record_value(m, period, {"actual": D(10)}, user=organizer)
    values.record_value(m, period, {"actual": D(12)}, user=organizer)
    values.record_value(m, period, {"actual": D(12)}, user=organizer)  # unchanged: no entry
    value = MetricValue.objects.get()
    assert [(a.field, a.old, a.new) for a in value.audit.all()] == [
        ("actual", "", "10"), ("actual", "10", "12")]  # fmt: skip


def test_unit_score_of_four_metrics(series):
    unit = series.entrants.get(short_name="甲")
    for code, actual in (("U1", 100), ("U2", 120), ("U3", 95), ("U4", 50)):
        m = metric(series, code=code, annual_target=D(100), lead_entrant=unit)
        values.record_value(m, dt.date(2026, 1, 1), {"actual": D(actual)})
    red = series.entrants.get(short_name="乙")
    m = metric(series, code="U5", annual_target=D(100), lead_entrant=red)
    values.record_value(m, dt.date(2026, 1, 1), {"actual": D(10)})
    scores = values.unit_scores(series, dt.date(2026, 1, 1))
    assert [(s["entrant"], s["score"]) for s in scores] == [(unit, D("65.00")), (red, D("0.00"))]


def test_pledges_checked_at_each_round(series, organizer, supervisor):
    r1 = play(series, organizer, supervisor, 1, R1)
    jia = series.entrants.get(short_name="甲")
    presenter = r1.contestants.get(participation__entrant=jia)
    made = [
        Pledge.objects.create(
            series=series,
            entrant=jia,
            contestant=presenter,
            text=text,
            comparator=">=",
            assured=a,
            stretch=s,
            due=due,
        )
        for text, a, s, due in [
            ("一季度重点项目开工率≥90%", D(90), None, dt.date(2026, 3, 31)),
            ("上半年重点项目全部开工", D(100), None, dt.date(2026, 6, 30)),
            ("力争GDP增长6%以上", None, D("6.0"), dt.date(2026, 3, 31)),
        ]
    ]
    for pledge, actual in zip(made, [D("92.5"), D(97), D("5.8")], strict=True):
        pledges.set_pledge_result(pledge, actual=actual, user=organizer)
    made_by_jia = Pledge.objects.filter(entrant=jia)
    assert (
        pledges.pledge_line(made_by_jia, dt.date(2026, 6, 18))
        == "已到期 2 项：达标 1、未达力争 1；未到期 1 项"
    )
    assert (
        pledges.pledge_line(made_by_jia, dt.date(2026, 9, 18))
        == "已到期 3 项：达标 1、未达标 1、未达力争 1"
    )


def test_the_unit_score_feeds_the_worked_example_of_scoring_md(series, organizer):
    """Case 6. docs/scoring.md's example: judge score 90.539130… (exact), judges 70 %,
    indicators 30 %. With the unit score 65.00 as the indicator (one indicator, max 100):
    total = (70 × 90.539130… + 30 × 65) / 100 = 63.377391… + 19.50 = 82.877391… → 82.88."""
    from scoring import engine
    from scoring.engine import Indicator, Judge, Method, Rules
    from tests.test_scoring_docs import SIKAN, sheet

    unit = series.entrants.get(short_name="甲")
    for code, actual in (("U1", 100), ("U2", 120), ("U3", 95), ("U4", 50)):
        m = metric(series, code=code, annual_target=D(100), lead_entrant=unit)
        values.record_value(m, dt.date(2026, 1, 1), {"actual": D(actual)})
    (unit_score,) = [s["score"] for s in values.unit_scores(series, dt.date(2026, 1, 1))]
    leaders = [95, 94, 94, 93, 93, 93, 92, 92, 91, 90, 88, 85]
    heads = [96] + [92] * 10 + [90] * 20 + [88] * 15 + [80, 70]
    judges = [Judge(i, "市领导") for i in range(12)] + [
        Judge(i, "部门负责人") for i in range(12, 60)
    ]
    rules = Rules(method=Method.TRIMMED, trim=1, judge_weight=D(70), indicator_weight=D(30),
                  judge_group_weights={"市领导": D("0.4"), "部门负责人": D("0.6")})  # fmt: skip
    (result,) = engine.compute(
        [engine.Contestant("王建国")], SIKAN, judges,
        [sheet(i, total) for i, total in enumerate(leaders + heads)], rules,
        [Indicator("综合评价得分", D(100))], {("综合评价得分", "王建国"): unit_score},
    )  # fmt: skip
    assert (unit_score, result.indicator_score, result.total) == (
        D("65.00"),
        D("65.00"),
        D("82.88"),
    )


def test_a_round_takes_its_units_board_scores_as_an_indicator(series, organizer):
    from boards.indicator import fill_board_scores
    from contests.models import Contest, Contestant, Criterion, Indicator, IndicatorScore, Judge
    from series.rounds import add_round

    unit = series.entrants.get(short_name="甲")
    for code, actual in (("U1", 100), ("U2", 120), ("U3", 95), ("U4", 50)):
        m = metric(series, code=code, annual_target=D(100), lead_entrant=unit)
        values.record_value(m, dt.date(2026, 1, 1), {"actual": D(actual)})
    contest = Contest.objects.create(owner=organizer, title="1月晒比", date=dt.date(2026, 1, 20),
                                     judge_weight=70, indicator_weight=30)  # fmt: skip
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=contest, name="评委", order=1)
    Indicator.objects.create(contest=contest, name="晒比得分", max_score=100)
    Contestant.objects.create(contest=contest, name="甲负责人", unit=unit.name, order=1)
    Contestant.objects.create(contest=contest, name="乙负责人", unit="市工业和信息化局", order=2)
    rnd = add_round(series, contest, label="1月")
    scores = fill_board_scores(rnd, "晒比得分", dt.date(2026, 1, 1))
    assert sorted(scores.values(), key=str) == [D("65.00"), None]
    assert IndicatorScore.objects.get().value == D("65.00")


def test_how_an_actual_is_counted_is_the_metrics_own_setting(series, organizer):
    """游客接待量 in 万人次, counted 累计: the month's 180 is not divided by the annual target; the
    page, the month's XLSX and the 通报 PDF show the one resolved 实际, 2650 (#28)."""
    rows = [HEADER, ["T1", "游客接待量", "区级综合评价榜", "文旅", "", "市商务局", "", "万人次",
                     "累计", "正向", "完成率", "月", "3000", "", "", "区文旅局", "1"]]  # fmt: skip
    assert imports.import_definitions(series, read_rows("d.xlsx", xlsx(rows))).ok
    tourism = Metric.objects.get(code="T1")
    assert tourism.cumulative
    row = read(tourism, 11, actual=D(180), cumulative_actual=D(2650))
    assert row.actual == D(2650)  # of 序时进度 3000 × 11/12 = 2750: 96.36 %, yellow
    assert (row.target, row.reading.value, row.reading.light) == (D(2750), D("96.36"), "yellow")
    sheet = outputs.sheet_rows([row])  # the month's XLSX and the 通报 PDF print these lines
    assert sheet[1][4] == "2650.00" and sheet[1][5] == "96.36%"
    rows[1][8] = ""  # 完成率 without a 口径 is refused, not guessed from 万人次
    result = imports.import_definitions(series, read_rows("d.xlsx", xlsx(rows)))
    assert [str(p) for p in result.problems] == [
        "第 2 行 “口径”列：完成率指标须填口径：累计（按序时进度）或 当期（用年度目标）"
    ]

"""对标竞进 on the boards (issue 33, cases 1, 2 and 5): benchmarks' values, the gaps on every
surface that shows them — the board, a metric's months, a unit's page (widest first), the
month's XLSX, 通报 and JSON (a plan's page, PDF, console panel and stage: test_catchup.py) —
the gap rule against a naive reference; the import, all rows or none."""

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from arena.lib.reader import read_rows
from boards import benchmarks, outputs, rules, values
from boards.models import Benchmark, BenchmarkValue, Board, BoardAudit, Metric
from tests.test_boards import xlsx
from tests.test_series_rounds import make_series

D = Decimal
SEPTEMBER = dt.date(2026, 9, 1)


def naive_gap(ours: Decimal, other: Decimal, percent: bool, inverse: bool) -> Decimal | None:
    """The gap by exact fractions, rounded half away from zero at the end."""
    if percent and other == 0:
        return None
    exact = (Fraction(ours) / Fraction(other) - 1) * 100 if percent else Fraction(ours - other)
    exact = -exact if inverse else exact
    hundredths = abs(exact) * 100
    whole = int(hundredths) + (1 if hundredths - int(hundredths) >= Fraction(1, 2) else 0)
    return D(whole if exact >= 0 else -whole) / 100


figures = st.decimals(min_value=-10_000, max_value=10_000, places=4, allow_nan=False)


@given(figures, figures, st.booleans(), st.booleans())
def test_the_gap_rule_agrees_with_exact_fractions(ours, other, percent, inverse):
    assert rules.gap(ours, other, percent=percent, inverse=inverse) == naive_gap(
        ours, other, percent, inverse
    )


@given(st.lists(figures, min_size=1, max_size=30), st.booleans())
def test_the_best_is_the_highest_or_for_a_reverse_metric_the_lowest(numbers, inverse):
    best = rules.best(numbers, inverse=inverse)
    assert best in numbers
    assert all((best <= n) if inverse else (best >= n) for n in numbers)


@pytest.fixture
def series(organizer):
    return make_series(organizer)


def metric(series, code: str, mode: str, direction: str = "up", **fields) -> Metric:
    board, _ = Board.objects.get_or_create(series=series, name="省考排行榜")
    return Metric.objects.create(board=board, code=code, name=fields.pop("name", code), mode=mode,
                                 direction=direction, annual_target=D(1), **fields)  # fmt: skip


def test_case_1_difference_mode_gaps_in_points_on_every_surface(series, organizer,
                                                                 organizer_client):  # fmt: skip
    growth = metric(series, "GY-01", "difference", name="规上工业增加值增速",
                    lead_entrant=series.entrants.first())  # fmt: skip
    values.record_value(growth, SEPTEMBER, {"actual": D("7.2")}, user=organizer)
    peer = benchmarks.add(series, "宜宾市翠屏区")
    best = benchmarks.add(series, "全省山区26县第一", Benchmark.Kind.BEST)
    benchmarks.record(best, growth, SEPTEMBER, D("9.8"), user=organizer)
    benchmarks.record(peer, growth, SEPTEMBER, D("8.5"), source="省统计局", user=organizer)

    (row,) = values.period_rows([growth], SEPTEMBER)
    assert (row.comparison.benchmark.name, row.comparison.benchmark.value) == (
        "宜宾市翠屏区",
        D("-1.30"),
    )
    assert (row.comparison.best.name, row.comparison.best.value) == ("全省山区26县第一", D("-2.60"))
    assert row.comparison.benchmark.figure == "-1.30 个百分点"

    board = organizer_client.get(reverse("boards:board", args=[series.pk]), {"month": "2026-09"})
    page = board.content.decode()
    assert "-1.30 个百分点" in page and "-2.60 个百分点" in page and "宜宾市翠屏区" in page
    months = organizer_client.get(reverse("boards:metric", args=[series.pk, growth.pk]))
    assert "-1.30 个百分点" in months.content.decode()
    unit = organizer_client.get(
        reverse("boards_unit:metrics", args=[series.entrants.first().token]), {"month": "2026-09"}
    )
    assert "-2.60 个百分点" in unit.content.decode()

    sheet = load_workbook(io.BytesIO(outputs.period_xlsx(series, SEPTEMBER))).active
    head, line = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(head, line, strict=True))
    assert cells["对标对象"] == "宜宾市翠屏区" and cells["对标差距"] == -1.3
    assert (
        cells["与最优差距"] == -2.6 and cells["最优值"] == 9.8 and cells["差距单位"] == "个百分点"
    )
    text = PdfReader(io.BytesIO(outputs.bulletin_pdf(series, SEPTEMBER))).pages[0].extract_text()
    assert "-1.30" in text and "-2.60" in text and "宜宾市翠屏区" in text
    answer = organizer_client.get(reverse("api:board_month", args=[series.pk, "2026-09"])).json()
    (board_json,) = answer["boards"]
    line = dict(zip(board_json["columns"], board_json["rows"][0], strict=True))
    assert (line["对标差距"], line["与最优差距"]) == ("-1.30", "-2.60")
    assert BoardAudit.objects.filter(benchmark_value__isnull=False).count() == 2


def test_case_2_ratio_mode_gaps_in_percent_and_a_reverse_metric(series):
    amount = metric(series, "TZ-01", "ratio")
    cost = metric(series, "NH-01", "ratio", "down")
    peer = benchmarks.add(series, "全省发达县市区平均", Benchmark.Kind.AVERAGE)
    values.record_value(amount, SEPTEMBER, {"actual": D(1320)})
    values.record_value(cost, SEPTEMBER, {"actual": D(5)})
    benchmarks.record(peer, amount, SEPTEMBER, D(1500))
    benchmarks.record(peer, cost, SEPTEMBER, D(4))
    rows = {r.metric.code: r.comparison for r in values.period_rows([amount, cost], SEPTEMBER)}
    assert rows["TZ-01"].benchmark.value == D("-12.00")
    assert rows["TZ-01"].benchmark.figure == "-12.00%"
    assert rows["NH-01"].benchmark.value == D("-25.00")
    assert rows["TZ-01"].best is None  # an average is nobody's best


def test_a_units_page_lists_the_widest_gaps_first(series):
    unit = series.entrants.first()
    small = metric(series, "A", "difference", lead_entrant=unit)
    wide = metric(series, "B", "difference", lead_entrant=unit)
    none = metric(series, "C", "difference", lead_entrant=unit)
    peer = benchmarks.add(series, "宜宾市翠屏区")
    for m, ours, theirs in ((small, "8", "8.5"), (wide, "5", "9"), (none, "1", None)):
        values.record_value(m, SEPTEMBER, {"actual": D(ours)})
        if theirs:
            benchmarks.record(peer, m, SEPTEMBER, D(theirs))
    from boards import gaps

    ordered = gaps.widest_first(values.period_rows([small, wide, none], SEPTEMBER))
    assert [r.metric.code for r in ordered] == ["B", "A", "C"]


def peers_file(bad: tuple[int, int] | None = None) -> bytes:
    rows = [["指标编号", "对标对象", "期间", "数值", "来源"]]
    for p in range(1, 27):
        for m in range(1, 11):
            rows.append([f"M{m:02d}", f"山区县{p:02d}", "2026-09", f"{p + m / 10:.1f}", "省统计局"])
    if bad:
        rows[bad[0] - 1][bad[1] - 1] = "八点五"
    return xlsx(rows)


def test_case_5_twenty_six_peers_by_ten_metrics_and_one_bad_cell(series, organizer):
    for m in range(1, 11):
        metric(series, f"M{m:02d}", "difference")
    broken = benchmarks.import_values(
        series, read_rows("p.xlsx", peers_file(bad=(120, 4))), organizer
    )
    assert not broken.ok and BenchmarkValue.objects.count() == 0 and Benchmark.objects.count() == 0
    assert [(p.row, p.column) for p in broken.problems] == [(120, "数值")]
    assert "第 120 行" in str(broken.problems[0]) and "八点五" in str(broken.problems[0])
    result = benchmarks.import_values(series, read_rows("p.xlsx", peers_file()), organizer)
    assert result.ok and result.created == 260
    assert BenchmarkValue.objects.count() == 260 and Benchmark.objects.count() == 26
    again = benchmarks.import_values(series, read_rows("p.xlsx", peers_file()), organizer)
    assert again.ok and BenchmarkValue.objects.count() == 260  # the same file twice: no change
    assert BoardAudit.objects.filter(benchmark_value__isnull=False).count() == 260


def test_the_board_forms_add_a_benchmark_and_its_value(series, organizer_client):
    growth = metric(series, "GY-01", "difference")
    post = organizer_client.post
    month = {"month": "2026-09"}
    address = reverse("boards:board_benchmark_add", args=[series.pk])
    assert post(address, {"name": "宜宾市翠屏区", "kind": "peer", **month}).status_code == 302
    twice = post(address, {"name": "宜宾市翠屏区", "kind": "peer", **month})
    assert twice.status_code == 422 and "已有对标对象" in twice.content.decode()
    peer = Benchmark.objects.get()
    entry = reverse("boards:board_benchmark_value", args=[series.pk])
    bad = post(entry, {"benchmark": peer.pk, "metric": growth.pk, "value": "x", **month})
    assert bad.status_code == 422 and "不是数字" in bad.content.decode()
    done = post(entry, {"benchmark": peer.pk, "metric": growth.pk, "value": "8.5", **month})
    assert done.status_code == 302
    assert BenchmarkValue.objects.get().period == SEPTEMBER

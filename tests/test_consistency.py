"""评委一致性 (issue 34): the worked example of docs/scoring.md — a judge who gives every
presenter 5 points above the rest of the panel shows offset +5.00, correlation 1.00 and reads
偏宽松 — the rules against a naive reference, and the same figures on the results page and in
the PDF report, with each presenter's strip of counted and dropped totals."""

import math
import re
from decimal import Decimal
from fractions import Fraction

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from scoring import consistency, report
from scoring.consistency import Entry
from scoring.results import results_snapshot
from scoring.sheet_totals import consistency_tables
from tests.conftest import build_contest, finish_with_sheets
from tests.test_report import built, pdf_text

D = Decimal
PANEL = {1: [80, 82, 84], 2: [70, 75, 74], 3: [90, 88, 86], 4: [60, 66, 63], 5: [85, 79, 82]}


def worked_example() -> list[Entry]:
    """Judges 1–3 as in PANEL; judge 4 always 5 above their mean (87, 78, 93, 68, 87)."""
    entries = []
    for presenter, totals in PANEL.items():
        entries += [Entry(judge, presenter, D(t)) for judge, t in enumerate(totals, start=1)]
        entries.append(Entry(4, presenter, D(sum(totals)) / 3 + 5))
    return entries


def test_the_worked_example():
    judges, presenters = consistency.analyse(worked_example())
    fourth = judges[3]
    assert (fourth.mean, fourth.offset, fourth.correlation) == (D("82.60"), D("5.00"), D("1.00"))
    assert (fourth.z, fourth.verdict) == (D("1.54"), consistency.LENIENT)
    first = judges[0]
    assert (first.mean, first.spread, first.offset, first.z) == (
        D("77.00"),
        D("12.04"),
        D("-2.47"),
        D("-0.76"),
    )
    assert first.verdict == "" and first.correlation == D("0.97")
    assert next((p.mean, p.spread, p.lowest, p.highest) for p in presenters) == (
        D("83.25"), D("2.99"), D(80), D(87))  # fmt: skip


def rounded(value: float) -> Decimal:
    return D(str(value)).quantize(D("0.01"))


totals = st.integers(min_value=0, max_value=10_000).map(lambda n: D(n) / 100)


@given(st.lists(st.lists(totals, min_size=2, max_size=5), min_size=1, max_size=6))
def test_offsets_and_means_agree_with_exact_fractions(table):
    """Presenters × judges (each presenter scored by its first len(row) judges)."""
    entries = [Entry(j, p, t) for p, row in enumerate(table) for j, t in enumerate(row)]
    judges, _presenters = consistency.analyse(entries)
    for line in judges:
        mine = [(p, row[line.judge]) for p, row in enumerate(table) if line.judge < len(row)]
        diffs = []
        for p, t in mine:
            rest = [Fraction(x) for j, x in enumerate(table[p]) if j != line.judge]
            diffs.append(Fraction(t) - sum(rest) / len(rest))
        exact_offset = sum(diffs) / len(diffs)
        assert abs(Fraction(line.offset) - exact_offset) <= Fraction(1, 200)
        assert abs(Fraction(line.mean) - sum(Fraction(t) for _, t in mine) / len(mine)) <= Fraction(
            1, 200
        )
        xs = [float(t) for _, t in mine]
        if len(xs) >= 2:
            mean = sum(xs) / len(xs)
            spread = math.sqrt(sum((x - mean) ** 2 for x in xs) / (len(xs) - 1))
            assert abs(float(line.spread) - spread) <= 0.005 + 1e-9
        assert line.dropped_high == line.dropped_low == 0


def test_the_results_page_and_the_report_show_the_same_figures(
    organizer_client, organizer, django_capture_on_commit_callbacks
):
    contest = finish_with_sheets(build_contest(organizer, contestants=4, judges=6))
    tables = consistency_tables(contest, results_snapshot(contest).data)
    assert len(tables["judges"]) == 6 and len(tables["presenters"]) == 4
    dropped = sum(j["line"].dropped_high + j["line"].dropped_low + j["line"].dropped_other
                  for j in tables["judges"])  # fmt: skip
    assert dropped > 0  # the contest drops the highest and lowest sheets
    page = organizer_client.get(reverse("organizer:results", args=[contest.pk])).content.decode()
    assert "评委一致性" in page
    for judge in tables["judges"]:
        assert f'<td data-label="评委">{judge["label"]}</td>' in page
        assert f">{judge['line'].mean}<" in page
    stored = built(contest, django_capture_on_commit_callbacks)
    _reader, text = pdf_text(bytes(stored.pdf))
    assert "评委一致性" in text and str(tables["judges"][0]["line"].mean) in text
    html = report.report_html(contest, results_snapshot(contest))
    counts = {kind: sum(map(int, re.findall(rf'class="dots {kind}"[^>]*data-count="(\d+)"', html)))
              for kind in ("kept", "dropped")}  # fmt: skip
    assert counts["dropped"] == dropped  # every dropped total, hollow
    assert counts["kept"] == sum(j["line"].sheets for j in tables["judges"]) - dropped

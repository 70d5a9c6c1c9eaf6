"""The boards' files: a month as XLSX (a sheet per board), the 月度晒比通报 PDF (a section per
board, then the units' scores), a unit's 军令状 PDF (its pledges in order, a signature line)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from arena.lib.pdf import render_pdf
from arena.lib.tables import to_xlsx
from boards import pledges, rules, values
from boards.models import Metric, Pledge
from series.models import Entrant, Series

SHEET_HEADER = [
    "指标编号",
    "指标名称",
    "牵头单位",
    "目标",
    "实际",
    "完成率/差值/位次",
    "灯",
    "存在问题",
]
GAP_HEADER = ["对标对象", "对标值", "对标差距", "最优", "最优值", "与最优差距", "差距单位"]


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def sheet_rows(rows: list[values.Row], gaps: bool = False) -> list[list]:
    """A board's month as a table; with `gaps`, the 对标 columns (the gaps as numbers, their
    unit — 个百分点 or % — in a column of its own)."""
    lines = [SHEET_HEADER + (GAP_HEADER if gaps else [])]
    for row in rows:
        metric, value = row.metric, row.value
        actual = row.figure if metric.mode == Metric.Mode.RANK else _number(row.actual)
        line = [metric.code, metric.name, metric.lead_entrant.name if metric.lead_entrant else "",
                _number(row.target), actual, row.figure, row.light_word,
                value.problems if value else ""]  # fmt: skip
        if gaps:
            line += _gap_cells(row)
        lines.append(line)
    return lines


def _gap_cells(row: values.Row) -> list:
    peer, best = row.comparison.benchmark, row.comparison.best
    unit = (peer or best).unit if (peer or best) else ""
    return [
        peer.name if peer else "", _decimal(peer.other) if peer else None,
        peer.value if peer else None,
        best.name if best else "", _decimal(best.other) if best else None,
        best.value if best else None,
        unit,
    ]  # fmt: skip


def _decimal(value):
    return rules.two_places(value)


def _board_sections(series: Series, period: dt.date) -> list[dict]:
    gaps = series.benchmarks.exists()
    sections = []
    for board in series.boards.all():
        metrics = board.metrics.select_related("board", "lead_entrant")
        rows = values.period_rows(metrics, period)
        sections.append(
            {
                "board": board,
                "rows": rows,
                "summary": values.summary(rows),
                "table": sheet_rows(rows, gaps),
                "gaps": gaps,
            }
        )
    return sections


def period_tables(series: Series, period: dt.date) -> list[tuple[str, list[list]]]:
    """Each board's month as a table (name, rows): the XLSX's sheets, the JSON's boards."""
    return [(s["board"].name, s["table"]) for s in _board_sections(series, period)]


def period_xlsx(series: Series, period: dt.date) -> bytes:
    return to_xlsx(period_tables(series, period) or [("晒比", [SHEET_HEADER])])


def bulletin_pdf(series: Series, period: dt.date) -> bytes:
    sections = _board_sections(series, period)
    html = render_to_string(
        "boards/bulletin.html",
        {
            "series": series,
            "period": period,
            "sections": sections,
            "landscape": any(s["gaps"] for s in sections),  # the 对标 columns need the width
            "units": values.unit_scores(series, period),
            "now": timezone.localtime(),
        },
    )
    return render_pdf(html)


def pledges_pdf(entrant: Entrant) -> bytes:
    today = timezone.localdate()
    made = [
        (p, pledges.PLEDGE_LABELS[pledges.pledge_outcome(p, today)])
        for p in Pledge.objects.filter(entrant=entrant).select_related("round", "contestant")
    ]
    html = render_to_string(
        "boards/pledges.html", {"entrant": entrant, "pledges": made, "today": today}
    )
    return render_pdf(html)

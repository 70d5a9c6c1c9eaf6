"""The boards' files: a month as XLSX (a sheet per board), the 月度晒比通报 PDF (a section per
board, then the units' scores), a unit's 军令状 PDF (its pledges in order, a signature line)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from arena.lib.pdf import render_pdf
from arena.lib.tables import to_xlsx
from boards import pledges, values
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


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def sheet_rows(rows: list[values.Row]) -> list[list]:
    lines = [SHEET_HEADER]
    for row in rows:
        metric, value = row.metric, row.value
        actual = row.figure if metric.mode == Metric.Mode.RANK else _number(row.actual)
        lines.append(
            [metric.code, metric.name, metric.lead_entrant.name if metric.lead_entrant else "",
             _number(row.target), actual, row.figure, row.light_word,
             value.problems if value else ""]
        )  # fmt: skip
    return lines


def _board_sections(series: Series, period: dt.date) -> list[dict]:
    sections = []
    for board in series.boards.all():
        metrics = board.metrics.select_related("board", "lead_entrant")
        rows = values.period_rows(metrics, period)
        sections.append(
            {
                "board": board,
                "rows": rows,
                "summary": values.summary(rows),
                "table": sheet_rows(rows),
            }
        )
    return sections


def period_tables(series: Series, period: dt.date) -> list[tuple[str, list[list]]]:
    """Each board's month as a table (name, rows): the XLSX's sheets, the JSON's boards."""
    return [(s["board"].name, s["table"]) for s in _board_sections(series, period)]


def period_xlsx(series: Series, period: dt.date) -> bytes:
    return to_xlsx(period_tables(series, period) or [("晒比", [SHEET_HEADER])])


def bulletin_pdf(series: Series, period: dt.date) -> bytes:
    html = render_to_string(
        "boards/bulletin.html",
        {
            "series": series,
            "period": period,
            "sections": _board_sections(series, period),
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

"""The boards in pictures: a metric's months against its target (序时进度) and its benchmark, the
lights of a board (or of a unit's metrics) month by month. Figures from values.period_rows, as
every table of the boards shows them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from arena.lib.charts import Chart, Line, line_chart, stacked_lights
from boards import values
from boards.models import Metric, MetricValue


def month_label(month: dt.date) -> str:
    return _("{n}月").format(n=month.month)


def metric_chart(metric: Metric, months: list[tuple[dt.date, values.Row]]) -> Chart:
    """实际 month by month with the period's target and, where there is one, the benchmark; a
    位次 metric's rank with 1 at the top."""
    labels = [month_label(month) for month, _row in months]
    if metric.mode == Metric.Mode.RANK:
        ranks = [row.value.rank if row.value and row.value.rank else None for _m, row in months]
        return line_chart(_("{name} 位次").format(name=metric.name), labels,
                          [Line(_("位次"), ranks)], invert=True, integer=True)  # fmt: skip
    lines = [
        Line(_("实际"), [row.actual for _m, row in months]),
        Line(_("目标"), [row.target for _m, row in months], style="target"),
    ]
    peers = [row.comparison.benchmark for _m, row in months]
    if any(peers):
        name = next(p.name for p in peers if p)
        lines.append(Line(name, [p.other if p else None for p in peers], style="benchmark"))
    return line_chart(metric.name, labels, lines)


def _months_with_values(metrics, year: int) -> list[dt.date]:
    latest = (
        MetricValue.objects.filter(metric__in=metrics, period__year=year)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return [dt.date(year, m, 1) for m in range(1, latest.month + 1)] if latest else []


def lights_chart(title: str, metrics, year: int) -> Chart | None:
    """绿 / 黄 / 红 / 灰 counts per month of the year, up to the latest month with a value."""
    metrics = list(metrics)
    months = _months_with_values(metrics, year)
    if not months:
        return None
    counts = []
    for month in months:
        summary = values.summary(values.period_rows(metrics, month))
        counts.append({key: summary[key] for key in ("green", "yellow", "red", "grey")})
    return stacked_lights(title, [month_label(m) for m in months], counts)

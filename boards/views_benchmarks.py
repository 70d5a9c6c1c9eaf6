"""The board page's 对标 forms: name a benchmark, enter its value of a metric for the month,
import a sheet of benchmark values (boards/benchmarks.py)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from arena.lib.reader import ImportResult
from arena.text import form_id
from boards import benchmarks, values
from boards.models import Metric
from boards.views import board_form, importer
from series.models import Series


@board_form
@importer
def import_benchmarks(
    request: HttpRequest, series: Series, period: dt.date, rows: list
) -> ImportResult:
    return benchmarks.import_values(series, rows, user=request.user)


@board_form
def benchmark_add(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    try:
        benchmarks.add(series, request.POST.get("name", ""), request.POST.get("kind", ""))
    except benchmarks.BenchmarkError as problem:
        return [str(problem)]
    return []


@board_form
def benchmark_value(request: HttpRequest, series: Series, period: dt.date) -> list[str]:
    """One benchmark's value of one metric for the month the board shows."""
    benchmark = get_object_or_404(series.benchmarks, pk=form_id(request.POST.get("benchmark")))
    metric = get_object_or_404(
        Metric.objects.select_related("board"),
        pk=form_id(request.POST.get("metric")),
        board__series=series,
    )
    try:
        number = values.parse_decimal(request.POST.get("value", ""), _("数值"))
        if number is None:
            return [_("请填写数值。")]
        benchmarks.record(benchmark, metric, period, number,
                          source=request.POST.get("source", ""), user=request.user)  # fmt: skip
    except ValueError as problem:
        return [str(problem)]
    return []

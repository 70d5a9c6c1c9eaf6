"""对标对象 and their values: named on the board, entered by hand or imported from a sheet
(`指标编号, 对标对象, 期间, 数值, 来源`, all rows or none), every change audited like a metric's
value. The gaps they make are boards/gaps.py."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from arena.lib.reader import Column, ImportResult, ImportSpec, Problem, parse
from arena.text import clean_name
from boards import values
from boards.imports import read_number
from boards.models import Benchmark, BenchmarkValue, Metric
from series.models import Series


class BenchmarkError(ValueError):
    """Refused, with the reason in the office's words."""


def add(series: Series, name: str, kind: str = Benchmark.Kind.PEER) -> Benchmark:
    name = clean_name(name)
    if not name or len(name) > 100:
        raise BenchmarkError(_("请填写对标对象的名称（100 字以内）。"))
    if kind not in Benchmark.Kind.values:
        raise BenchmarkError(_("对标对象的类型不对。"))
    if series.benchmarks.filter(name=name).exists():
        raise BenchmarkError(_("已有对标对象：{name}").format(name=name))
    return Benchmark.objects.create(
        series=series, name=name, kind=kind, order=series.benchmarks.count()
    )


@transaction.atomic
def record(
    benchmark: Benchmark, metric: Metric, period: dt.date, value: Decimal, *, source: str = "",
    user=None,
) -> BenchmarkValue:  # fmt: skip
    """Enter or change a benchmark's value of a metric in a month; each change audited."""
    if benchmark.series_id != metric.board.series_id:
        raise BenchmarkError(_("对标对象和指标不属于同一个系列。"))
    entry, _created = BenchmarkValue.objects.select_for_update().get_or_create(
        benchmark=benchmark, metric=metric, period=period.replace(day=1),
        defaults={"value": value, "source": source.strip()[:100]},
    )  # fmt: skip
    if _created:
        values.audit(entry, "value", "", values.shown(value), series_id=benchmark.series_id,
                     user=user)  # fmt: skip
        return entry
    changed = values.apply_changes(
        entry, {"value": value, "source": source.strip()[:100]}, series_id=benchmark.series_id,
        user=user,
    )  # fmt: skip
    if changed:
        entry.save()
    return entry


SPEC = ImportSpec(
    kind="benchmarks",
    label="对标数据",
    columns=(
        Column("指标编号", "code", required=True, max_length=30, example="SK-01"),
        Column("对标对象", "name", required=True, max_length=100, example="宜宾市翠屏区"),
        Column("期间", "period", required=True, max_length=10, example="2026-09"),
        Column("数值", "value", required=True, max_length=20, example="8.5"),
        Column("来源", "source", max_length=100, example="省统计局"),
    ),
)
MONTH = re.compile(r"^(\d{4})[-/年.](\d{1,2})月?$")


def _period(text: str) -> dt.date | None:
    """2026-09, 2026/9, 2026年9月 or a date in the month."""
    text = text.strip()
    found = MONTH.match(text)
    try:
        if found:
            return dt.date(int(found[1]), int(found[2]), 1)
        return dt.date.fromisoformat(text).replace(day=1)
    except ValueError:
        return None


def import_values(series: Series, rows: list[list[str]], user=None) -> ImportResult:
    """Benchmarks' values by 指标编号, 对标对象 and 期间; a benchmark not yet named is added (as a
    对标对象; its type can be changed on the board). One bad cell: nothing imported."""
    records, problems = parse(SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    metrics = {
        m.code: m for m in Metric.objects.filter(board__series=series).select_related("board")
    }
    seen: dict[tuple, int] = {}
    for line in records:
        row = line["_row"]
        if line["code"] not in metrics:
            problems.append(
                Problem(row, "指标编号", _("没有这个指标：{code}").format(code=line["code"]))
            )
        line["name"] = clean_name(line["name"])
        line["period"] = _period(line["period"])
        if line["period"] is None:
            problems.append(Problem(row, "期间", _("应为 2026-09 这样的月份")))
        line["value"] = read_number(line, "value", "数值", problems, row)
        key = (line["code"], line["name"], line["period"])
        if key in seen:
            problems.append(Problem(row, "对标对象", _("与第 {row} 行重复").format(row=seen[key])))
        seen.setdefault(key, row)
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    with transaction.atomic():
        Series.objects.select_for_update().get(pk=series.pk)
        known = {b.name: b for b in series.benchmarks.all()}
        added = []
        for line in records:
            benchmark = known.get(line["name"])
            if benchmark is None:
                benchmark = known[line["name"]] = add(series, line["name"])
                added.append(benchmark.name)
            metric = metrics[line["code"]]
            record(benchmark, metric, line["period"], line["value"], source=line["source"],
                   user=user)  # fmt: skip
    return ImportResult(created=len(records), groups_created=added)

"""seed_demo's part for boards: a 区级综合评价榜 of the demo series with a metric in every light
for the current month, two benchmarks with values, and a unit's pledges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from boards import benchmarks, values
from boards.models import Benchmark, Board, Metric, Pledge
from series.models import Series


@transaction.atomic
def seed(owner, password: str) -> list[str]:
    # the 赛马 demo (series.demo), not the monthly 三考三比 town beside it
    series = (
        Series.objects.filter(owner=owner, cadence=Series.Cadence.QUARTER).order_by("-id").first()
    )
    if series is None:
        return []
    month = timezone.localdate().replace(day=1)
    units = list(series.entrants.order_by("order"))
    board = Board.objects.create(series=series, name="区级综合评价榜")
    rows = [
        ("D01", "固定资产投资增速", "difference", Decimal("8.0"), Decimal("8.6"), units[0]),
        ("D02", "规上工业增加值", "ratio", Decimal(1200), Decimal(1150), units[1]),
        ("D03", "社会消费品零售总额", "ratio", Decimal(900), Decimal(760), units[2]),
        ("D04", "安全生产事故起数", "ratio", Decimal(5), None, units[3]),
    ]
    for code, name, mode, target, actual, unit in rows:
        metric = Metric.objects.create(
            board=board, code=code, name=name, mode=mode, annual_target=target,
            direction="down" if code == "D04" else "up", lead_entrant=unit, action="经济发展",
            lead_leader="李区长",
        )  # fmt: skip
        if actual is not None:  # D04 left unreported: grey
            values.record_value(metric, month, {"actual": actual}, user=owner)
    # 对标: a named peer and the group's best, for the month's two growth and amount metrics.
    peer = benchmarks.add(series, "宜宾市翠屏区")
    best = benchmarks.add(series, "全省山区26县第一", Benchmark.Kind.BEST)
    for code, theirs, top in (("D01", "9.0", "10.2"), ("D02", "1300", "1500")):
        metric = board.metrics.get(code=code)
        benchmarks.record(peer, metric, month, Decimal(theirs), source="省统计局", user=owner)
        benchmarks.record(best, metric, month, Decimal(top), source="省统计局", user=owner)
    year = series.year
    for text, assured, stretch, due in [
        ("确保一季度重点项目开工率达到90%以上", Decimal(90), None, dt.date(year, 3, 31)),
        ("力争上半年外贸进出口增长6%以上", None, Decimal(6), dt.date(year, 6, 30)),
    ]:
        Pledge.objects.create(
            series=series, entrant=units[2], text=text, original_text=text, comparator=">=",
            assured=assured, stretch=stretch, due=due,
        )  # fmt: skip
    count = board.metrics.count()
    return [f"已在演示系列中添加晒比榜“{board.name}”（{count} 项指标，绿、黄、红、灰各有；"
            "对标宜宾市翠屏区和全省山区26县第一）"]  # fmt: skip

"""seed_demo's part for 对标赶超: the unit leading the demo board's 固定资产投资增速 files a
赶超方案 against its benchmarks — measures in the ledger, three staged milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from boards.models import Metric
from catchup import flow, rules
from series.models import Series


def seed(owner, password: str) -> list[str]:
    series = (
        Series.objects.filter(owner=owner, cadence=Series.Cadence.QUARTER, boards__isnull=False)
        .order_by("-id")
        .first()
    )
    if series is None:
        return []
    flow.settings_for(series)  # the option stays off: the seed's units file 主动
    growth = Metric.objects.get(board__series=series, code="D01")
    unit = growth.lead_entrant  # behind 宜宾市翠屏区 on its own metric
    amount = Metric.objects.get(board__series=series, code="D02")
    today = timezone.localdate()
    stages = rules.stage_dates(series.year)
    draft = flow.Draft(
        title="固定资产投资赶超方案",
        analysis="固定资产投资增速低于宜宾市翠屏区，主要是新开工项目少、工业投资占比低。",
        benchmarks=list(series.benchmarks.all()),
        measures=[
            ("引进亿元以上工业项目 3 个", today + dt.timedelta(days=90)),
            ("每月召开一次项目推进会，逐项销号", today + dt.timedelta(days=30)),
        ],
        milestones=[
            (stages[0][0], stages[0][1], [(growth, ">=", Decimal("8.6"))]),
            (
                stages[1][0],
                stages[1][1],
                [(growth, ">=", Decimal("9.0")), (amount, ">=", Decimal(1300))],
            ),
            (stages[2][0], stages[2][1], [(growth, ">=", Decimal("10.2"))]),
        ],
    )
    plan = flow.submit(flow.save_draft(unit, draft), unit)
    return [f"{unit.name}已提交赶超方案“{plan.title}”（措施列入事项台账，三个阶段目标）"]

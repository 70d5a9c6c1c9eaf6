"""seed_demo's part for the ledger: matters of the demo series in every light, relative to
the day the demo is loaded (green, yellow, red, and one closed), a monthly update, remarks."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from followup import ledger
from followup.models import Matter, Remark
from series.models import Series


@transaction.atomic
def seed(owner, password: str) -> list[str]:
    # the 赛马 demo (series.demo), not the monthly 三考三比 town beside it
    series = (
        Series.objects.filter(owner=owner, cadence=Series.Cadence.QUARTER).order_by("-id").first()
    )
    if series is None:
        return []
    today = timezone.localdate()
    last = series.rounds.select_related("contest").order_by("-number").first()
    units = list(series.entrants.order_by("order"))
    presenters = list(last.contest.contestants.select_related("participation__entrant"))
    planned = Matter.objects.create(
        series=series,
        kind=Matter.Kind.PROJECT,
        title="城市更新片区改造项目",
        action="全域美丽",
        lead_leader="王副市长",
        lead_entrant=units[3],
        created_by=owner,
    )
    ledger.add_measure(
        planned, text="完成征迁协议签订", deadline=today + dt.timedelta(days=12),
        units=[units[3], units[4]], user=owner,
    )  # fmt: skip
    ledger.submit_update(
        planned, period=today, progress="已签订协议 86%，完成投资 2.3 亿元",
        problems="个别户诉求较高", percent=86,
    )  # fmt: skip
    for presenter, text, days, unit in [
        (presenters[0], "协调解决项目用地指标", 2, units[0]),
        (presenters[1], "加快技改项目审批", -3, units[1]),
        (presenters[2], "梳理外资项目清单", 20, units[2]),
    ]:
        remark = ledger.record_remark(
            last.contest, presenter, kind=Remark.Kind.ASSIGN, text=text, speaker="市委书记",
            user=owner, today=today + dt.timedelta(days=min(days, 0) - 1),
            units=[unit], deadline=today + dt.timedelta(days=days),
        )  # fmt: skip
        if days == 20:  # one already done and checked: grey
            measure = remark.matter.measures.get()
            ledger.mark_done(measure, evidence="清单已报送", today=today, entrant=unit)
            ledger.verify(measure, user=owner, today=today)
    ledger.record_remark(
        last.contest, presenters[0], kind=Remark.Kind.COMMENT, text="数据扎实，亮点突出",
        speaker="市委书记", user=owner, today=today,
    )  # fmt: skip
    return [f"已在演示系列中添加 {series.matters.count()} 个事项（绿、黄、红灯和已销号各有）"]

"""What 对标赶超 adds to the series' PDFs: per unit, its widest gaps, its plan and its milestones
(成绩单); for the series, the units that owe a 赶超方案 and those that filed one (通报)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from boards import gaps, values
from boards.models import Metric
from catchup import flow, outputs
from catchup.models import Plan, Task
from series.models import Series

GAPS_SHOWN = 3


def _gap_lines(series: Series, entrant_id: int, rows: list[values.Row]) -> list[str]:
    mine = [
        r
        for r in rows
        if r.metric.lead_entrant_id == entrant_id
        or any(u.pk == entrant_id for u in r.metric.co_entrants.all())
    ]
    behind = [r for r in gaps.widest_first(mine) if (r.comparison.benchmark or r.comparison.best)]
    lines = []
    for row in behind[:GAPS_SHOWN]:
        gap = row.comparison.benchmark or row.comparison.best
        text = _("对标：{code} {name} 差距 {figure}（对{other}）")
        metric = row.metric
        lines.append(text.format(code=metric.code, name=metric.name, figure=gap.figure,
                                 other=gap.name))  # fmt: skip
    return lines


def entrant_lines(series: Series, snapshot) -> dict[int, list[str]]:
    today = timezone.localdate()
    lines: dict[int, list[str]] = {}
    if series.benchmarks.exists():
        metrics = Metric.objects.filter(board__series=series).filter(
            Q(lead_entrant__isnull=False) | Q(co_entrants__isnull=False)
        )
        rows = values.period_rows(
            metrics.distinct().select_related("board").prefetch_related("co_entrants"),
            values.board_period(series, today),
        )
        for entrant in series.entrants.all():
            lines[entrant.pk] = _gap_lines(series, entrant.pk, rows)
    plans = series.plans.exclude(status=Plan.Status.DRAFT).order_by("entrant", "-submitted_at")
    seen = set()
    for plan in plans:
        if plan.entrant_id in seen:
            continue  # the latest plan of each unit
        seen.add(plan.entrant_id)
        stages = "、".join(f"{c.milestone.label} {c.word}" for c in flow.milestones(plan, today))
        lines.setdefault(plan.entrant_id, []).append(
            _("赶超方案《{title}》（{status}）：{stages}").format(
                title=plan.title, status=plan.get_status_display(), stages=stages
            )
        )
    for task in Task.objects.filter(series=series, plan__isnull=True).select_related("round"):
        lines.setdefault(task.entrant_id, []).append(
            _("第 {n} 期后须提交赶超方案：{state}").format(
                n=task.round.number, state=outputs.task_text(task, today)
            )
        )
    return {k: v for k, v in lines.items() if v}


def bulletin_sections(series: Series, snapshot) -> list[tuple[str, list[str]]]:
    tasks = list(Task.objects.filter(series=series).select_related("entrant", "round", "plan"))
    if not tasks:
        return []
    today = timezone.localdate()
    lines = [
        _("{unit}（第 {n} 期后，时限 {due}）：{state}").format(
            unit=t.entrant.name,
            n=t.round.number,
            due=f"{t.due:%Y-%m-%d}",
            state=outputs.task_text(t, today),
        )
        for t in sorted(tasks, key=lambda t: (t.filed_on is not None, t.due, t.entrant.order))
    ]
    return [(_("赶超方案"), lines)]

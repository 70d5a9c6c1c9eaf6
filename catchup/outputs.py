"""A plan as every surface shows it — the unit's page, the organizer's page, the PDF for the file
and the console — from one function (plan_context); a task's light in words."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.lib.pdf import render_pdf
from boards import gaps, values
from boards.models import Metric
from catchup import flow
from catchup.models import Plan, Task
from followup import ledger, tables
from followup import rules as ledger_rules


def plan_gaps(plan: Plan, today: dt.date) -> tuple[dt.date, list[values.Row]]:
    """The month the board shows and the plan's metrics (those its milestones aim at) with their
    gaps, widest first."""
    metrics = Metric.objects.filter(
        pk__in=plan.milestones.values("targets__metric")
    ).select_related("board", "lead_entrant")
    period = values.board_period(plan.series, today)
    return period, gaps.widest_first(values.period_rows(metrics, period))


def measure_rows(plan: Plan, today: dt.date) -> list[dict]:
    """The measures: once submitted, the ledger's (deadline, light, 销号); before, the draft's."""
    if plan.matter_id is None:
        return [{"text": m.text, "deadline": m.deadline, "light": None, "light_text": _("草稿")}
                for m in plan.measures.all()]  # fmt: skip
    rows = []
    for measure in plan.matter.measures.order_by("deadline", "id"):
        light = ledger.measure_light(measure, today)
        rows.append({"text": measure.text, "deadline": measure.deadline, "light": light.colour,
                     "light_text": tables.light_text(light)})  # fmt: skip
    return rows


def plan_context(plan: Plan, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    period, rows = plan_gaps(plan, today)
    return {
        "plan": plan,
        "benchmarks": list(plan.benchmarks.all()),
        "period": period,
        "gap_rows": rows,
        "measures": measure_rows(plan, today),
        "milestones": flow.milestones(plan, today),
        "today": today,
    }


def plan_pdf(plan: Plan) -> bytes:
    """The plan for the file: A4, its gaps, measures and milestones as they stand today."""
    context = {**plan_context(plan), "now": timezone.localtime()}
    return render_pdf(render_to_string("catchup/plan_pdf.html", context))


def task_text(task: Task, today: dt.date) -> str:
    """已提交（2026-09-30） / 剩 N 天 / 逾期 N 天: a task as the ledger words a deadline."""
    if task.filed_on is not None:
        return _("已提交（{day}）").format(day=f"{task.filed_on:%Y-%m-%d}")
    return tables.light_text(ledger_rules.light(task.due, today))


def latest_plan(entrant) -> Plan | None:
    """The unit's plan as it stands: the latest submitted or reviewed one."""
    return (
        Plan.objects.filter(entrant=entrant)
        .exclude(status=Plan.Status.DRAFT)
        .select_related("series", "matter", "entrant")
        .order_by("-submitted_at", "-id")
        .first()
    )


STAGE_GAPS = 3


def stage_plan(entrant, today: dt.date) -> dict:
    """Under the presenter on stage at a 对标交流会: the plan's title, its milestones and how they
    stand, its three widest gaps."""
    plan = latest_plan(entrant)
    if plan is None:
        return {}
    _period, rows = plan_gaps(plan, today)
    shown = [r for r in rows if r.comparison.benchmark or r.comparison.best][:STAGE_GAPS]
    return {
        "stage_plan": plan,
        "stage_milestones": flow.milestones(plan, today),
        "stage_gaps": [(r.metric.name, r.comparison.benchmark or r.comparison.best) for r in shown],
    }

"""The ledger as people read it: the 汇报表 (four columns and the state), a presenter's 上期交办
line, 交办回头看 by responsible unit."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _

from contests.models import Contestant
from followup import ledger, rules
from followup.models import Matter, Measure
from series.models import Entrant, Round

REPORT_HEADER = [
    "序号",
    "事项内容",
    "实现情况",
    "存在问题",
    "具体措施（责任单位、解决时限）",
    "状态",
]


def measure_cell(measure: Measure) -> str:
    """ "协调用地；太平乡、区卫健局；2026-04-10" (原时限 added after an extension)."""
    units = "、".join(unit.name for unit in measure.units())
    deadline = measure.deadline.isoformat()
    if measure.original_deadline:
        deadline += _("（原时限 {date}）").format(date=measure.original_deadline)
    return f"{measure.text}；{units}；{deadline}"


def light_text(light: rules.Light) -> str:
    if light.colour == rules.GREY:
        return _("已销号") if not light.overdue else _("逾期 {n} 天办结").format(n=light.overdue)
    if light.colour == rules.RED:
        return _("逾期 {n} 天").format(n=light.overdue)
    if light.days_left == 0:
        return _("今天到期")
    return _("剩 {n} 天").format(n=light.days_left)


def matter_rows(matters, month: dt.date | None, today: dt.date) -> list[dict]:
    """One row per matter: its update for `month` (else the latest), its measures with lights."""
    rows = []
    for number, matter in enumerate(matters, start=1):
        updates = list(matter.updates.all())
        update = next((u for u in updates if month and u.period == month.replace(day=1)), None)
        update = update or (updates[0] if updates and month is None else None)
        measures = [
            {"measure": m, "cell": measure_cell(m), "light": ledger.measure_light(m, today)}
            for m in matter.measures.all()
        ]
        for item in measures:
            item["light_text"] = light_text(item["light"])
        rows.append(
            {
                "number": number,
                "matter": matter,
                "progress": update.progress if update else "",
                "percent": update.percent if update else None,
                "problems": update.problems if update else "",
                "measures": measures,
                "light": ledger.matter_light(matter, today),
                "status": matter.get_status_display(),
            }
        )
    return rows


def month_report(series, month: dt.date, today: dt.date, action: str = "") -> list[dict]:
    """The matters of the 汇报表 for one month (one 行动, or all): the report's XLSX and PDF
    and the JSON interface read these rows."""
    matters = series.matters.exclude(status=Matter.Status.CANCELLED)
    if action:
        matters = matters.filter(action=action)
    return matter_rows(
        matters.prefetch_related("measures__responsible__entrant", "updates"), month, today
    )


def report_table(rows: list[dict]) -> list[list]:
    """The 汇报表 as a sheet: exactly REPORT_HEADER, one row per matter."""
    lines = [REPORT_HEADER]
    for row in rows:
        state = row["status"]
        texts = [m["light_text"] for m in row["measures"] if m["light"].colour != rules.GREY]
        if texts and row["matter"].status != Matter.Status.CANCELLED:
            state += "（" + "；".join(texts) + "）"
        lines.append(
            [
                row["number"],
                row["matter"].title,
                row["progress"],
                row["problems"],
                "\n".join(m["cell"] for m in row["measures"]),
                state,
            ]
        )
    return lines


def entrant_matters(entrant: Entrant):
    """The unit's matters: those it leads, or has a measure of."""
    return (
        Matter.objects.filter(Q(lead_entrant=entrant) | Q(measures__responsible__entrant=entrant))
        .exclude(status=Matter.Status.CANCELLED)
        .distinct()
        .prefetch_related("measures__responsible__entrant", "updates")
    )


def matter_outcome(matter: Matter, today: dt.date) -> str:
    outcomes = {ledger.outcome(m, today) for m in matter.measures.all()}
    for worst in ("overdue", "open", "late"):
        if worst in outcomes:
            return worst
    return "on_time"


def previous_round(rnd: Round) -> Round | None:
    return rnd.series.rounds.filter(number__lt=rnd.number).order_by("-number").first()


def presenter_lookback(contestant: Contestant, today: dt.date) -> str:
    """ "上期交办 1 项：逾期办结 1" for the unit this presenter stands for; "" if none."""
    link = getattr(contestant, "participation", None)
    if link is None:
        return ""
    before = previous_round(link.round)
    if before is None:
        return ""
    matters = Matter.objects.filter(
        round=before, kind=Matter.Kind.ASSIGNED, lead_entrant=link.entrant
    ).exclude(status=Matter.Status.CANCELLED)
    counts = Counter(matter_outcome(m, today) for m in matters)
    if not counts:
        return ""
    parts = ledger.outcomes_text(counts)
    return _("上期交办 {n} 项：{parts}").format(n=sum(counts.values()), parts=parts)


def lookback_by_unit(rnd: Round, today: dt.date) -> tuple[Round | None, list[dict]]:
    """交办回头看: the previous round's assignments per responsible unit, counted as 已销号,
    推进中 and 逾期."""
    before = previous_round(rnd)
    if before is None:
        return None, []
    measures = Measure.objects.filter(
        matter__round=before, matter__kind=Matter.Kind.ASSIGNED
    ).exclude(matter__status=Matter.Status.CANCELLED)
    per_unit: dict[int, dict] = {}
    for measure in measures.prefetch_related("responsible__entrant"):
        outcome = ledger.outcome(measure, today)
        key = {"on_time": "closed", "late": "closed"}.get(outcome, outcome)
        for unit in measure.units():
            row = per_unit.setdefault(unit.pk, {"unit": unit, "closed": 0, "open": 0, "overdue": 0})
            row[key] += 1
    rows = sorted(per_unit.values(), key=lambda r: (-r["overdue"], -r["open"], r["unit"].order))
    return before, rows

"""Planned matters from a spreadsheet (XLSX or CSV), all rows or none: one row per measure;
rows with the same 行动 and 事项内容 are one matter with several measures."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from arena.lib.reader import Column, ImportResult, ImportSpec, Problem, parse
from followup import ledger
from followup.models import Matter
from series.entrants import match, match_list, name_index
from series.models import Series

MATTER_SPEC = ImportSpec(
    kind="matters",
    label="事项",
    columns=(
        Column("行动", "action", max_length=100, example="全域美丽"),
        Column("类别", "kind", max_length=20, example="重点项目"),
        Column("事项内容", "title", required=True, max_length=500, example="灵康杏项目"),
        Column("领办领导", "lead_leader", max_length=50, example="王副区长"),
        Column("牵头单位", "lead", max_length=200, example="太平乡"),
        Column("具体措施", "measure", required=True, max_length=500, example="协调用地"),
        Column("责任单位", "units", required=True, max_length=500, example="太平乡、区卫健局"),
        Column("解决时限", "deadline", required=True, max_length=20, example="2026-04-10"),
    ),
)
KINDS = {str(label): value for value, label in Matter.Kind.choices}


def import_matters(series: Series, rows: list[list[str]], user=None) -> ImportResult:
    records, problems = parse(MATTER_SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    index = name_index(series)
    for record in records:
        row = record["_row"]
        if record["kind"] and record["kind"] not in KINDS:
            problems.append(
                Problem(row, "类别", _("应为 {kinds} 之一").format(kinds="、".join(KINDS)))
            )
        try:
            record["deadline"] = dt.date.fromisoformat(record["deadline"])
        except ValueError:
            problems.append(Problem(row, "解决时限", _("请写成 2026-04-10 的格式")))
        record["units"], unknown = match_list(index, record["units"])
        if unknown:
            problems.append(
                Problem(
                    row,
                    "责任单位",
                    _("不是本系列的参赛单位：{names}").format(names="、".join(unknown)),
                )
            )
        lead = record["lead"]
        record["lead"] = match(index, lead) if lead else None
        if lead and record["lead"] is None:
            problems.append(
                Problem(row, "牵头单位", _("不是本系列的参赛单位：{names}").format(names=lead))
            )
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    matters: dict[tuple[str, str], Matter] = {}
    with transaction.atomic():
        for record in records:
            key = (record["action"], record["title"])
            matter = matters.get(key)
            if matter is None:
                matter = matters[key] = Matter.objects.create(
                    series=series,
                    kind=KINDS.get(record["kind"], Matter.Kind.WORK),
                    title=record["title"],
                    action=record["action"],
                    lead_leader=record["lead_leader"],
                    lead_entrant=record["lead"] or record["units"][0],
                    created_by=user,
                )
                ledger.audit(matter, "status", None, matter.get_status_display(), user=user,
                             note=_("导入"))  # fmt: skip
            ledger.add_measure(
                matter,
                text=record["measure"],
                deadline=record["deadline"],
                units=record["units"],
                user=user,
            )
    return ImportResult(created=len(matters))

"""参赛单位: adding them, importing a list (CSV/XLSX, all rows or none), matching a presenter's
unit to one by its name or a former name."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from arena.lib.reader import (
    Column,
    FileProblem,
    ImportResult,
    ImportSpec,
    Problem,
    parse,
    read_rows,
)
from series.models import Entrant, Series, SeriesGroup

ENTRANT_SPEC = ImportSpec(
    kind="entrants",
    label="参赛单位",
    columns=(
        Column("单位", "name", required=True, max_length=200, example="市商务局"),
        Column("简称", "short_name", max_length=50, example="商务局"),
        Column("类型", "kind", max_length=20, example="部门"),
        Column("分组", "group", max_length=100, example="经济部门组"),
        Column("一把手", "leader_name", max_length=50, example="王强"),
        Column("职务", "leader_title", max_length=100, example="局长"),
        Column("曾用名", "former_names", max_length=500, example="市商务和粮食局"),
    ),
)
KINDS = {str(label): value for value, label in Entrant.Kind.choices}


def by_token(token: str) -> Entrant:
    """The unit behind a private link (/u/<token>/…), with its series; 404 for any other."""
    return get_object_or_404(Entrant.objects.select_related("series"), token=token)


def name_index(series: Series) -> dict[str, Entrant]:
    """Every name and former name of the series' units → the unit."""
    index: dict[str, Entrant] = {}
    for entrant in series.entrants.all():
        for name in entrant.names():
            index.setdefault(name, entrant)
    return index


def match(series_index: dict[str, Entrant], unit: str) -> Entrant | None:
    return series_index.get(" ".join(unit.split()))


def match_list(series_index: dict[str, Entrant], text: str) -> tuple[list[Entrant], list[str]]:
    """Units named in one cell ("太平乡、区卫健局", commas too), in order: those found, and the
    names that are no unit of the series."""
    names = [
        n.strip() for n in text.replace("，", "、").replace(",", "、").split("、") if n.strip()
    ]
    found = [(name, match(series_index, name)) for name in names]
    return [unit for _, unit in found if unit], [name for name, unit in found if unit is None]


def import_entrants(
    series: Series, filename: str, data: bytes, allow_new_groups: bool = False
) -> ImportResult:
    try:
        rows = read_rows(filename, data)
    except FileProblem as problem:
        return ImportResult(problems=[Problem(0, "", str(problem))])
    records, problems = parse(ENTRANT_SPEC, rows)
    if not records:
        return ImportResult(problems=problems)
    taken = name_index(series)
    groups = {g.name: g for g in series.groups.all()}
    seen: dict[str, int] = {}
    new_groups: list[str] = []
    for record in records:
        row = record["_row"]
        names = [record["name"], *record["former_names"].replace("；", ";").split(";")]
        for name in filter(None, (n.strip() for n in names)):
            if name in taken:
                problems.append(Problem(row, "单位", _("已有参赛单位“{name}”").format(name=name)))
            elif name in seen:
                problems.append(
                    Problem(
                        row,
                        "单位",
                        _("与第 {row} 行重复：{name}").format(row=seen[name], name=name),
                    )
                )
            else:
                seen[name] = row
        if record["kind"] and record["kind"] not in KINDS:
            problems.append(
                Problem(row, "类型", _("应为 {kinds} 之一").format(kinds="、".join(KINDS)))
            )
        group = record["group"]
        if group and group not in groups and group not in new_groups:
            if allow_new_groups:
                new_groups.append(group)
            else:
                problems.append(
                    Problem(row, "分组", _("系列中没有分组“{name}”").format(name=group))
                )
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    with transaction.atomic():
        Series.objects.select_for_update().get(pk=series.pk)
        order = series.groups.count()
        for name in new_groups:
            order += 1
            groups[name] = SeriesGroup.objects.create(series=series, name=name, order=order)
        start = series.entrants.count()
        Entrant.objects.bulk_create(
            Entrant(
                series=series,
                name=record["name"],
                short_name=record["short_name"],
                kind=KINDS.get(record["kind"], Entrant.Kind.DEPARTMENT),
                group=groups.get(record["group"]),
                leader_name=record["leader_name"],
                leader_title=record["leader_title"],
                former_names="\n".join(
                    n.strip()
                    for n in record["former_names"].replace("；", ";").split(";")
                    if n.strip()
                ),
                order=start + number,
            )
            for number, record in enumerate(records, start=1)
        )
    return ImportResult(created=len(records), groups_created=new_groups)

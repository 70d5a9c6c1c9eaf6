"""Import contestants and judges from CSV (UTF-8 or GBK) or XLSX: all rows or none.

A file is read into plain rows, every row is checked, and only a file without a single problem
is saved, in one transaction with bulk inserts so 10,000 rows take seconds.
"""

import csv
import io
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from arena.lib.reader import (
    Column,
    FileProblem,
    ImportResult,
    ImportSpec,
    Problem,
    parse,
    read_rows,
)
from arena.text import is_number
from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup
from contests.setup import ensure_editable, locked_for_setup, next_order

CONTESTANT_SPEC = ImportSpec(
    kind="contestants",
    label=_("汇报人"),
    columns=(
        Column("姓名", "name", required=True, max_length=50, example="张明"),
        Column("职务", "title", max_length=100, example="局长"),
        Column("单位", "unit", required=True, max_length=200, example="市发展和改革委员会"),
        Column("分组", "group", max_length=100, example="经济部门组"),
        Column("出场顺序", "order", max_length=10, example="1"),
        Column("汇报主题", "topic", max_length=300, example="抓项目促投资，全力稳住经济大盘"),
    ),
)
JUDGE_SPEC = ImportSpec(
    kind="judges",
    label=_("评委"),
    columns=(
        Column("姓名", "name", required=True, max_length=50, example="李华"),
        Column("单位", "unit", max_length=200, example="市财政局"),
        Column("分组", "group", max_length=100, example="部门负责人"),
    ),
)
SPECS = {spec.kind: spec for spec in (CONTESTANT_SPEC, JUDGE_SPEC)}


def _check_duplicates(
    records: Iterable[dict], existing: set[tuple[str, str]], label: str
) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record["name"], record["unit"])
        if not record["name"]:
            continue
        if key in existing:
            problems.append(
                Problem(
                    record["_row"],
                    "姓名",
                    _("{label}已存在：{value}（{value2}）").format(
                        label=label, value=key[0], value2=key[1]
                    ),
                )
            )
        elif key in seen:
            problems.append(
                Problem(
                    record["_row"],
                    "姓名",
                    _("与第 {key} 行重复：{value}（{value2}）").format(
                        key=seen[key], value=key[0], value2=key[1]
                    ),
                )
            )
        else:
            seen[key] = record["_row"]
    return problems


def _check_orders(contest: Contest, records: list[dict]) -> list[Problem]:
    problems = []
    taken = set(contest.contestants.values_list("order", flat=True))
    seen: dict[int, int] = {}
    for record in records:
        text = record.get("order", "")
        if not text:
            record["order"] = None
            continue
        if not is_number(text) or int(text) < 1:
            problems.append(
                Problem(
                    record["_row"], "出场顺序", _("应为正整数，实际为“{text}”").format(text=text)
                )
            )
            continue
        order = int(text)
        if order in taken:
            problems.append(
                Problem(
                    record["_row"],
                    "出场顺序",
                    _("顺序 {order} 已被现有汇报人占用").format(order=order),
                )
            )
        elif order in seen:
            problems.append(
                Problem(
                    record["_row"],
                    "出场顺序",
                    _("与第 {order} 行的顺序 {order2} 重复").format(
                        order=seen[order], order2=order
                    ),
                )
            )
        seen[order] = record["_row"]
        record["order"] = order
    return problems


def import_file(
    contest: Contest, kind: str, filename: str, data: bytes, allow_new_groups: bool = False
) -> ImportResult:
    """Check a whole file and save it only if every row is good. A group the contest does not
    have yet is created only if `allow_new_groups`: otherwise a typo ("经济部门祖") would
    silently make a group of its own."""
    try:
        rows = read_rows(filename, data)
    except FileProblem as problem:
        return ImportResult(problems=[Problem(0, "", str(problem))])
    return import_rows(contest, kind, rows, allow_new_groups)


def import_rows(
    contest: Contest, kind: str, rows: list[list[str]], allow_new_groups: bool = False
) -> ImportResult:
    """Rows (a header first) checked and saved as import_file does."""
    spec = SPECS[kind]
    ensure_editable(contest)
    records, problems = parse(spec, rows)
    if not records:
        return ImportResult(problems=problems)
    model = Contestant if kind == "contestants" else Judge
    existing = set(model.objects.filter(contest=contest).values_list("name", "unit"))
    problems += _check_duplicates(records, existing, spec.label)
    if kind == "contestants":
        problems += _check_orders(contest, records)
    if not allow_new_groups:
        problems += _unknown_groups(contest, kind, records)
    if problems:
        return ImportResult(problems=sorted(problems, key=lambda p: p.row))
    with transaction.atomic():
        return _save(locked_for_setup(contest), kind, records)


def _unknown_groups(contest: Contest, kind: str, records: list[dict]) -> list[Problem]:
    group_model = ContestantGroup if kind == "contestants" else JudgeGroup
    known = set(group_model.objects.filter(contest=contest).values_list("name", flat=True))
    first_row: dict[str, int] = {}
    for record in records:
        if record["group"] and record["group"] not in known:
            first_row.setdefault(record["group"], record["_row"])
    return [
        Problem(
            row,
            "分组",
            _(
                "本场没有分组“{name}”：若是笔误请改正；确需新建，请勾选“新建文件中的分组”后重新导入"
            ).format(name=name),
        )
        for name, row in first_row.items()
    ]


def _save(contest: Contest, kind: str, records: list[dict]) -> ImportResult:
    group_model = ContestantGroup if kind == "contestants" else JudgeGroup
    groups = {g.name: g for g in group_model.objects.filter(contest=contest)}
    new_names = sorted({r["group"] for r in records if r["group"]} - set(groups))
    start = next_order(group_model.objects.filter(contest=contest))
    for offset, name in enumerate(new_names):
        groups[name] = group_model.objects.create(contest=contest, name=name, order=start + offset)
    if kind == "contestants":
        used = {r["order"] for r in records if r["order"]}
        free = next_order(contest.contestants)
        objects = []
        for record in records:
            if record["order"] is None:
                while free in used:
                    free += 1
                record["order"] = free
                used.add(free)
            objects.append(
                Contestant(
                    contest=contest,
                    name=record["name"],
                    title=record["title"],
                    unit=record["unit"],
                    topic=record["topic"],
                    order=record["order"],
                    group=groups.get(record["group"]),
                )
            )
        Contestant.objects.bulk_create(objects, batch_size=1000)
    else:
        start = next_order(contest.judges)
        objects = [
            Judge(
                contest=contest,
                name=record["name"],
                unit=record["unit"],
                order=start + position,
                group=groups.get(record["group"]),
            )
            for position, record in enumerate(records)
        ]
        Judge.objects.bulk_create(objects, batch_size=1000)
    return ImportResult(created=len(objects), groups_created=new_names)


TEMPLATE_NOTE = _(
    "# 以 # 开头的行是说明或示例，导入时跳过。请从表头下一行起填写，每行一位；"
    "“分组”须与本场已有分组同名，新分组需在导入时确认。"
)


def template_csv(kind: str) -> bytes:
    """A template: the header, a note and an example row that both start with "#" (so neither
    is ever imported), UTF-8 with BOM so Excel shows Chinese."""
    spec = SPECS[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in spec.columns])
    writer.writerow([str(TEMPLATE_NOTE)])
    example = [c.example for c in spec.columns]
    label = _("示例")
    writer.writerow([f"# {label}：{example[0]}", *example[1:]])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    """A template: the data sheet holds only the header (the import reads the first sheet);
    the note and an example row are on a second sheet, 填写说明."""
    from openpyxl import Workbook

    spec = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(spec.label)
    sheet.append([c.header for c in spec.columns])
    notes = workbook.create_sheet(str(_("填写说明")))
    notes.append([str(TEMPLATE_NOTE).lstrip("# ")])
    notes.append([str(_("示例（不会被导入）："))])
    notes.append([c.header for c in spec.columns])
    notes.append([c.example for c in spec.columns])
    for letter, column in zip("ABCDEFGH", spec.columns, strict=False):
        width = max(12, len(column.example) * 2)
        sheet.column_dimensions[letter].width = notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""Import contestants and judges from CSV (UTF-8 or GBK) or XLSX: all rows or none.

A file is read into plain rows, every row is checked, and only a file without a single problem
is saved, in one transaction with bulk inserts so 10,000 rows take seconds.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from arena.text import clean_name, is_number
from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup
from contests.setup import ensure_editable, locked_for_setup, next_order

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    required: bool = False
    max_length: int = 200
    example: str = ""


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    label: str
    columns: tuple[Column, ...]


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


@dataclass(frozen=True)
class Problem:
    row: int  # 1-based as the spreadsheet shows it; 1 is the header, 0 the whole file
    column: str
    reason: str

    def __str__(self) -> str:
        where = _("文件") if self.row == 0 else _("第 {row} 行").format(row=self.row)
        return _("{where}{value}：{reason}").format(
            where=where,
            value=_(" “{column}”列").format(column=self.column) if self.column else "",
            reason=self.reason,
        )


@dataclass
class ImportResult:
    created: int = 0
    groups_created: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class FileProblem(Exception):
    pass


def decode_csv(data: bytes) -> str:
    """Excel on Chinese Windows saves CSV as GBK; everything else here sends UTF-8."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。"))


# What a real list of presenters or judges needs, with room to spare; anything beyond is refused
# before it costs memory or minutes (an upload is read by the web process that received it).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024  # all parts of the workbook, decompressed
MAX_COLUMNS = 64  # cells further right are not read
MAX_SHEET_ROWS = 100_000  # row numbers, blank rows included


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """Rows of cell texts, header first, from a .csv or .xlsx file.

    Reads at most MAX_ROWS data rows (one more, so parse() can say the file is too long) and
    stops there, whatever the file declares about its size."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileProblem(
            _("文件过大（上限 {size} MB）。").format(size=MAX_UPLOAD_BYTES // (1024 * 1024))
        )
    if not data.strip():
        raise FileProblem(_("文件是空的。"))
    if name.endswith(".csv"):
        return _csv_rows(data)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    raise FileProblem(_("只支持 .csv 和 .xlsx 文件。"))


def _first_rows(rows: Iterable[list[str]]) -> list[list[str]]:
    """Non-blank rows, the header and up to MAX_ROWS + 1 data rows, then stop reading."""
    kept = []
    for row in rows:
        if any(cell.strip() for cell in row):
            kept.append(row)
            if len(kept) > MAX_ROWS + 1:
                break
    return kept


def _csv_rows(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    if "\x00" in text:
        raise FileProblem(_("文件内容不是文本表格，请上传 CSV 或 XLSX 文件。"))
    # strict: an unterminated quote is an error, not a cell that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        return _first_rows(row[:MAX_COLUMNS] for row in reader)
    except csv.Error as error:
        raise FileProblem(
            _("CSV 格式错误（第 {row} 行）：{error}").format(row=reader.line_num, error=error)
        ) from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise FileProblem(_("无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿。")) from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:  # a zip bomb, or far more than a list of names
        raise FileProblem(_("XLSX 文件解压后过大，请只保留需要导入的工作表和数据。"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileProblem(_("无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿。")) from error
    try:
        sheet = workbook.worksheets[0]
        # The declared dimension (A1:XFD1048576 in a hostile file) would pad every row to
        # 16,384 cells; forget it and read only the columns an import can use.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return _first_rows(_xlsx_cells(row, number) for number, row in enumerate(rows, 1))
    except FileProblem:
        raise
    except Exception as error:
        raise FileProblem(_("无法读取 XLSX 文件，文件可能已损坏或不是 Excel 工作簿。")) from error
    finally:
        workbook.close()


def _xlsx_cells(row: tuple, number: int) -> list[str]:
    if number > MAX_SHEET_ROWS:  # blank rows up to a far cell cost time too
        raise FileProblem(
            _("工作表超过 {rows} 行，请只保留需要导入的数据。").format(rows=MAX_SHEET_ROWS)
        )
    return ["" if cell is None else _cell_text(cell) for cell in row]


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(spec: ImportSpec, rows: list[list[str]]) -> tuple[list[dict], list[Problem]]:
    """Map rows to dicts by header and check each cell; returns records and problems."""
    if not rows:
        return [], [Problem(0, "", _("文件是空的。"))]
    header = [cell.strip() for cell in rows[0]]
    seen: set[str] = set()
    repeated = [cell for cell in header if cell and (cell in seen or seen.add(cell))]
    if repeated:
        # Which of two same-named columns holds the data is anybody's guess: refuse.
        return [], [Problem(1, cell, _("列名重复")) for cell in dict.fromkeys(repeated)]
    problems = [
        Problem(1, column.header, _("缺少必填列"))
        for column in spec.columns
        if column.required and column.header not in header
    ]
    known = {column.header for column in spec.columns}
    problems += [
        Problem(1, cell, _("无法识别的列名")) for cell in header if cell and cell not in known
    ]
    if problems:
        return [], problems
    # Rows whose first cell starts with "#" are notes and examples (the templates have them).
    data = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if not (row and row[0].strip().startswith("#"))
    ]
    if not data:
        return [], [Problem(0, "", _("文件只有表头，没有数据行。"))]
    if len(data) > MAX_ROWS:
        return [], [Problem(0, "", _("一次最多导入 {ROWS} 行。").format(ROWS=MAX_ROWS))]
    index = {cell: position for position, cell in enumerate(header)}
    records = []
    for row_number, row in data:
        record = {"_row": row_number}
        for column in spec.columns:
            position = index.get(column.header)
            value = (
                clean_name(row[position]) if position is not None and position < len(row) else ""
            )
            if column.required and not value:
                problems.append(Problem(row_number, column.header, _("不能为空")))
            elif len(value) > column.max_length:
                problems.append(
                    Problem(
                        row_number,
                        column.header,
                        _("超过 {length} 个字").format(length=column.max_length),
                    )
                )
            record[column.attr] = value
        records.append(record)
    return records, problems


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

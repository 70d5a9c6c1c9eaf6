"""The tabular import reader: a .csv (UTF-8 or GBK) or .xlsx upload read into rows of cell
texts, header first, within limits that keep a hostile or mistaken file from costing memory or
minutes (`read_rows`), then mapped by header to records with every cell checked against its
column (`parse`). Every import of the product reads its file here; each import checks what its
own rows mean and saves all of them or none."""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from arena.text import clean_name

MAX_ROWS = 20_000  # data rows an import takes


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

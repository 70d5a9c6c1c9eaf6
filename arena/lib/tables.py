"""Tables written for spreadsheets: CSV in UTF-8 with BOM (Excel shows Chinese) and XLSX.

Every text cell passes `safe_cell`, so a name such as "=HYPERLINK(…)" stays text in Excel;
scores and times become real numbers and dates in XLSX."""

import csv
import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


# Scores as the tables carry them ("88.50", "12") and times ("2026-11-22 10:05:00"): written
# to XLSX as real numbers and dates, so a SUM over the total column works and dates sort.
NUMBER = re.compile(r"^(0|[1-9]\d{0,11})(\.\d{1,2})?$")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def to_xlsx(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """A workbook with one worksheet per (title, rows); the first row of each is the header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title[:31])
        widths: dict[int, int] = {}
        for number, row in enumerate(rows):
            cells = [_xlsx_cell(cell, header=number == 0) for cell in row]
            worksheet.append([value for value, _ in cells])
            for column, (_value, number_format) in enumerate(cells, 1):
                if number_format:
                    worksheet.cell(number + 1, column).number_format = number_format
                widths[column] = max(widths.get(column, 0), _display_width(row[column - 1]))
        for column, width in widths.items():
            worksheet.column_dimensions[get_column_letter(column)].width = min(40, width + 2)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object, header: bool = False) -> tuple[object, str]:
    """The value to write and its number format ("" for none)."""
    if not isinstance(value, str):
        return value, ""
    if not header and NUMBER.match(value):
        return Decimal(value), "0.00" if "." in value else "0"
    if not header and TIME.match(value):
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S"), TIME_FORMAT
    # openpyxl writes a string starting with "=" as a formula, and refuses control characters.
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value)), ""


def _display_width(value: object) -> int:
    """Columns of text: a Chinese character takes two."""
    text = str(value) if value is not None else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _


def plain(value: Decimal) -> str:
    """A decimal as people write it: 10.00 → "10", 0.50 → "0.5", never "1E+1"."""
    return f"{value.normalize():f}"


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ANSI_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
# Bidi embeddings, overrides and isolates (they reorder what a projector or PDF shows), and
# zero-width characters (a zero-width space in a unit defeated same-unit recusal).
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(value: str) -> str:
    """Free text from a user without terminal escapes, control characters (NUL cannot even be
    stored in PostgreSQL), bidi controls or zero-width characters; line breaks and tabs stay."""
    return INVISIBLE.sub("", CONTROL_CHARACTERS.sub("", ANSI_ESCAPES.sub("", value)))


def clean_name(value: str) -> str:
    """A name, unit or title: clean_text on one line, runs of spaces made one."""
    return " ".join(clean_text(value).split())


def is_number(text: str) -> bool:
    """Plain ASCII digits only: str.isdigit() also accepts "¹" and "①", which int() refuses."""
    return bool(re.fullmatch(r"[0-9]{1,18}", text))


def form_id(value: str | None) -> int:
    """A row id posted in a form, or 0 (which no row has) for anything else: a missing field,
    "x", "①" or a number too big for the database all find nothing instead of failing."""
    return int(value) if value and is_number(value) else 0


def column_limit(max_digits: int, decimal_places: int) -> Decimal:
    """The magnitude a DecimalField(max_digits, decimal_places) cannot reach: a value at or
    above it is refused at input, so that everything stored reads back (SQLite's converter
    fails on a row holding more digits than the column; PostgreSQL refuses the write)."""
    return Decimal(10) ** (max_digits - decimal_places)


def to_column(value: Decimal, decimal_places: int) -> Decimal:
    """A figure as its DecimalField stores it: rounded half-up to the column's decimal places,
    as PostgreSQL rounds on insert — and before it, since a value such as 1E-999999999 (which
    Decimal() reads) overflows PostgreSQL's numeric format instead of becoming 0."""
    return value.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)


# What a PositiveIntegerField holds on every database Django supports.
INTEGER_LIMIT = 2_147_483_647


FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
DECIMAL_TEXT = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")


def parse_decimal(text: str) -> Decimal | None:
    """A score or value as typed: ASCII or full-width digits with at most one decimal point,
    nothing else (no sign, exponent, "_", or other scripts' digits that Decimal() accepts:
    "1e-999999999" would be stored as 0, "-0" as -0.00, "٢٥" and "𝟓" as numbers). None if it is
    not one."""
    text = text.strip().translate(FULL_WIDTH)
    return Decimal(text) if DECIMAL_TEXT.fullmatch(text) else None


# What a form of a page one runs answers when the row it names (by a posted id) is not on that
# page: the page again with this, 422 (its own pages are known to the user; 404 is for what is
# not theirs).
ROW_NOT_FOUND = _("没有找到要操作的记录：编号有误，或它已不在这一页上。")

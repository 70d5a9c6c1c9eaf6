import re
from decimal import Decimal


def plain(value: Decimal) -> str:
    """A decimal as people write it: 10.00 → "10", 0.50 → "0.5", never "1E+1"."""
    return f"{value.normalize():f}"


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Free text from a user without invisible control characters (NUL cannot even be stored
    in PostgreSQL); line breaks and tabs stay."""
    return CONTROL_CHARACTERS.sub("", value)


def is_number(text: str) -> bool:
    """Plain ASCII digits only: str.isdigit() also accepts "¹" and "①", which int() refuses."""
    return bool(re.fullmatch(r"[0-9]{1,18}", text))


FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
DECIMAL_TEXT = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")


def parse_decimal(text: str) -> Decimal | None:
    """A score or value as typed: ASCII or full-width digits with at most one decimal point,
    nothing else (no sign, exponent, "_", or other scripts' digits that Decimal() accepts:
    "1e-999999999" would be stored as 0, "-0" as -0.00, "٢٥" and "𝟓" as numbers). None if it is
    not one."""
    text = text.strip().translate(FULL_WIDTH)
    return Decimal(text) if DECIMAL_TEXT.fullmatch(text) else None

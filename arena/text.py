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

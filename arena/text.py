from decimal import Decimal


def plain(value: Decimal) -> str:
    """A decimal as people write it: 10.00 → "10", 0.50 → "0.5", never "1E+1"."""
    return f"{value.normalize():f}"

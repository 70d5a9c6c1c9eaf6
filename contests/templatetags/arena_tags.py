import time
from decimal import Decimal

from django import template

from arena.text import plain

register = template.Library()


@register.filter
def attr(obj: object, name: str) -> object:
    """Read a field for a generic table cell; choices show their label."""
    display = getattr(obj, f"get_{name}_display", None)
    return display() if callable(display) else getattr(obj, name, "")


@register.filter(name="plain")
def plain_number(value: Decimal) -> str:
    return plain(value)


@register.simple_tag
def server_ms() -> int:
    """The server's clock in ms, for the countdowns' script (static/js/countdown.js)."""
    return int(time.time() * 1000)

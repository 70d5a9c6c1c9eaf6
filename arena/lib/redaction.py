"""Secrets out of text: every link that carries one — a judge's (/j/), a unit's (/u/), a
screen's or public page's (/s/, /s/series/, /s/boards/), an invitation (/join/) and a password
reset (/reset/<uid>/<token>/) — has it replaced by "…" (one rule, SECRET_IN_PATH)."""

import re

# The prefixes under which the next path segment is a secret (longest first: /s/series/<token>
# before /s/<token>); a reset link carries two.
SECRET_IN_PATH = re.compile(r"/(j|u|join|s/series|s/boards|s)/[^/\s?#\"'…]+|/reset/[^/\s]+/[^/\s]+")


def _hide(match: re.Match) -> str:
    return f"/{match.group(1)}/…" if match.group(1) else "/reset/…/…"


def redacted(text: str) -> str:
    """A path, message or traceback with every link's secret replaced by "…"."""
    return SECRET_IN_PATH.sub(_hide, text)

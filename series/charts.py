"""The series in pictures: each unit's cumulative rank and value after every counted round (the
standings page, the public season page, the 成绩单), a unit's own sparkline of rank and total.
Rebuilt from the signed snapshot with the series' own rule (series/cumulative.py), so the last
point is the standing the tables show."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from arena.lib.charts import Chart, Line, line_chart, sparkline
from series import cumulative


def progression(data: dict) -> tuple[list[str], dict[int, list[tuple[int | None, Decimal | None]]]]:
    """The counted rounds' labels and, per unit, (cumulative rank, value) after each of them."""
    counted = [r for r in data["rounds"] if r["number"] in set(data["counted"])]
    engine_rounds = [
        cumulative.Round(
            r["number"],
            {row["id"]: Decimal(row["rounds"][str(r["number"])]["total"])
             for row in data["entrants"] if str(r["number"]) in row["rounds"]},
            Decimal(r["weight"]),
        )
        for r in counted
    ]  # fmt: skip
    after: dict[int, list[tuple[int | None, Decimal | None]]] = {
        row["id"]: [] for row in data["entrants"]
    }
    for k in range(1, len(engine_rounds) + 1):
        table = {
            s.entrant: s
            for s in cumulative.standings(engine_rounds[:k], data["method"], data["minimum_rounds"])
        }
        for unit, points in after.items():
            standing = table.get(unit)
            points.append((standing.rank, standing.published) if standing else (None, None))
    labels = [_("第{n}期").format(n=r["number"]) for r in counted]
    return labels, after


def _name(row: dict) -> str:
    return row["short_name"] or row["name"]


Progress = tuple[list[str], dict[int, list[tuple[int | None, Decimal | None]]]]


def rank_chart(data: dict, highlight: int | None = None, known: Progress | None = None) -> Chart:
    """累计名次 after each round, each unit a line, 1 at the top; `highlight` one unit
    (`known`: progression(data) when drawing it for every unit of a 成绩单)."""
    labels, after = known or progression(data)
    lines = [
        Line(_name(row), [rank for rank, _v in after[row["id"]]], highlight=row["id"] == highlight)
        for row in data["entrants"]
    ]
    return line_chart(_("累计名次"), labels, lines, invert=True, integer=True)


def value_chart(data: dict, highlight: int | None = None, known: Progress | None = None) -> Chart:
    """累计得分 after each round, each unit a line."""
    labels, after = known or progression(data)
    lines = [
        Line(_name(row), [v for _r, v in after[row["id"]]], highlight=row["id"] == highlight)
        for row in data["entrants"]
    ]
    return line_chart(_("累计得分"), labels, lines)


def unit_sparklines(data: dict, unit: int, known: Progress | None = None) -> tuple[Chart, Chart]:
    """A unit's cumulative rank and each round's own total, small."""
    _labels, after = known or progression(data)
    row = next(r for r in data["entrants"] if r["id"] == unit)
    counted = [str(n) for n in data["counted"]]
    totals = [Decimal(row["rounds"][n]["total"]) if n in row["rounds"] else None for n in counted]
    ranks = [rank for rank, _v in after[unit]]
    return (
        sparkline(_("{name} 累计名次").format(name=_name(row)), ranks, invert=True),
        sparkline(_("{name} 每期得分").format(name=_name(row)), totals),
    )


def trend(data: dict, highlight: int | None = None) -> dict:
    """走势 for a page: cumulative rank and value after each counted round (none before one)."""
    if not data["counted"]:
        return {}
    return {"charts": [rank_chart(data, highlight), value_chart(data, highlight)],
            "highlight": highlight}  # fmt: skip

"""A series snapshot as the pages, files and PDFs show it: the matrix, trends as arrows, the
结果运用 rows with the rank → points table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from series.models import Consequence, Series


def trend_text(trend: int | None, new: bool = False) -> str:
    """较上期: ▲ places gained, ▼ places lost, — unchanged, 新 without an earlier rank."""
    if trend is None:
        return _("新") if new else ""
    if trend > 0:
        return f"▲{trend}"
    if trend < 0:
        return f"▼{-trend}"
    return "—"


def counted_rounds(data: dict) -> list[dict]:
    return [r for r in data["rounds"] if r["status"] == "counted"]


@dataclass
class Cell:
    total: str | None
    rank: int | None
    field: int | None
    group_rank: int | None
    trend: str
    award: str
    flag: bool
    presenter: str

    @property
    def awards(self) -> list[tuple[str, str]]:
        """(kind, words) of what this unit won in this round — 红旗 or 蜗牛, and 流动红旗 — as
        every table, page and file names them."""
        named = {"red_flag": _("红旗"), "snail": _("蜗牛")}
        won = [(self.award, named[self.award])] if self.award in named else []
        return won + ([("rolling_flag", _("流动红旗"))] if self.flag else [])

    @property
    def awards_text(self) -> str:
        return "、".join(words for _, words in self.awards)


def matrix(data: dict, group: str | None = None) -> dict:
    """Rows (entrants) × counted rounds, then the cumulative columns; one group or all."""
    rounds = counted_rounds(data)
    rows = []
    for entrant in data["entrants"]:
        if group is not None and entrant["group"] != group:
            continue
        cells = []
        for rnd in rounds:
            cell = entrant["rounds"].get(str(rnd["number"]))
            if cell is None:
                cells.append(None)
                continue
            first = rnd is rounds[0]
            cells.append(
                Cell(
                    total=cell["total"],
                    rank=cell["rank"],
                    field=cell["field"],
                    group_rank=cell["group_rank"],
                    trend=""
                    if first
                    else (_("上期未参赛") if cell["new"] else trend_text(cell["trend"])),
                    award=cell["award"],
                    flag=cell["flag"],
                    presenter=cell["presenter"],
                )
            )
        rows.append(
            {
                **entrant,
                "cells": cells,
                # After the first counted round there is nothing to compare with: blank.
                "trend_text": trend_text(
                    entrant["trend"], new=entrant["rank"] is not None and len(rounds) > 1
                ),
                "attended_text": f"{entrant['attended']}/{len(rounds)}",
                "shown_rank": entrant["group_rank"] if group is not None else entrant["rank"],
            }
        )
    ranked = sum(1 for row in rows if row["rank"] is not None)
    return {"rounds": rounds, "rows": rows, "ranked": ranked}


def groups(data: dict) -> list[str]:
    return list(dict.fromkeys(e["group"] for e in data["entrants"] if e["group"]))


MATRIX_HEADER_END = ["累计得分", "累计名次", "较上期", "参赛期数"]


def matrix_table(data: dict) -> tuple[list[str], list[list]]:
    """The matrix as a sheet, one row per entrant; scores as their published text ("86.67"),
    which arena/lib/tables.to_xlsx writes as numbers."""
    shown = matrix(data)
    header = ["单位", "分组"]
    for rnd in shown["rounds"]:
        header += [f"第{rnd['number']}期{label}" for label in ("总分", "名次", "评奖")]
    header += MATRIX_HEADER_END
    lines = []
    for row in shown["rows"]:
        line: list = [row["name"], row["group"] or ""]
        for cell in row["cells"]:
            line += [cell.total, cell.rank, cell.awards_text] if cell else [None, None, None]
        line += [
            row["value"],
            row["rank"],
            row["trend_text"] if row["rank"] is not None else _("不排名"),
            row["attended"],
        ]
        lines.append(line)
    return header, lines


def points(series: Series, rank: int | None) -> Decimal | None:
    """折算分 for a cumulative rank: the first place's points less the step per place below."""
    if rank is None:
        return None
    return max(Decimal(series.points_first) - series.points_step * (rank - 1), Decimal(0))


def _points_text(value: Decimal | None) -> str | None:
    return (
        None
        if value is None
        else f"{value.normalize():f}"
        if value == value.to_integral()
        else f"{value:.2f}"
    )


CONSEQUENCE_HEADER = [
    "单位",
    "年度累计得分",
    "累计名次",
    "折算分",
    "红旗次数",
    "蜗牛次数",
    "结果运用",
]


def consequence_table(series: Series, data: dict) -> tuple[list[str], list[list]]:
    tags: dict[int, list[str]] = {}
    for consequence in Consequence.objects.filter(entrant__series=series).order_by("recorded_at"):
        label = consequence.get_tag_display()
        if consequence.note:
            label += f"（{consequence.note}）"
        tags.setdefault(consequence.entrant_id, []).append(label)
    lines = [
        [
            row["name"],
            row["value"],
            row["rank"],
            _points_text(points(series, row["rank"])),
            row["red"],
            row["snail"],
            "；".join(tags.get(row["id"], [])),
        ]
        for row in data["entrants"]
    ]
    return CONSEQUENCE_HEADER, lines

"""One contest's 三考三比 月度榜单: per 小组, each presenter's composite, 小组 rank, dimension
subtotals and 全科/偏科 (docs/scoring.md §6).

The composite, ranks and subtotals are the results snapshot's (the engine's, one source for
page, PDF, XLSX and screen); the task values are the indicator table's. A series adds the
change on last month (series/monthly.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from arena.text import plain
from contests.models import Contest, Indicator, IndicatorScore
from scoring.composite import weak_items
from scoring.indicators import applies
from scoring.results import results_snapshot

DIMENSION_ORDER = [*Indicator.Dimension.values, ""]


def shown_value(value: Decimal) -> str:
    """A task score as the board prints it: at least one decimal (3.0, 5.5, 9.88)."""
    text = f"{value:f}"
    if "." not in text:
        return f"{text}.0"
    whole, fraction = text.split(".")
    return f"{whole}.{fraction.rstrip('0') or '0'}"


@dataclass(frozen=True)
class TaskCell:
    indicator: int
    name: str
    dimension: str  # the contest's label, or ""
    maximum: Decimal
    value: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        """Score ÷ maximum in whole per cent."""
        if self.value is None:
            return None
        return (self.value * 100 / self.maximum).quantize(Decimal(1), ROUND_HALF_UP)

    def __str__(self) -> str:
        return f"{self.name} {shown_value(self.value)}/{plain(self.maximum)}（{self.rate}%）"


@dataclass
class BoardRow:
    contestant: int
    name: str
    unit: str
    group: str
    rank: int | None
    group_rank: int | None
    composite: Decimal | None
    subtotals: list[Decimal | None]
    tasks: list[TaskCell]
    weak: list[TaskCell]
    columns: list[str] = field(default_factory=list)  # the subtotals' headings
    change: Decimal | None = None  # on last month, when a series knows it (series/monthly.py)
    entrant: int | None = None  # the series' unit, when a series knows it

    @property
    def labelled_subtotals(self) -> list[tuple[str, Decimal | None]]:
        return list(zip(self.columns, self.subtotals, strict=True))

    @property
    def change_text(self) -> str:
        """较上月: ▲1.20, ▼0.50, 0.00, or — without a last month."""
        if self.change is None:
            return "—"
        if self.change > 0:
            return f"▲{self.change}"
        return f"▼{-self.change}" if self.change < 0 else f"{self.change}"

    @property
    def place(self) -> int | None:
        """The 小组 rank; the overall rank when the contest has no groups."""
        return self.group_rank if self.group else self.rank

    @property
    def verdict(self) -> str:
        """全科, or 偏科 with the weak tasks: "偏科：村集体增收 3.0/6（50%）"."""
        if self.composite is None:
            return ""
        if not self.weak:
            return _("全科")
        return _("偏科：") + "、".join(map(str, self.weak))


@dataclass
class Board:
    contest: Contest
    columns: list[str]  # the dimension subtotals' headings
    groups: list[tuple[str, list[BoardRow]]] = field(default_factory=list)
    version: int | None = None

    @property
    def rows(self) -> list[BoardRow]:
        return [row for _, rows in self.groups for row in rows]


def _decimal(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


def board(contest: Contest) -> Board:
    """The contest's board from its results snapshot (the signed one once signed); no rows
    before the first standings."""
    indicators = list(contest.indicators.all())
    names = contest.dimension_names()
    labels = dict(zip(Indicator.Dimension.values, names, strict=True))
    used = [key for key in DIMENSION_ORDER if any(i.dimension == key for i in indicators)]
    if used == [""]:
        used = []  # no task has a dimension: no subtotal columns
    columns = [labels.get(key, _("未分维度")) for key in used]
    result = Board(contest, columns)
    snapshot = results_snapshot(contest)
    if snapshot is None:
        return result
    result.version = snapshot.version
    values = {
        (s.indicator_id, s.contestant_id): s.value
        for s in IndicatorScore.objects.filter(indicator__contest=contest)
    }
    listed = Indicator.listed_presenters(contest)
    order = {g.name: g.order for g in contest.contestant_groups.all()}
    grouped: dict[str, list[BoardRow]] = {}
    for row in snapshot.data["results"]:
        tasks = [
            TaskCell(
                i.pk,
                i.name,
                labels.get(i.dimension, ""),
                i.max_score,
                values.get((i.pk, row["contestant"])),
            )
            for i in indicators
            if applies(i, row["contestant"], listed)
        ]
        weak = set(
            weak_items(
                ((t.indicator, t.value, t.maximum) for t in tasks), contest.weak_below_percent
            )
        )
        dimensions = row.get("dimensions", {})
        grouped.setdefault(row["group"], []).append(
            BoardRow(
                contestant=row["contestant"],
                name=row["name"],
                unit=row["unit"],
                group=row["group"],
                rank=row["rank"],
                group_rank=row["group_rank"],
                composite=_decimal(row["total"]),
                subtotals=[_decimal(dimensions.get(key)) for key in used],
                columns=columns,
                tasks=tasks,
                weak=[t for t in tasks if t.indicator in weak],
            )
        )
    for group in sorted(grouped, key=lambda g: (order.get(g, len(order)), g)):
        rows = grouped[group]
        rows.sort(key=lambda r: (r.place is None, r.place or 0))
        result.groups.append((group, rows))
    return result

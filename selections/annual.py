"""年表彰 from a 赛马 series (「月亮灯、季通报、年表彰」, 002): each unit's year — 红旗, 流动红旗
held, 蜗牛, 黄牌 and 红牌, its cumulative rank — and the units a rule proposes for commendation;
the organizer confirms them into a selection, which then goes through its 公示 and 表彰."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from followup.models import Card
from selections import flow
from selections.models import Selection, Step
from series.models import Series
from series.standings import latest_snapshot

# The steps of a 年表彰: the year's results decide who is proposed; 公示; 表彰.
ANNUAL_STEPS = [
    ("年度考评结果", {"needs_note": True}),
    ("结果公示", {"kind": Step.Kind.PUBLICITY}),
    ("统一表彰", {"kind": Step.Kind.COMMEND}),
]


@dataclass(frozen=True)
class Rule:
    """Who is proposed: at least `min_red` 红旗 and `min_flags` 流动红旗 held, at most
    `max_red_cards` 红牌 and `max_snails` 蜗牛 (None: no limit)."""

    min_red: int = 2
    min_flags: int = 0
    max_red_cards: int | None = 0
    max_snails: int | None = None

    def admits(self, row: dict) -> bool:
        return (
            row["red"] >= self.min_red
            and row["flags"] >= self.min_flags
            and (self.max_red_cards is None or row["red_cards"] <= self.max_red_cards)
            and (self.max_snails is None or row["snail"] <= self.max_snails)
        )

    def describe(self) -> str:
        parts = [_("红旗 ≥ {n} 次").format(n=self.min_red)]
        if self.min_flags:
            parts.append(_("流动红旗 ≥ {n} 次").format(n=self.min_flags))
        if self.max_red_cards is not None:
            parts.append(_("红牌 ≤ {n} 张").format(n=self.max_red_cards))
        if self.max_snails is not None:
            parts.append(_("蜗牛 ≤ {n} 次").format(n=self.max_snails))
        return "，".join(parts)


def year_rows(series: Series) -> list[dict]:
    """Per unit, from the signed rounds (the series' latest standings) and its cards: rank,
    红旗, 流动红旗, 蜗牛, 黄牌, 红牌 — in the order of the cumulative ranking."""
    snapshot = latest_snapshot(series)
    entrants = snapshot.data["entrants"] if snapshot else []
    cards: dict[int, dict[str, int]] = {}
    for entrant, colour in Card.objects.filter(series=series).values_list("entrant_id", "colour"):
        cards.setdefault(entrant, {}).setdefault(colour, 0)
        cards[entrant][colour] += 1
    rows = [
        {
            "id": row["id"],
            "name": row["name"],
            "rank": row.get("rank"),
            "red": row.get("red", 0),
            "flags": row.get("flags", 0),
            "snail": row.get("snail", 0),
            "yellow_cards": cards.get(row["id"], {}).get(Card.Colour.YELLOW, 0),
            "red_cards": cards.get(row["id"], {}).get(Card.Colour.RED, 0),
        }
        for row in entrants
    ]
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))


FIGURES = gettext_noop(
    "累计第 {rank} 名，红旗 {red} 次，流动红旗 {flags} 次，蜗牛 {snail} 次，红牌 {red_cards} 张"
)


def figures(row: dict) -> str:
    """A unit's year in one line, as the 年度考评结果 step records it."""
    return _(FIGURES).format(**{**row, "rank": row["rank"] or "—"})


def proposed(rows: list[dict], rule: Rule) -> list[dict]:
    return [row for row in rows if rule.admits(row)]


@transaction.atomic
def confirm(series: Series, entrant_ids: list[int], rule: Rule, user,
            category: str = "年度红旗单位") -> Selection:  # fmt: skip
    """A selection of the confirmed units, each through 年度考评结果 with its figures; its 公示
    and 表彰 follow as for any selection."""
    rows = {row["id"]: row for row in year_rows(series)}
    chosen = [rows[pk] for pk in entrant_ids if pk in rows]
    if not chosen:
        raise flow.SelectionError(_("请至少确认一个单位。"))
    selection = flow.create(
        series.organisation, _("{title}年度表彰").format(title=series.title), series.year, user,
        units=[row["name"] for row in chosen], categories=[category], steps=ANNUAL_STEPS,
    )  # fmt: skip
    unit_of = {unit.name: unit for unit in selection.units.all()}
    star, first = selection.categories.get(), selection.steps.get(order=0)
    for row in chosen:
        nominee = flow.nominate(selection, name=row["name"], unit=unit_of[row["name"]],
                                category=star, user=user)  # fmt: skip
        flow.pass_step(nominee, first, user, note=figures(row))
    flow.log(selection, user, _("由赛马系列年度结果生成"), f"{series.title}：{rule.describe()}")
    return selection

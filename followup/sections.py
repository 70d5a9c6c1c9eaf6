"""What the ledger adds to the series' PDFs: per unit, its 交办 and on-time rate and its cards
(成绩单); for the period, the cards decided and the overdue assignments (通报)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from followup import ledger, rules
from followup.models import Card, Matter, Measure
from series.models import Series


def _year(series: Series) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return dt.date(series.year, 1, 1), min(today, dt.date(series.year, 12, 31))


def entrant_lines(series: Series, snapshot) -> dict[int, list[str]]:
    start, end = _year(series)
    today = timezone.localdate()
    per_unit: dict[int, list[Measure]] = {}
    measures = Measure.objects.filter(
        matter__series=series, matter__kind=Matter.Kind.ASSIGNED
    ).exclude(matter__status=Matter.Status.CANCELLED)
    for measure in measures.prefetch_related("responsible"):
        for link in measure.responsible.all():
            per_unit.setdefault(link.entrant_id, []).append(measure)
    lines: dict[int, list[str]] = {}
    for entrant, owned in per_unit.items():
        counts = Counter(ledger.outcome(m, today) for m in owned)
        parts = ledger.outcomes_text(counts, "，")
        rate = rules.on_time_rate(
            [(m.deadline, m.done_on if m.status == Measure.Status.CLOSED else None) for m in owned],
            start,
            end,
        )
        text = _("交办 {n} 项（{parts}）").format(n=len(owned), parts=parts)
        if rate is not None:
            text += _("；按期办结率 {rate}%").format(rate=round(float(rate) * 100))
        lines.setdefault(entrant, []).append(text)
    for card in Card.objects.filter(series=series).select_related("issued_round", "changed_round"):
        lines.setdefault(card.entrant_id, []).append(card_text(card))
    return lines


def card_text(card: Card) -> str:
    """ "黄牌（第 2 期蜗牛），第 3 期签字时转为红牌：退出重点项目计划"."""
    text = _("黄牌（第 {n} 期蜗牛）").format(n=card.issued_round.number)
    if card.changed_round:
        what = _("转为红牌") if card.colour == Card.Colour.RED else _("摘牌")
        text += _("，第 {n} 期签字时{what}").format(n=card.changed_round.number, what=what)
    return text + (f"：{card.note}" if card.note else "")


def bulletin_sections(series: Series, snapshot) -> list[tuple[str, list[str]]]:
    counted = [r for r in snapshot.data["rounds"] if r["status"] == "counted"]
    if not counted:
        return []
    number = counted[-1]["number"]
    sections = []
    cards = Card.objects.filter(series=series).select_related("entrant")
    red = [
        c.entrant.name
        for c in cards
        if c.colour == Card.Colour.RED and c.changed_round and c.changed_round.number == number
    ]
    yellow = [
        c.entrant.name
        for c in cards
        if c.colour == Card.Colour.YELLOW and c.issued_round.number == number
    ]
    lifted = [
        c.entrant.name
        for c in cards
        if c.colour == Card.Colour.LIFTED and c.changed_round and c.changed_round.number == number
    ]
    if cards:
        lines = []
        if red:
            lines.append(_("红牌：{names}").format(names="、".join(red)))
        if yellow:
            lines.append(_("黄牌：{names}").format(names="、".join(yellow)))
        if lifted:
            lines.append(_("摘牌：{names}").format(names="、".join(lifted)))
        sections.append((_("黄牌与红牌"), lines))
    today = timezone.localdate()
    overdue = [
        m
        for m in Measure.objects.filter(matter__series=series)
        .exclude(status=Measure.Status.CLOSED)
        .exclude(matter__status=Matter.Status.CANCELLED)
        .select_related("matter")
        if ledger.measure_light(m, today).colour == rules.RED
    ]
    if Matter.objects.filter(series=series).exists():
        sections.append(
            (
                _("交办逾期清单"),
                [
                    _("{matter}：{measure}；{units}；逾期 {n} 天").format(
                        matter=m.matter.title,
                        measure=m.text,
                        units="、".join(u.name for u in m.units()),
                        n=ledger.measure_light(m, today).overdue,
                    )
                    for m in overdue
                ],
            )
        )
    return sections

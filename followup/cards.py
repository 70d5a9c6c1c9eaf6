"""黄牌 and 红牌: each 蜗牛 of a counted round gets a 黄牌 and an 整改 matter; at the next round's
sign-off each 黄牌 is escalated, lifted or kept (followup/rules.card_step). The date that counts
is the round's own date, so a correction signed later decides as the round would have."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from followup import ledger, rules
from followup.models import Card, FollowupSettings, Matter, Measure
from series.models import Entrant, Round, Series


def settings_for(series: Series) -> FollowupSettings:
    return FollowupSettings.objects.get_or_create(series=series)[0]


def _rectification_overdue(matter: Matter, on: dt.date) -> bool:
    return any(
        ledger.measure_light(measure, on).colour == rules.RED
        for measure in matter.measures.exclude(status=Measure.Status.CLOSED)
    )


def on_round_counted(sender, *, series: Series, round: Round, snapshot, user=None, **kwargs):
    """series.standings.round_counted: decide the cards of this round (once per round)."""
    config = settings_for(series)
    if not config.cards:
        return
    if (
        Card.objects.filter(series=series, issued_round=round).exists()
        or Card.objects.filter(series=series, changed_round=round).exists()
    ):
        return  # decided when the round first counted; a re-signed correction keeps them
    row = next(r for r in snapshot.data["rounds"] if r["number"] == round.number)
    snails = set(row.get("snail", []))
    on = round.contest.date
    escalated = set()
    for card in Card.objects.filter(
        series=series, colour=Card.Colour.YELLOW, issued_round__number__lt=round.number
    ).select_related("matter", "entrant"):
        step = rules.card_step(
            snail_again=card.entrant_id in snails,
            rectified=card.matter.status == Matter.Status.CLOSED,
            rectification_overdue=_rectification_overdue(card.matter, on),
        )
        if step == rules.YELLOW_CARD:
            continue
        old = card.get_colour_display()
        card.colour = step
        card.changed_round = round
        card.note = config.red_card_consequence if step == rules.RED_CARD else ""
        card.save(update_fields=["colour", "changed_round", "note"])
        ledger.audit(card.matter, "card", old, card.get_colour_display(), user=user,
                     note=_("第 {n} 期签字时").format(n=round.number))  # fmt: skip
        if step == rules.RED_CARD:
            escalated.add(card.entrant_id)
    held = set(
        Card.objects.filter(series=series, colour=Card.Colour.RED).values_list("entrant", flat=True)
    )
    for entrant in Entrant.objects.filter(pk__in=snails - escalated - held):
        issue(series, entrant, round, config.rectification_days, user)


def issue(series: Series, entrant: Entrant, round: Round, days: int, user=None) -> Card:
    """A 黄牌 with its 整改 matter, due `days` after the round, the unit responsible."""
    matter = Matter.objects.create(
        series=series,
        kind=Matter.Kind.RECTIFICATION,
        title=_("第 {n} 期蜗牛整改：{unit}").format(n=round.number, unit=entrant.name),
        lead_entrant=entrant,
        round=round,
    )
    ledger.audit(matter, "status", None, matter.get_status_display(), user=user, note=_("黄牌"))
    ledger.add_measure(
        matter,
        text=_("对照蜗牛问题整改并报送整改情况"),
        deadline=round.contest.date + dt.timedelta(days=days),
        units=[entrant],
        user=user,
    )
    return Card.objects.create(series=series, entrant=entrant, issued_round=round, matter=matter)

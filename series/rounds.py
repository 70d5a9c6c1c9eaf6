"""Rounds (期) of a series: taking a contest in as a round, linking its presenters to units,
and 新建下一期 from the last round (with 典型发言 chosen by the cumulative standings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from contests.models import Contest, Contestant
from contests.setup import copy_contest
from series.entrants import match, name_index
from series.models import Entrant, Participation, Round, Series, SeriesEvent, SeriesGroup
from series.standings import COUNTED, latest_snapshot, log, refresh, round_status


class SeriesError(Exception):
    """An action on a series that cannot be done; the message is for the organizer."""


def _check_date(series: Series, day: dt.date) -> None:
    if day.year != series.year:
        raise SeriesError(
            _("日期 {date} 不在系列年度 {year} 年内。").format(date=day, year=series.year)
        )


def next_number(series: Series) -> int:
    last = series.rounds.order_by("-number").first()
    return last.number + 1 if last else 1


def auto_link(rnd: Round) -> list[str]:
    """Link every unlinked presenter whose unit is a unit's name or former name; returns the
    presenters left unlinked."""
    index = name_index(rnd.series)
    taken = set(rnd.participations.values_list("entrant_id", flat=True))
    left = []
    for contestant in rnd.contest.contestants.filter(participation__isnull=True):
        entrant = match(index, contestant.unit)
        if entrant is None or entrant.pk in taken:
            left.append(contestant.name)
            continue
        Participation.objects.create(contestant=contestant, round=rnd, entrant=entrant)
        taken.add(entrant.pk)
    return left


def units_changed(series: Series, user=None) -> None:
    """After units are added: link by name in every round still open to it (units added after
    a round was taken in find its presenters without a click; a counted round has every
    presenter linked), then recount the series."""
    for rnd in series.rounds.select_related("contest", "series"):
        if round_status(rnd.contest) != COUNTED:
            auto_link(rnd)
    refresh(series, user)


@transaction.atomic
def units_from_contest(series: Series, contest: Contest, user=None) -> int:
    """The units of a contest's presenters as the series' units (groups as the contest groups
    them), those the series does not know yet; the contest becomes the series' first round
    when it is none yet. Returns how many units were added."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    index = name_index(series)
    groups = {g.name: g for g in series.groups.all()}
    order = series.entrants.count()
    added = 0
    for presenter in contest.contestants.taking_part().select_related("group").order_by("order"):
        name = " ".join(presenter.unit.split())
        if not name or match(index, name) is not None:
            continue
        group = None
        if presenter.group is not None:
            group = groups.get(presenter.group.name)
            if group is None:
                group = groups[presenter.group.name] = SeriesGroup.objects.create(
                    series=series, name=presenter.group.name, order=len(groups) + 1
                )
        order += 1
        index[name] = Entrant.objects.create(series=series, name=name, group=group, order=order)
        added += 1
    if not Round.objects.filter(contest=contest).exists():
        add_round(series, contest, label=contest.title, user=user)  # links by name, refreshes
    else:
        units_changed(series, user)
    return added


@transaction.atomic
def link(rnd: Round, contestant: Contestant, entrant: Entrant | None, user=None) -> None:
    """Set (or clear, with None) the unit a presenter of this round stands for; the series'
    log says who changed which link (in a counted round it moves the standings)."""
    if contestant.contest_id != rnd.contest_id:
        raise SeriesError(_("该汇报人不属于本期。"))
    if entrant is not None and entrant.series_id != rnd.series_id:
        raise SeriesError(_("该参赛单位不属于本系列。"))
    other = (
        rnd.participations.filter(entrant=entrant).exclude(contestant=contestant).first()
        if entrant is not None
        else None
    )
    if other is not None:
        raise SeriesError(
            _("“{unit}”本期已由 {name} 代表。").format(
                unit=entrant.name, name=other.contestant.name
            )
        )
    before = Participation.objects.filter(contestant=contestant).select_related("entrant").first()
    was = before.entrant if before else None
    if was == entrant:
        return
    Participation.objects.filter(contestant=contestant).delete()
    if entrant is not None:
        Participation.objects.create(contestant=contestant, round=rnd, entrant=entrant)
    nobody = _("（未关联）")
    log(
        rnd.series,
        SeriesEvent.Action.LINK,
        user,
        _("{round} {name}：{old} → {new}").format(
            round=rnd.label, name=contestant.name, old=was.name if was else nobody,
            new=entrant.name if entrant else nobody,
        ),
    )  # fmt: skip
    refresh(rnd.series, user)


@transaction.atomic
def add_round(
    series: Series,
    contest: Contest,
    *,
    label: str,
    weight: Decimal = Decimal(1),
    period: tuple[dt.date | None, dt.date | None] = (None, None),
    user=None,
) -> Round:
    """Take an existing contest of the series' organisation in as its next round."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    if contest.organisation_id != series.organisation_id:
        raise SeriesError(_("只能加入本系列所属组织的擂台赛。"))
    if Round.objects.filter(contest=contest).exists():
        raise SeriesError(_("“{title}”已是某个系列的一期。").format(title=contest.title))
    if not weight > 0:
        raise SeriesError(_("权重须大于 0。"))
    _check_date(series, contest.date)
    rnd = Round.objects.create(
        series=series,
        number=next_number(series),
        label=label.strip() or contest.title,
        weight=weight,
        period_start=period[0],
        period_end=period[1],
        contest=contest,
    )
    auto_link(rnd)
    refresh(series, user)
    return rnd


def top_entrants(series: Series, count: int) -> list[int]:
    """The units ranked 1…count in the latest standings (all of a tie at the boundary)."""
    snapshot = latest_snapshot(series)
    if snapshot is None or count <= 0:
        return []
    return [
        row["id"]
        for row in snapshot.data["entrants"]
        if row["rank"] is not None and row["rank"] <= count
    ]


@transaction.atomic
def next_round(
    series: Series,
    owner,
    *,
    label: str,
    date: dt.date,
    top: int = 0,
    chosen: Iterable[int] = (),
) -> Round:
    """新建下一期: a copy of the last round's contest (rules, criteria, groups, judges).

    Presenters: with neither `top` nor `chosen`, the last round's presenters, linked again;
    otherwise the units ranked 1…top in the cumulative standings (典型发言), in that order,
    then the chosen units (部分部门), each presented by the person who last presented it (or
    its 一把手)."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    last = series.rounds.select_related("contest").order_by("-number").first()
    if last is None:
        raise SeriesError(_("系列还没有第一期：请先把一场擂台赛加入系列。"))
    _check_date(series, date)
    label = label.strip()
    if not label:
        raise SeriesError(_("请填写本期名称，如“2026年第四季度”。"))
    wanted = list(dict.fromkeys([*top_entrants(series, top), *map(int, chosen)]))
    entrants = {e.pk: e for e in series.entrants.filter(pk__in=wanted)}
    if len(entrants) != len(wanted):
        raise SeriesError(_("所选单位不属于本系列。"))
    if (top or list(chosen)) and not wanted:
        raise SeriesError(_("累计排名里还没有可选的单位。"))
    contest = copy_contest(
        last.contest,
        owner,
        title=f"{series.title} {label}",
        date=date,
        include_contestants=not wanted,
        include_judges=True,
    )
    rnd = Round.objects.create(
        series=series, number=last.number + 1, label=label, weight=last.weight, contest=contest
    )
    if wanted:
        _add_presenters(rnd, [entrants[pk] for pk in wanted], last)
    else:
        auto_link(rnd)
    refresh(series, owner)
    return rnd


def _add_presenters(rnd: Round, entrants: Sequence[Entrant], last: Round) -> None:
    previous = {
        p.entrant_id: p.contestant
        for p in last.participations.select_related("contestant", "contestant__group")
    }
    groups = {g.name: g for g in rnd.contest.contestant_groups.all()}
    for order, entrant in enumerate(entrants, start=1):
        before = previous.get(entrant.pk)
        group_name = before.group.name if before and before.group else ""
        if entrant.group and entrant.group.name in groups:
            group_name = entrant.group.name
        contestant = Contestant.objects.create(
            contest=rnd.contest,
            name=entrant.leader_name
            or (before.name if before else entrant.short_name or entrant.name),
            title=entrant.leader_title or (before.title if before else ""),
            unit=entrant.name,
            topic="",
            order=order,
            group=groups.get(group_name),
        )
        Participation.objects.create(contestant=contestant, round=rnd, entrant=entrant)

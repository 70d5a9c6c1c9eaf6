"""A series' standings from its signed rounds: DB → series/cumulative.py and awards.py →
versioned snapshots with a fingerprint (docs/series.md).

Only a round whose contest carries both signatures counts, with the two-decimal totals it was
signed with; a round reopened after that is 更正中 and drops out until signed again.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Contest
from scoring import results
from scoring.awards import Award
from scoring.models import ResultsEvent
from series import awards, cumulative
from series.models import (
    AwardDecision,
    Participation,
    Round,
    Series,
    SeriesEvent,
    SeriesSnapshot,
)

COUNTED, CORRECTING, PENDING = "counted", "correcting", "pending"

# Sent inside `refresh` for each round that has just come to count, with series, round (the
# Round), snapshot and user: followup/ decides cards on it.
round_counted = Signal()


def round_status(contest: Contest) -> str:
    signoffs = list(results.active_signoffs(contest)) if contest.status in results.SIGNED else []
    if signoffs and results.signoff_complete(signoffs):
        return COUNTED
    if contest.signoffs.filter(revoked_at__isnull=False).exists():
        return CORRECTING
    return PENDING


def _award_rule(series: Series, red: bool, groups: list, decisions: dict) -> awards.Rule:
    rule = series.red_rule if red else series.snail_rule
    if rule == Series.AwardRule.THRESHOLD:
        threshold = series.red_threshold if red else series.snail_threshold
        if threshold is not None:
            return awards.Threshold(threshold)
    if rule == Series.AwardRule.MANUAL:
        return awards.Manual(decisions)
    if rule != Series.AwardRule.QUOTA:
        return awards.Quota({})
    if series.awards_by_group and groups:
        return awards.Quota({g.name: g.red_quota if red else g.snail_quota for g in groups})
    return awards.Quota({None: series.red_count if red else series.snail_count})


def _manual(decisions: list[AwardDecision], award: str, totals: dict, rnd: Round) -> dict:
    return {
        d.entrant_id: d.reason
        for d in decisions
        if d.award == award
        and d.revoked_at is None
        and d.entrant_id in totals
        and d.round_id == rnd.pk
    }


def period_awards(
    series: Series, rnd: Round, totals: dict, groups: list, group_of: dict, decisions: list
) -> awards.PeriodAwards:
    """One round's 红旗 and 蜗牛 by the series' rules: what the series' tables and 成绩单 show,
    and what the round's own contest shows (round_awards), from this one function."""
    period = awards.period_awards(
        totals,
        _award_rule(series, True, groups, _manual(decisions, "red_flag", totals, rnd)),
        _award_rule(series, False, groups, _manual(decisions, "snail", totals, rnd)),
        group_of,
    )
    silent = {
        "red": series.red_rule == Series.AwardRule.NONE,
        "snail": series.snail_rule == Series.AwardRule.NONE,
    }
    period.notes = [
        n
        for n in period.notes
        if not (silent["red"] and "红旗" in n) and not (silent["snail"] and "蜗牛" in n)
    ]
    return period


def round_totals(data: dict, linked: dict) -> dict:
    """A round's published totals by unit: ranked presenters linked to a unit only."""
    return {
        linked[r["contestant"]]: Decimal(r["total"])
        for r in data["results"]
        if r["rank"] is not None and r["total"] is not None and r["contestant"] in linked
    }


def round_awards(contest: Contest, data: dict) -> results.Awarded | None:
    """A round's 红旗/蜗牛 for its contest's pages (scoring.results.award_deciders): the series'
    rule applied to the contest's results, by presenter; None for a contest outside a series."""
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    if rnd is None:
        return None
    series = rnd.series
    linked = dict(
        Participation.objects.filter(round=rnd).values_list("contestant_id", "entrant_id")
    )
    group_of = {
        e.pk: e.group.name if e.group else None for e in series.entrants.select_related("group")
    }
    totals = round_totals(data, linked)
    period = period_awards(
        series, rnd, totals, list(series.groups.all()), group_of,
        list(AwardDecision.objects.filter(round=rnd)),
    )  # fmt: skip
    won = {}
    for contestant, entrant in linked.items():
        if entrant in period.red:
            won[contestant] = Award.RED_FLAG
        elif entrant in period.snail:
            won[contestant] = Award.SNAIL
    rule = _("按赛马系列《{name}》的规则评定（第 {number} 期）").format(
        name=series.title, number=rnd.number
    )
    configured = {series.red_rule, series.snail_rule} != {Series.AwardRule.NONE}
    return results.Awarded(won, configured, rule=rule, notes=tuple(period.notes))


def _group_rank(ranks: dict, group_of: dict, entrant) -> int | None:
    """Within the entrant's group: 1 + how many of its group placed strictly ahead."""
    rank = ranks.get(entrant)
    if rank is None or group_of.get(entrant) is None:
        return None
    group = group_of[entrant]
    return 1 + sum(1 for e, r in ranks.items() if group_of.get(e) == group and r < rank)


def compute(series: Series) -> dict:
    """The standings document of the series as its signed rounds stand now."""
    groups = list(series.groups.all())
    entrants = list(series.entrants.select_related("group"))
    group_of = {e.pk: e.group.name if e.group else None for e in entrants}
    rounds = list(series.rounds.select_related("contest").order_by("number"))
    decisions = list(AwardDecision.objects.filter(round__series=series))
    linked: dict[int, int] = {}  # contestant → entrant
    presenters: dict[tuple[int, int], str] = {}  # (round, entrant) → who presented it
    for p in Participation.objects.filter(round__series=series).select_related("contestant"):
        linked[p.contestant_id] = p.entrant_id
        presenters[(p.round_id, p.entrant_id)] = " ".join(
            filter(None, [p.contestant.name, p.contestant.title])
        )

    round_rows, counted = [], []
    for rnd in rounds:
        status = round_status(rnd.contest)
        row = {
            "number": rnd.number,
            "label": rnd.label,
            "weight": str(rnd.weight),
            "date": rnd.contest.date.isoformat(),
            "status": status,
            "field": None,
        }
        round_rows.append(row)
        if status != COUNTED:
            continue
        snapshot = results.signed_snapshot(rnd.contest)
        totals = round_totals(snapshot.data, linked)
        if not totals:  # nobody ranked: the round is shown, not counted
            row["status"] = PENDING
            continue
        row["field"] = len(totals)
        counted.append((rnd, cumulative.Round(rnd.number, totals, rnd.weight)))

    engine_rounds = [r for _, r in counted]
    table = cumulative.standings(engine_rounds, series.method, series.minimum_rounds)
    overall = {s.entrant: s.rank for s in table if s.rank is not None}

    per_entrant: dict[int, dict] = {e.pk: {} for e in entrants}
    counts = {e.pk: {"red": 0, "snail": 0, "flags": 0} for e in entrants}
    for (rnd, engine_round), row in zip(
        counted, [r for r in round_rows if r["status"] == COUNTED], strict=True
    ):
        totals = engine_round.totals
        ranks = cumulative.round_ranks(totals)
        trend = cumulative.round_trend(engine_rounds, rnd.number)
        first = engine_round is engine_rounds[0]
        period = period_awards(series, rnd, totals, groups, group_of, decisions)
        if series.flag_by_group and groups:
            flag = set()
            for g in groups:
                members = {e: t for e, t in totals.items() if group_of.get(e) == g.name}
                flag |= awards.rolling_flag(members) if members else set()
        else:
            flag = awards.rolling_flag(totals)
        row["notes"] = period.notes
        row["red"] = sorted(period.red)
        row["snail"] = sorted(period.snail)
        row["flag"] = sorted(flag)
        for entrant, total in totals.items():
            award = (
                "red_flag" if entrant in period.red else "snail" if entrant in period.snail else ""
            )
            per_entrant.setdefault(entrant, {})[str(rnd.number)] = {
                "total": f"{total:.2f}",
                "rank": ranks[entrant],
                "field": len(totals),
                "group_rank": _group_rank(ranks, group_of, entrant),
                "trend": trend[entrant],
                "new": not first and trend[entrant] is None,
                "presenter": presenters.get((rnd.pk, entrant), ""),
                "award": award,
                "flag": entrant in flag,
            }
            if entrant in counts:
                counts[entrant]["red"] += entrant in period.red
                counts[entrant]["snail"] += entrant in period.snail
                counts[entrant]["flags"] += entrant in flag

    standing_of = {s.entrant: s for s in table}
    rows = []
    for entrant in entrants:
        standing = standing_of.get(entrant.pk)
        value = standing.published if standing else None
        rows.append(
            {
                "id": entrant.pk,
                "name": entrant.name,
                "short_name": entrant.short_name,
                "group": group_of[entrant.pk],
                "rounds": per_entrant.get(entrant.pk, {}),
                "value": None if value is None else str(value),
                "rank": standing.rank if standing else None,
                "group_rank": _group_rank(overall, group_of, entrant.pk),
                "trend": standing.trend if standing else None,
                "attended": standing.rounds if standing else 0,
                **counts[entrant.pk],
            }
        )
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, -r["attended"], r["name"]))
    return {
        "method": series.method,
        "minimum_rounds": series.minimum_rounds,
        "rounds": round_rows,
        "counted": [r.number for r in engine_rounds],
        "latest": engine_rounds[-1].number if engine_rounds else None,
        "entrants": rows,
    }


def canonical(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def fingerprint(data: dict) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def correcting(snapshot: SeriesSnapshot | None) -> list[dict]:
    """The rounds of a standings version that are being corrected (signed, then reopened)."""
    return [r for r in snapshot.data["rounds"] if r["status"] == CORRECTING] if snapshot else []


def latest_snapshot(series: Series) -> SeriesSnapshot | None:
    return series.snapshots.order_by("-version").first()


def log(series: Series, action: str, user, detail: str = "", snapshot=None) -> None:
    SeriesEvent.objects.create(
        series=series,
        action=action,
        user=user if user and user.is_authenticated else None,
        detail=str(detail)[:500],
        version=snapshot.version if snapshot else None,
        fingerprint=snapshot.fingerprint if snapshot else "",
    )


@transaction.atomic
def refresh(series: Series, user=None) -> SeriesSnapshot:
    """Recount the series; a new version when the content changed. Signatures on an older
    version are withdrawn (logged): they vouched for figures that are no longer the standings."""
    series = Series.objects.select_for_update().get(pk=series.pk)
    data = compute(series)
    digest = fingerprint(data)
    current = latest_snapshot(series)
    if current is not None and current.fingerprint == digest:
        return current
    snapshot = SeriesSnapshot.objects.create(
        series=series,
        version=(current.version + 1) if current else 1,
        data=data,
        fingerprint=digest,
    )
    before = {r["number"]: r["status"] for r in current.data["rounds"]} if current else {}
    newly_counted: list[int] = []
    for row in data["rounds"]:
        was = before.get(row["number"], PENDING)
        if row["status"] == COUNTED and was != COUNTED:
            log(
                series,
                SeriesEvent.Action.ROUND_COUNTED,
                user,
                _("第 {n} 期计入").format(n=row["number"]),
                snapshot,
            )
            newly_counted.append(row["number"])
        elif row["status"] != COUNTED and was == COUNTED:
            log(
                series,
                SeriesEvent.Action.ROUND_CORRECTING,
                user,
                _("第 {n} 期结果更正中，暂不计入").format(n=row["number"]),
                snapshot,
            )
    for number in newly_counted:
        rnd = series.rounds.select_related("contest").get(number=number)
        round_counted.send(Series, series=series, round=rnd, snapshot=snapshot, user=user)
    stale = series.signoffs.filter(revoked_at__isnull=True)
    if stale.exists():
        stale.update(revoked_at=timezone.now())
        log(series, SeriesEvent.Action.REVOKE, user, _("排名有新版本，原签字失效"), snapshot)
    return snapshot


def follow_round(sender, *, contest: Contest, action: str, user, **kwargs) -> None:
    """scoring.results.results_changed: a round was signed or reopened."""
    rnd = Round.objects.filter(contest=contest).select_related("series").first()
    if rnd is not None and action in {ResultsEvent.Action.SIGN_OFF, ResultsEvent.Action.REOPEN}:
        refresh(rnd.series, user)


def unlinked_problem(contest: Contest) -> str:
    """A series round is signed only when every ranked presenter stands for a unit."""
    if not Round.objects.filter(contest=contest).exists():
        return ""
    names = [c.name for c in contest.contestants.taking_part().filter(participation__isnull=True)]
    if not names:
        return ""
    return _(
        "本期属于赛马系列，以下汇报人还没有对应参赛单位：{names}。请在系列的“各期”页面关联后再签字。"
    ).format(names="、".join(names))

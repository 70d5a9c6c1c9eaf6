"""From the database to the engine and back: live standings and their versioned snapshots
(the requests that make a recompute run are recompute_queue.py)."""

from __future__ import annotations

import logging
import os
import threading
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils import timezone

from arena.events import publish_contest_changed
from contests.models import Contest, Indicator, IndicatorScore, LiveState, same_unit
from scoring import engine, exact
from scoring.models import (
    Score,
    ScoreSheet,
    StandingsSnapshot,
    StandingsState,
)

logger = logging.getLogger(__name__)
# Older versions are pruned: screens only need the latest two (for ▲▼), the audit trail lives in
# AuditEntry, and a 300-contestant snapshot is ~100 KB.
SNAPSHOTS_KEPT = int(os.environ.get("ARENA_SNAPSHOTS_KEPT", "50"))
PRUNE_EVERY = 10  # versions between prunings: one query fewer on most recomputes


def rules_for(contest: Contest) -> engine.Rules:
    return engine.Rules(
        method=engine.Method(contest.aggregation),
        trim=contest.trim_count,
        standardise=contest.standardise_judges,
        judge_weight=contest.judge_weight,
        indicator_weight=contest.indicator_weight,
        judge_group_weights=dict(contest.judge_groups.values_list("pk", "weight")),
        break_ties_by_criteria=contest.break_ties_by_criteria,
        composite=engine.Composite(contest.indicator_composite),
    )


def engine_indicators(contest: Contest) -> list[engine.Indicator]:
    """The contest's 指标评分 items as the engine takes them: a 个性 item with the presenters it
    applies to."""
    listed = Indicator.listed_presenters(contest)
    return [
        engine.Indicator(
            pk,
            maximum,
            weight,
            dimension or None,
            frozenset(listed.get(pk, ())) if scope == Indicator.Scope.OWN else None,
        )
        for pk, maximum, weight, dimension, scope in contest.indicators.values_list(
            "pk", "max_score", "weight", "dimension", "scope"
        )
    ]


def is_recused(judge_unit: str, contestant_unit: str, marked: bool) -> bool:
    """A judge never scores the own unit's head, nor anyone the organizer marked."""
    return marked or same_unit(judge_unit, contestant_unit)


def raw_rows(queryset) -> list[tuple]:
    """Rows of an ORM query without Django's per-value converters (the recompute's hot path).

    Decimal columns then come back as Decimal from PostgreSQL and as int/float from SQLite;
    the engine reads a float by its shortest repr, which is exact for 2-decimal scores.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter on an empty list (no presenters yet): nothing to read
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Prepared sheets by (sheet id, version, criteria signature). A sheet's scores change only
# together with its version, so an entry never goes stale; a live recompute then reads just the
# sheets that changed since the last one. Per process (web process in embedded mode, each worker
# process in full mode), bounded.
_prepared: dict[tuple, dict[tuple[int, int], exact.PreparedSheet]] = {}
_prepared_lock = threading.Lock()
PREPARED_CACHE_LIMIT = 500_000
FULL_LOAD_ABOVE = 500  # missing sheets beyond which all scores are read in one query


def _load_scores(contestant_ids: list[int], sheet_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    queryset = Score.objects.filter(sheet__contestant_id__in=contestant_ids)
    if len(sheet_ids) <= FULL_LOAD_ABOVE:
        queryset = queryset.filter(sheet_id__in=sheet_ids)
    scores: dict[int, dict[int, Decimal]] = {}
    for sheet_id, criterion_id, value in raw_rows(
        queryset.values_list("sheet_id", "criterion_id", "value")
    ):
        scores.setdefault(sheet_id, {})[criterion_id] = value
    return scores


def prepared_sheets(
    contest: Contest,
    criteria: list[engine.Criterion],
    judge_units: dict,
    contestant_units: dict,
    cached: bool = True,
) -> list[exact.PreparedSheet]:
    """Every submitted, non-recused sheet, checked and converted once per sheet version.

    `cached=False` reads every score from the database, for checks that must not trust this
    process's memory (sign-off, reports).
    """
    cache = _prepared.setdefault(exact.criteria_signature(criteria), {}) if cached else {}
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    rows = raw_rows(
        # By contestant ids, not a join on the contest: PostgreSQL then reads this contest's
        # sheets by index instead of scanning the sheets of every contest ever held.
        ScoreSheet.objects.filter(
            contestant_id__in=list(contestant_units), status=ScoreSheet.Status.SUBMITTED
        ).values_list("pk", "version", "judge_id", "contestant_id")
    )
    judge_units = {pk: unit.strip() for pk, unit in judge_units.items()}
    contestant_units = {pk: unit.strip() for pk, unit in contestant_units.items()}
    prepared, missing = [], []
    for sheet_id, version, judge_id, contestant_id in rows:
        unit = judge_units.get(judge_id)
        if unit is None:
            continue  # a withdrawn judge: the sheet is kept, not counted
        if (unit and unit == contestant_units[contestant_id]) or (
            marked and (judge_id, contestant_id) in marked
        ):
            continue  # recused: the same rule as is_recused, inlined on this hot path
        hit = cache.get((sheet_id, version))
        if hit is None or hit.judge_id != judge_id or hit.contestant_id != contestant_id:
            missing.append((sheet_id, version, judge_id, contestant_id))
        else:
            prepared.append(hit)
    if missing:
        scores = _load_scores(list(contestant_units), [sheet_id for sheet_id, *_ in missing])
        with _prepared_lock:  # embedded mode recomputes in request threads
            if cached and sum(map(len, _prepared.values())) + len(missing) > PREPARED_CACHE_LIMIT:
                _prepared.clear()
                cache = _prepared.setdefault(exact.criteria_signature(criteria), {})
        for sheet_id, version, judge_id, contestant_id in missing:
            sheet = exact.prepare(
                engine.Sheet(judge_id, contestant_id, scores.get(sheet_id, {})), criteria
            )
            cache[(sheet_id, version)] = sheet
            prepared.append(sheet)
    return prepared


# The engine's memo of per-contestant scores, per contest and process (see engine.compute).
_memos: dict[int, dict] = {}
MEMOS_KEPT = 20


def _memo_for(contest_id: int) -> dict:
    with _prepared_lock:
        if contest_id not in _memos and len(_memos) >= MEMOS_KEPT:
            _memos.clear()
        return _memos.setdefault(contest_id, {})


def compute_for_contest(
    contest: Contest, cached: bool = True, sheets: list[engine.Sheet] | None = None
) -> tuple[list[engine.Result], dict]:
    """Run the engine on every submitted, non-recused sheet; also return names for display.

    `sheets` replaces the sheets read from the database (scoring/replay.py passes the ones
    rebuilt from the audit log). Values rather than model instances: this runs on every
    live recompute.
    """
    criteria = list(contest.criteria.values_list("pk", "name", "max_score", "weight"))
    # Withdrawn presenters are not ranked and withdrawn judges' sheets do not count (contests
    # setup.set_withdrawn); their rows and sheets stay in the records.
    contestants = list(
        contest.contestants.taking_part().values_list(
            "pk", "name", "title", "unit", "group_id", "group__name", "order"
        )
    )
    judges = list(contest.judges.taking_part().values_list("pk", "unit", "group_id"))
    engine_criteria = [engine.Criterion(pk, maximum, weight) for pk, _, maximum, weight in criteria]
    if sheets is None:
        sheets = prepared_sheets(
            contest,
            engine_criteria,
            {pk: unit for pk, unit, _ in judges},
            {row[0]: row[3] for row in contestants},
            cached,
        )
    counted_judges = {pk for pk, _, _ in judges}
    counted_contestants = {row[0] for row in contestants}
    sheets = [
        sheet
        for sheet in sheets
        if sheet.judge_id in counted_judges and sheet.contestant_id in counted_contestants
    ]
    indicator_scores = {
        (indicator_id, contestant_id): value
        for indicator_id, contestant_id, value in IndicatorScore.objects.filter(
            indicator__contest=contest
        ).values_list("indicator_id", "contestant_id", "value")
    }
    results = engine.compute(
        contestants=[
            engine.Contestant(pk, group_id, order)
            for pk, _, _, _, group_id, _, order in contestants
        ],
        criteria=engine_criteria,
        judges=[engine.Judge(pk, group_id) for pk, _, group_id in judges],
        sheets=sheets,
        rules=rules_for(contest),
        indicators=engine_indicators(contest),
        indicator_scores=indicator_scores,
        memo=_memo_for(contest.pk) if cached else None,
    )
    names = {
        "contestants": {
            pk: {
                "name": name,
                "title": title,
                "unit": unit,
                "group": group_name or "",
                "order": order,
            }
            for pk, name, title, unit, _, group_name, order in contestants
        },
        "criteria": [{"id": pk, "name": name} for pk, name, _, _ in criteria],
        "judge_count": len(judges),
    }
    return results, names


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def serialize(results: list[engine.Result], names: dict) -> dict:
    """The snapshot's JSON: everything a screen or report shows, numbers as published strings."""
    return {
        "criteria": names["criteria"],
        "judge_count": names["judge_count"],
        "results": [
            {
                "contestant": r.contestant_id,
                **names["contestants"][r.contestant_id],
                "rank": r.rank,
                "group_rank": r.group_rank,
                "total": _text(r.total),
                "judge_score": _text(r.judge_score),
                "indicator_score": _text(r.indicator_score),
                "dimensions": {str(k or ""): _text(v) for k, v in r.dimensions.items()},
                "criteria": {str(k): _text(v) for k, v in r.criteria.items()},
                "judge_groups": {str(k or ""): _text(v) for k, v in r.judge_groups.items()},
                "sheets_in": r.sheets_in,
                "sheets_counted": r.sheets_counted,
                "dropped_judges": list(r.dropped_judges),
            }
            for r in results
        ],
    }


def recompute(contest_id: int) -> StandingsSnapshot | None:
    """Recompute from all sheets and store a new version if anything changed since the last one.

    Idempotent and safe to run twice at once: the contest row lock lets one run at a time
    (PostgreSQL), and the snapshot is written only if it covers more changes than the stored one.
    """
    # From here on a new change queues a follow-up run, so nothing that arrives during this
    # computation is left out of the standings for long.
    started = {"queued_at": None, "started_at": timezone.now()}
    if not StandingsState.objects.filter(contest_id=contest_id).update(**started):
        StandingsState.objects.get_or_create(contest_id=contest_id, defaults=started)
    with transaction.atomic():
        contest = Contest.objects.select_for_update(no_key=True).filter(pk=contest_id).first()
        if contest is None:
            return None
        state = StandingsState.objects.get(contest_id=contest_id)
        seen = state.requested_seq
        if seen <= state.computed_seq and state.version > 0:
            return None
        results, names = compute_for_contest(contest)
        # The contest row lock keeps other recomputes out until commit, so the version read
        # above is still the stored one (changes only bump requested_seq meanwhile).
        version = state.version + 1
        StandingsState.objects.filter(contest_id=contest_id).update(
            computed_seq=seen, version=version
        )
        snapshot = StandingsSnapshot.objects.create(
            contest=contest, version=version, seq=seen, data=serialize(results, names)
        )
        if version % PRUNE_EVERY == 0:
            StandingsSnapshot.objects.filter(
                contest=contest, version__lte=version - SNAPSHOTS_KEPT, signoffs__isnull=True
            ).delete()
        publish_contest_changed(contest_id)  # after commit
    return snapshot


def latest_snapshot(contest: Contest) -> StandingsSnapshot | None:
    return contest.snapshots.order_by("-version").first()


def fresh_results(contest: Contest) -> dict:
    """A full recompute from the database alone, storing nothing: for checks and exports."""
    return serialize(*compute_for_contest(contest, cached=False))


def keep_stage_baseline(sender, contest: Contest, **kwargs) -> None:
    """contests.live.on_stage: the board as a new presenter goes up, {contestant id: [rank,
    group rank]}, kept on the live state so the screens' ▲▼ show each move until the next."""
    data = (
        StandingsSnapshot.objects.filter(contest=contest)
        .order_by("-version")
        .values_list("data", flat=True)
        .first()
    )
    ranks = {
        str(r["contestant"]): [r["rank"], r["group_rank"]] for r in (data or {}).get("results", [])
    }
    LiveState.objects.filter(contest=contest.pk).update(stage_baseline=ranks)

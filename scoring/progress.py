"""How far the judges are: n/N per presenter, who is still missing, the console's live parts.

The console renders these and live/hub.py pushes them on every change, so each is a few
queries of values, not models."""

from django.db.models import Count, Q

from contests.models import Contest, Contestant
from scoring.models import JudgeFeedback, ScoreSheet
from scoring.standings import is_recused


def contestant_progress(contest: Contest, contestant: Contestant) -> dict:
    """One contestant's n/N (counted as in `progress`) and the ids of the eligible judges still
    missing. Every screen asks for this on every standings event: rows as values, not models."""
    submitted = set(
        ScoreSheet.objects.filter(
            contestant=contestant, status=ScoreSheet.Status.SUBMITTED
        ).values_list("judge_id", flat=True)
    )
    marked = set(contest.recusals.filter(contestant=contestant).values_list("judge_id", flat=True))
    eligible = [
        pk
        for pk, unit in contest.judges.taking_part()
        .order_by("order", "id")
        .values_list("pk", "unit")
        if not is_recused(unit, contestant.unit, pk in marked)
    ]
    return {
        "contestant": contestant,
        "submitted": len(submitted.intersection(eligible)),
        "eligible": len(eligible),
        "missing": [pk for pk in eligible if pk not in submitted],
    }


def missing_judges(contest: Contest, contestant: Contestant) -> list:
    """Eligible judges who have not submitted a sheet for this contestant yet, by number."""
    missing = contestant_progress(contest, contestant)["missing"]
    return list(contest.judges.filter(pk__in=missing).order_by("order", "id"))


def progress(contest: Contest) -> list[dict]:
    """Per contestant: submitted sheets out of the judges eligible to score them (n/N)."""
    # Withdrawn judges and presenters (退出) neither count nor are counted.
    judges = list(contest.judges.taking_part().values_list("pk", "unit"))
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    counted = Q(sheets__status=ScoreSheet.Status.SUBMITTED, sheets__judge__withdrawn_at=None)
    submitted = dict(
        contest.contestants.annotate(n=Count("sheets", filter=counted)).values_list("pk", "n")
    )
    rows = []
    for contestant in contest.contestants.taking_part().select_related("group"):
        eligible = [
            pk
            for pk, unit in judges
            if not is_recused(unit, contestant.unit, (pk, contestant.pk) in marked)
        ]
        count = submitted.get(contestant.pk, 0)
        rows.append(
            {
                "contestant": contestant,
                "submitted": count,
                "eligible": len(eligible),
                # Scored and closed: the console no longer offers to put them on stage.
                "done": count > 0 and contestant.scoring == Contestant.Scoring.CLOSED,
            }
        )
    return rows


def console_state(contest: Contest) -> dict:
    """The console's live parts: n/N per presenter, who is missing for the one on stage, how
    much judge feedback is unresolved. The page renders them; live/hub.py pushes them."""
    on_stage = contest.live.current_contestant
    return {
        "rows": progress(contest),
        "grid": judge_grid(contest),
        "missing": missing_judges(contest, on_stage) if on_stage else [],
        "feedback_count": JudgeFeedback.objects.filter(contest=contest, resolved=False).count(),
    }


def next_presenter(contest: Contest, rows: list[dict]) -> Contestant | None:
    """下一位: the first presenter after the one on stage, in speaking order, who is not done;
    then any skipped earlier; with nobody on stage, the first who is not done."""
    current = contest.live.current_contestant
    waiting = [
        row["contestant"]
        for row in rows
        if not row["done"] and (current is None or row["contestant"].pk != current.pk)
    ]
    if current is None:
        return waiting[0] if waiting else None
    later = [c for c in waiting if (c.order, c.pk) > (current.order, current.pk)]
    return (later or waiting or [None])[0]


def incomplete(rows: list[dict]) -> list[dict]:
    """Presenters whose sheets are not all in (n < N)."""
    return [row for row in rows if row["submitted"] < row["eligible"]]


def judge_grid(contest: Contest) -> dict:
    """Judges × presenters for the console, so late judges can be chased: per cell "done" (a
    sheet is in), "recused", "missing" (the presenter has been up, no sheet yet) or "waiting"
    (not up yet); per judge whether they have opened their link (签到)."""
    presenters = list(
        contest.contestants.taking_part()
        .order_by("order", "id")
        .values("pk", "order", "name", "unit", "scoring")
    )
    judges = list(
        contest.judges.taking_part()
        .order_by("order", "id")
        .values("pk", "order", "name", "unit", "checked_in_at")
    )
    submitted = set(
        ScoreSheet.objects.filter(
            contestant__contest=contest, status=ScoreSheet.Status.SUBMITTED
        ).values_list("judge_id", "contestant_id")
    )
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))

    def state(judge: dict, presenter: dict) -> str:
        if (judge["pk"], presenter["pk"]) in submitted:
            return "done"
        if is_recused(judge["unit"], presenter["unit"], (judge["pk"], presenter["pk"]) in marked):
            return "recused"
        return "waiting" if presenter["scoring"] == Contestant.Scoring.PENDING else "missing"

    rows = [
        {"judge": judge, "cells": [state(judge, presenter) for presenter in presenters]}
        for judge in judges
    ]
    trialled = set(contest.trial_sheets.values_list("judge_id", flat=True))  # 试评, before start
    return {
        "presenters": presenters,
        "rows": rows,
        "trialled": trialled,
        "checked_in": sum(1 for judge in judges if judge["checked_in_at"]),
        "judge_count": len(judges),
    }

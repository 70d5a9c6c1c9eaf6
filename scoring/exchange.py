"""A whole contest as one JSON document (docs/contest-format.md), and back.

Objects refer to each other by keys local to the file ("1", "2", … in display order), so an
export of an imported contest is identical to the original export.
"""

from __future__ import annotations

from typing import Any

from contests.models import Contest, Indicator, IndicatorScore
from scoring.models import ScoreSheet

FORMAT = "arena-contest"
FORMAT_VERSION = 1
CONTEST_FIELDS = (
    "title",
    "venue",
    "organizer_name",
    "level",
    "status",
    "minutes_per_speaker",
    "score_step",
    "aggregation",
    "trim_count",
    "standardise_judges",
    "break_ties_by_criteria",
    "draw_seed",
)
# Added after format version 1 was first written: documents without them get the defaults.
OPTIONAL_CONTEST_FIELDS = (
    "red_flag_count",
    "snail_count",
    "awards_by_group",
    "reveal_from_bottom",
    "report_judge_names",
    "publicity_text",
    "kind",
    "indicator_composite",
    "weak_below_percent",
    "dimension_labels",
)
DECIMAL_CONTEST_FIELDS = ("judge_weight", "indicator_weight", "indicator_total")
# Decimal fields added after format version 1: documents without them get the defaults.
OPTIONAL_DECIMAL_FIELDS = {"indicator_total"}


class FormatError(ValueError):
    """The document does not follow docs/contest-format.md; the message says where."""


def _keys(objects) -> dict[int, str]:
    return {obj.pk: str(position) for position, obj in enumerate(objects, start=1)}


def export_contest(contest: Contest) -> dict[str, Any]:
    criteria = list(contest.criteria.all())
    contestant_groups = list(contest.contestant_groups.all())
    judge_groups = list(contest.judge_groups.all())
    contestants = list(contest.contestants.all())
    judges = list(contest.judges.all())
    indicators = list(contest.indicators.all())
    ck, cgk, jgk = _keys(criteria), _keys(contestant_groups), _keys(judge_groups)
    pk, jk, ik = _keys(contestants), _keys(judges), _keys(indicators)
    listed = Indicator.listed_presenters(contest)
    sheets = (
        ScoreSheet.objects.filter(contestant__contest=contest)
        .prefetch_related("scores")
        .order_by("contestant__order", "judge__order", "judge_id")
    )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "contest": {
            **{name: getattr(contest, name) for name in CONTEST_FIELDS + OPTIONAL_CONTEST_FIELDS},
            **{name: str(getattr(contest, name)) for name in DECIMAL_CONTEST_FIELDS},
            "date": contest.date.isoformat(),
            "organisation": contest.organisation.name,
        },
        "criteria": [
            {
                "key": ck[c.pk],
                "name": c.name,
                "description": c.description,
                "max_score": str(c.max_score),
                "weight": str(c.weight),
            }
            for c in criteria
        ],
        "contestant_groups": [{"key": cgk[g.pk], "name": g.name} for g in contestant_groups],
        "judge_groups": [
            {"key": jgk[g.pk], "name": g.name, "weight": str(g.weight)} for g in judge_groups
        ],
        "contestants": [
            {
                "key": pk[c.pk],
                "name": c.name,
                "title": c.title,
                "unit": c.unit,
                "group": cgk.get(c.group_id),
                "order": c.order,
                "topic": c.topic,
            }
            for c in contestants
        ],
        "judges": [
            {
                "key": jk[j.pk],
                "name": j.name,
                "unit": j.unit,
                "group": jgk.get(j.group_id),
                "order": j.order,
                "token": j.token,
            }
            for j in judges
        ],
        "indicators": [
            {
                "key": ik[i.pk],
                "name": i.name,
                "max_score": str(i.max_score),
                "weight": str(i.weight),
                "dimension": i.dimension,
                "scope": i.scope,
                "contestants": sorted(pk[c] for c in listed.get(i.pk, ())),
            }
            for i in indicators
        ],
        "indicator_scores": [
            {
                "indicator": ik[s.indicator_id],
                "contestant": pk[s.contestant_id],
                "value": str(s.value),
            }
            for s in IndicatorScore.objects.filter(indicator__contest=contest).order_by(
                "contestant__order", "indicator__order", "indicator_id"
            )
        ],
        "recusals": [
            {"judge": jk[r.judge_id], "contestant": pk[r.contestant_id], "reason": r.reason}
            for r in contest.recusals.all().order_by(
                "contestant__order", "judge__order", "judge_id"
            )
        ],
        "sheets": [
            {
                "judge": jk[s.judge_id],
                "contestant": pk[s.contestant_id],
                "status": s.status,
                "version": s.version,
                "comment": s.comment,
                "submission_id": s.submission_id,
                "created_at": s.created_at.isoformat(),
                "updated_at": s.updated_at.isoformat(),
                "scores": {ck[score.criterion_id]: str(score.value) for score in s.scores.all()},
            }
            for s in sheets
        ],
    }

"""Paper for the officials' table (评委签字表): a page per judge listing the scores they gave
each presenter, to be signed by that judge, and a summary of the results (汇总表) for the
officials' signatures. Printed from what is stored: every submitted sheet's latest version."""

from django.template.loader import render_to_string
from django.utils import timezone

from arena.lib.pdf import render_pdf
from contests.models import Contest
from scoring import engine, exact
from scoring.models import Score, ScoreSheet
from scoring.results import active_signoffs, results_snapshot, signoff_complete
from scoring.standings import is_recused


def sheets_context(contest: Contest) -> dict:
    criteria = list(contest.criteria.all())
    engine_criteria = [engine.Criterion(c.pk, c.max_score, c.weight) for c in criteria]
    presenters = list(contest.contestants.taking_part().order_by("order", "id"))
    judges = list(contest.judges.taking_part().order_by("order", "id"))
    values: dict[tuple[int, int], dict[int, object]] = {}
    for judge_id, presenter_id, criterion_id, value in Score.objects.filter(
        sheet__contestant__contest=contest, sheet__status=ScoreSheet.Status.SUBMITTED
    ).values_list("sheet__judge_id", "sheet__contestant_id", "criterion_id", "value"):
        values.setdefault((judge_id, presenter_id), {})[criterion_id] = value
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    pages = []
    for judge in judges:
        lines = []
        for presenter in presenters:
            scores = values.get((judge.pk, presenter.pk))
            recused = is_recused(judge.unit, presenter.unit, (judge.pk, presenter.pk) in marked)
            total = None
            if scores and not recused:
                sheet = engine.Sheet(judge.pk, presenter.pk, scores)
                total = engine.publish(exact.sheet_total(sheet, engine_criteria))
            lines.append(
                {
                    "presenter": presenter,
                    "recused": recused,
                    "scores": [scores.get(c.pk) for c in criteria] if scores else [],
                    "total": total,
                }
            )
        pages.append({"judge": judge, "lines": lines})
    snapshot = results_snapshot(contest)
    return {
        "contest": contest,
        "criteria": criteria,
        "pages": pages,
        "results": list(snapshot.data["results"]) if snapshot else [],
        "draft": not signoff_complete(active_signoffs(contest)),
        "printed_at": timezone.localtime(),
    }


def signature_sheets_pdf(contest: Contest) -> bytes:
    return render_pdf(render_to_string("scoring/signature_sheets.html", sheets_context(contest)))

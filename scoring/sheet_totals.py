"""Each judge's sheet total per presenter, with the ones the rules dropped marked: what the
report prints per presenter and what 亮分 shows on the projector."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests.models import Contest
from scoring import consistency, engine, exact
from scoring.models import Score, ScoreSheet
from scoring.standings import is_recused


def judge_labels(contest: Contest, judges: list) -> dict[int, str]:
    if contest.report_judge_names:
        return {j.pk: j.name for j in judges}
    return {j.pk: _("评委{n}").format(n=n) for n, j in enumerate(judges, start=1)}


def sheet_rows(contest: Contest, criteria, judges, labels, data) -> dict[int, list[dict]]:
    """Per contestant: each submitted sheet's scores and total, dropped ones marked."""
    engine_criteria = [engine.Criterion(c.pk, c.max_score, c.weight) for c in criteria]
    scores: dict[int, dict[int, object]] = {}
    for sheet_id, criterion_id, value in Score.objects.filter(
        sheet__contestant__contest=contest, sheet__status=ScoreSheet.Status.SUBMITTED
    ).values_list("sheet_id", "criterion_id", "value"):
        scores.setdefault(sheet_id, {})[criterion_id] = value
    units = {j.pk: j.unit for j in judges}
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    group_of = {j.pk: j.group_id for j in judges}
    order = {j.pk: n for n, j in enumerate(judges)}
    dropped = {r["contestant"]: set(r["dropped_judges"]) for r in data["results"]}
    contestant_units = {r["contestant"]: r["unit"] for r in data["results"]}
    rows: dict[int, list[dict]] = {}
    sheets = ScoreSheet.objects.filter(
        contestant__contest=contest, status=ScoreSheet.Status.SUBMITTED
    ).values_list("pk", "judge_id", "contestant_id")
    withdrawn = {j.pk for j in judges if j.withdrawn_at is not None}
    for sheet_id, judge_id, contestant_id in sheets:
        if judge_id in withdrawn:
            continue  # a withdrawn judge's sheets are kept on record but never counted
        if is_recused(
            units[judge_id],
            contestant_units[contestant_id],
            (judge_id, contestant_id) in marked,
        ):
            continue
        values = scores.get(sheet_id, {})
        total = exact.sheet_total(engine.Sheet(judge_id, contestant_id, values), engine_criteria)
        rows.setdefault(contestant_id, []).append(
            {
                "judge": judge_id,
                "label": labels[judge_id],
                "group": group_of[judge_id],
                "exact": total,
                "total": engine.publish(total),
                "dropped": judge_id in dropped.get(contestant_id, ()),
            }
        )
    for sheet_list in rows.values():
        sheet_list.sort(key=lambda row: order[row["judge"]])
        mark_high_low(sheet_list, contest.standardise_judges)
    return rows


def mark_high_low(sheet_list: list[dict], standardised: bool) -> None:
    """Say whether a dropped sheet was a highest or a lowest one (within its judge group).

    With standardisation the order that decided it is of adjusted totals, not the printed raw
    ones, so the mark then only says the sheet was dropped.
    """
    for row in sheet_list:
        if not row["dropped"]:
            row["mark"] = ""
            continue
        kept = [r["exact"] for r in sheet_list if r["group"] == row["group"] and not r["dropped"]]
        if standardised or not kept:
            row["mark"] = "other"
        else:
            row["mark"] = "high" if row["exact"] >= max(kept) else "low"


VERDICT_WORDS = {
    consistency.LENIENT: gettext_lazy("偏宽松"),
    consistency.HARSH: gettext_lazy("偏严格"),
}


def consistency_tables(contest: Contest, data: dict, sheets: dict | None = None) -> dict:
    """评委一致性 as the results page and the report show it: a line per judge (by the report's
    label) and per presenter (by name), from the same sheet totals the report prints."""
    judges = list(contest.judges.order_by("order", "id"))
    labels = judge_labels(contest, judges)
    if sheets is None:
        sheets = sheet_rows(contest, list(contest.criteria.all()), judges, labels, data)
    judge_lines, presenter_lines = consistency.analyse(consistency.entries_from(sheets))
    names = {r["contestant"]: r["name"] for r in data["results"]}
    placed = {r["contestant"]: n for n, r in enumerate(data["results"])}  # the results' order
    order = {j.pk: n for n, j in enumerate(judges)}
    return {
        "judges": [
            {"label": labels[line.judge], "line": line,
             "verdict": VERDICT_WORDS.get(line.verdict, "")}
            for line in sorted(judge_lines, key=lambda line: order[line.judge])
        ],
        "presenters": [
            {"name": names.get(line.presenter, ""), "line": line}
            for line in sorted(presenter_lines, key=lambda line: placed.get(line.presenter, 0))
        ],
        "threshold": consistency.THRESHOLD,
    }  # fmt: skip

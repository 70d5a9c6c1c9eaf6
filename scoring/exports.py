"""Results as tables for spreadsheets: CSV in UTF-8 with BOM (Excel shows Chinese), XLSX, JSON.

Every text cell passes `safe_cell`, so a name such as "=HYPERLINK(…)" stays text in Excel.
"""

import json

from contests.kinds import presenter_label, uses_judges
from scoring.models import ScoreSheet, StandingsSnapshot


def results_table(
    snapshot: StandingsSnapshot, awards: dict | None = None, judged: bool = True
) -> list[list[object]]:
    """One row per contestant in published order; `awards` ({contestant: label}) adds a column.
    Without judges (`judged` False: a 晒比会) the judges' columns — their score, the criteria's
    means, the sheets counted and in — are left out: it has none."""
    criteria = snapshot.data["criteria"] if judged else []
    header = ["名次", "组内名次", "出场顺序", "姓名", "职务", "单位", "分组", "总分"]
    header += [*(["评委评分"] if judged else []), "指标得分"]
    header += [f"{c['name']}（平均）" for c in criteria]
    header += ["有效评分表", "已收评分表"] if judged else []
    if awards is not None:
        header.append("评奖")
    rows = [header]
    for r in snapshot.data["results"]:
        rows.append(
            [
                r["rank"] or "",
                r["group_rank"] or "",
                r["order"],
                r["name"],
                r["title"],
                r["unit"],
                r["group"],
                r["total"] or "",
                *([r["judge_score"] or ""] if judged else []),
                r["indicator_score"] or "",
                *[r["criteria"].get(str(c["id"])) or "" for c in criteria],
                *([r["sheets_counted"], r["sheets_in"]] if judged else []),
                *([str(awards.get(r["contestant"], ""))] if awards is not None else []),
            ]
        )
    return rows


def awarded_results_table(contest, snapshot: StandingsSnapshot) -> list[list[object]]:
    """The results with the awards the results page names: the CSV/XLSX file and the JSON
    interface give this same table."""
    from scoring.results import AWARD_LABELS, awards_for

    won = awards_for(contest, snapshot.data)
    labels = {key: AWARD_LABELS[award] for key, award in won.items()}
    return results_table(snapshot, labels, judged=uses_judges(contest))


def sheets_table(contest) -> list[list[object]]:
    """Every score sheet as entered (drafts and recused judges' sheets included, and marked)."""
    from scoring.standings import is_recused

    criteria = list(contest.criteria.all())
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    presenter = presenter_label(contest)
    header = ["评委编号", "评委", "评委单位", "评委分组", "出场顺序", presenter, "参赛单位", "状态"]
    header += ["版本", *[c.name for c in criteria], "评语", "是否回避", "首次提交", "最后修改"]
    rows = [header]
    sheets = (
        ScoreSheet.objects.filter(contestant__contest=contest)
        .select_related("judge__group", "contestant")
        .prefetch_related("scores")
        .order_by("contestant__order", "judge__order", "judge_id")
    )
    for sheet in sheets:
        judge, contestant = sheet.judge, sheet.contestant
        values = {score.criterion_id: score.value for score in sheet.scores.all()}
        recused = is_recused(judge.unit, contestant.unit, (judge.pk, contestant.pk) in marked)
        rows.append(
            [
                judge.order,
                judge.name,
                judge.unit,
                judge.group.name if judge.group else "",
                contestant.order,
                contestant.name,
                contestant.unit,
                sheet.get_status_display(),
                sheet.version,
                *[str(values[c.pk]) if c.pk in values else "" for c in criteria],
                sheet.comment,
                "回避（不计入）" if recused else "",
                sheet.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                sheet.updated_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            ]
        )
    return rows


def to_json(snapshot: StandingsSnapshot) -> str:
    return json.dumps(
        {
            "contest": snapshot.contest_id,
            "version": snapshot.version,
            "computed_at": snapshot.computed_at.isoformat(),
            **snapshot.data,
        },
        ensure_ascii=False,
        indent=2,
    )


def audit_table(entries, criteria, presenter: str) -> list[list[object]]:
    """The audit log as rows: one line per create or change, old and new values side by side;
    `presenter` is what the contest's kind calls its presenters."""
    names = [c.name for c in criteria]
    header = ["时间", "评委", presenter, "操作", "版本"]
    header += [f"原{n}" for n in names] + [f"新{n}" for n in names]
    header += ["原评语", "新评语", "提交编号", "IP", "浏览器"]
    rows = [header]
    for e in entries:
        old = e.old_values or {}
        rows.append(
            [
                e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                e.judge.name,
                e.contestant.name,
                e.get_action_display(),
                e.version,
                *[old.get(str(c.pk), "") for c in criteria],
                *[e.new_values.get(str(c.pk), "") for c in criteria],
                old.get("comment", ""),
                e.new_values.get("comment", ""),
                e.submission_id,
                e.ip_address or "",
                e.user_agent,
            ]
        )
    return rows

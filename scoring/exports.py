"""Results as tables for spreadsheets: CSV in UTF-8 with BOM (Excel shows Chinese), JSON."""

import csv
import io
import json

from scoring.models import StandingsSnapshot

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def results_table(snapshot: StandingsSnapshot) -> list[list[object]]:
    criteria = snapshot.data["criteria"]
    header = ["名次", "组内名次", "出场顺序", "姓名", "职务", "单位", "分组", "总分", "评委评分"]
    header += ["指标得分", *[f"{c['name']}（平均）" for c in criteria], "有效评分表", "已收评分表"]
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
                r["judge_score"] or "",
                r["indicator_score"] or "",
                *[r["criteria"].get(str(c["id"])) or "" for c in criteria],
                r["sheets_counted"],
                r["sheets_in"],
            ]
        )
    return rows


def to_csv(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


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


def audit_table(entries, criteria) -> list[list[object]]:
    """The audit log as rows: one line per create or change, old and new values side by side."""
    names = [c.name for c in criteria]
    header = ["时间", "评委", "选手", "操作", "版本"]
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

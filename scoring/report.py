"""The PDF results report (WeasyPrint, A4, Simplified Chinese), built once per results state.

A report is keyed by what it prints: the standings version and its fingerprint, the active
signatures and the report options. Asking again for the same key returns the stored bytes, so
everyone downloads the same file for the same version. Building runs as a Celery task (eagerly
in embedded mode) and records its progress on the Report row, which the results page polls.
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from collections.abc import Callable

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from arena.lib.charts import Chart, Strip, strip_chart
from arena.lib.pdf import render_pdf
from contests.kinds import presenter_label
from contests.models import Contest
from scoring.awards import Award
from scoring.models import Report, StandingsSnapshot
from scoring.results import (
    SIGNED,
    active_signoffs,
    awards_for,
    decided_awards,
    fingerprint,
    group_tables,
    missing_roles,
    results_snapshot,
    rows_with_awards,
    signoff_complete,
    spaced,
)
from scoring.sheet_totals import consistency_tables, judge_labels, sheet_rows
from scoring.standings import fresh_results, is_recused

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """The report cannot be built now; the message is for the organizer."""


def report_key(contest: Contest, snapshot: StandingsSnapshot, digest: str) -> str:
    """Everything the report prints that can change without a new standings version."""
    parts = {
        "version": snapshot.version,
        "fingerprint": digest,
        "signoffs": list(active_signoffs(contest).values_list("pk", flat=True)),
        "options": [
            contest.report_judge_names,
            contest.red_flag_count,
            contest.snail_count,
            contest.awards_by_group,
            # a round's awards follow its series' rules, which change apart from the contest
            sorted((key, str(award)) for key, award in awards_for(contest, snapshot.data).items()),
            contest.venue,
            contest.organizer_name,
        ],
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def _current_key(contest: Contest) -> tuple[StandingsSnapshot, str, str]:
    snapshot = results_snapshot(contest)
    if snapshot is None:
        raise ReportError(_("还没有排名结果，无法生成报告。"))
    digest = fingerprint(contest, snapshot.data)
    return snapshot, digest, report_key(contest, snapshot, digest)


def current_report(contest: Contest) -> Report | None:
    """The report of the results as they stand (version, signatures, options), if requested.
    An older one, such as the draft made before sign-off, is never offered in its place."""
    try:
        _snapshot, _digest, key = _current_key(contest)
    except ReportError:
        return None
    return contest.reports.filter(key=key).first()


def request_report(contest: Contest) -> Report:
    """The report for the current results: the stored one, or a new one queued for building."""
    snapshot, digest, key = _current_key(contest)
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            contest=contest,
            key=key,
            defaults={
                "version": snapshot.version,
                "fingerprint": digest,
                "signed": signoff_complete(active_signoffs(contest)),
            },
        )
        if not created and report.status == Report.Status.FAILED:
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.QUEUED, progress=0, error=""
            )
            created = True
        if created:
            from scoring.tasks import build_report

            transaction.on_commit(lambda: build_report.delay(report.pk))
    report.refresh_from_db()
    return report


SHEETS_PER_LINE = 5
MARKS = {"high": "↑", "low": "↓", "other": "×"}


def display_width(text: str) -> int:
    """Columns in a monospaced CJK font: wide characters take two, and so do ambiguous ones
    such as ↑ (a CJK font draws them wide)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _sheet_grid(members: list[dict], width: int) -> str:
    """Sheet totals as aligned monospaced lines, five per line, dropped ones marked.

    One preformatted block instead of a table cell per sheet: a 30 × 60 report has 1,800
    sheets, and WeasyPrint's time grows with the number of boxes (bench/report.py).
    """
    lines = []
    for start in range(0, len(members), SHEETS_PER_LINE):
        cells = []
        for sheet in members[start : start + SHEETS_PER_LINE]:
            text = f"{sheet['label']}：{sheet['total']}{MARKS.get(sheet['mark'], '')}"
            padding = " " * (width - display_width(text))
            if sheet["mark"]:
                cells.append(format_html('<span class="dropped">{}</span>{}', text, padding))
            else:
                cells.append(escape(text) + padding)
        lines.append("".join(cells).rstrip())
    return mark_safe("\n".join(lines))  # noqa: S308 - every part escaped above


def _sheet_blocks(sheet_list: list[dict], judge_groups, row: dict) -> list[dict]:
    """A contestant's sheet totals per judge group, with the group's score."""
    names = {g.pk: g.name for g in judge_groups}
    width = 2 + max((display_width(f"{s['label']}：{s['total']}↑") for s in sheet_list), default=0)
    blocks = []
    for group_id in [*names, None]:
        members = [s for s in sheet_list if s["group"] == group_id]
        if members:
            blocks.append(
                {
                    "group": names.get(group_id, ""),
                    "score": row["judge_groups"].get(str(group_id or "")) if names else None,
                    "grid": _sheet_grid(members, width),
                }
            )
    return blocks


def judge_scale(sheets: dict[int, list[dict]]) -> tuple[int, int]:
    """One scale for every presenter's strip, in fives around the lowest and highest totals."""
    totals = [row["total"] for rows in sheets.values() for row in rows]
    if not totals:
        return 0, 100
    return int(min(totals) // 5 * 5), int(-(-max(totals) // 5) * 5)


def judge_strip(name: str, sheet_list: list[dict], scale: tuple[int, int]) -> Chart | None:
    """Each judge's total for the presenter on the common scale, the dropped ones hollow."""
    if not sheet_list:
        return None
    marks = [(row["total"], not row["dropped"]) for row in sheet_list]
    title = _("各评委评分表合计（● 计入，○ 去掉）")
    return strip_chart(title, [Strip(name, marks)], low=scale[0], high=scale[1], row=34)


def _method(contest: Contest, criteria, judge_groups, indicators) -> dict:
    aggregation = contest.get_aggregation_display()
    if contest.aggregation == Contest.Aggregation.TRIMMED:
        aggregation = (
            # With judge groups the trimming happens inside each group (docs/scoring.md §4).
            _("每位{presenter}在每个评委组内去掉 {k} 个最高分和 {k} 个最低分后取平均")
            if judge_groups
            else _("每位{presenter}去掉 {k} 个最高分和 {k} 个最低分后取平均")
        ).format(k=contest.trim_count, presenter=presenter_label(contest))
    return {
        "criteria": criteria,
        "criteria_total": sum(c.max_score for c in criteria),
        "aggregation": aggregation,
        "judge_groups": judge_groups,
        "indicators": indicators,
    }


def report_html(contest: Contest, snapshot: StandingsSnapshot, progress: Callable | None = None):
    """The report as HTML for WeasyPrint; checks the stored standings against the sheets first."""
    progress = progress or (lambda value: None)
    data = snapshot.data
    digest = fingerprint(contest, data)
    if fingerprint(contest, fresh_results(contest)) != digest:
        if contest.status in SIGNED:
            raise ReportError(_("评分数据与已审核结果不一致，报告不能生成。请检查审计日志。"))
        raise ReportError(_("排名正在更新，请稍候再生成报告。"))
    progress(20)
    criteria = list(contest.criteria.all())
    judges = list(contest.judges.select_related("group").order_by("order", "id"))
    labels = judge_labels(contest, judges)
    sheets = sheet_rows(contest, criteria, judges, labels, data)
    progress(40)
    judge_groups = list(contest.judge_groups.all())
    awarded = decided_awards(contest, data)
    scale = judge_scale(sheets)
    results = [
        {
            **row,
            "criteria_values": [row["criteria"].get(str(c.pk)) for c in criteria],
            "sheet_blocks": _sheet_blocks(sheets.get(row["contestant"], []), judge_groups, row),
            "strip": judge_strip(row["name"], sheets.get(row["contestant"], []), scale),
        }
        for row in rows_with_awards(contest, data, awarded)
    ]
    groups = group_tables(contest, results)
    sheets_by_judge: dict[int, int] = {}
    for sheet_list in sheets.values():
        for sheet in sheet_list:
            sheets_by_judge[sheet["judge"]] = sheets_by_judge.get(sheet["judge"], 0) + 1
    marked = set(contest.recusals.values_list("judge_id", "contestant_id"))
    participation = []
    for judge in judges:
        eligible = sum(
            not is_recused(judge.unit, r["unit"], (judge.pk, r["contestant"]) in marked)
            for r in results
        )
        participation.append(
            {
                "label": labels[judge.pk],
                "group": judge.group.name if judge.group else "",
                "submitted": sheets_by_judge.get(judge.pk, 0),
                "eligible": eligible,
                "withdrawn": judge.withdrawn_reason if judge.withdrawn_at else None,
            }
        )
    signed = contest.status in SIGNED
    signoffs = list(active_signoffs(contest).select_related("recorded_by")) if signed else []
    context = {
        "contest": contest,
        "snapshot": snapshot,
        "results": results,
        "groups": groups,
        "red_flags": [r for r in results if r["award"] == Award.RED_FLAG],
        "snails": [r for r in results if r["award"] == Award.SNAIL],
        "awards_configured": awarded.configured,
        "award_rule": awarded.rule,
        "method": _method(
            contest,
            criteria,
            judge_groups,
            list(contest.indicators.all()),
        ),
        "participation": participation,
        "consistency": consistency_tables(contest, data, sheets) if sheets else None,
        "signoffs": signoffs,
        "draft": not signoff_complete(signoffs),  # none read unless signed
        "missing_roles": missing_roles(signoffs) if signed else [],
        "signed_at": max((s.signed_at for s in signoffs), default=None),
        "fingerprint": digest,
        "fingerprint_spaced": spaced(digest),
        "generated_at": timezone.now(),
    }
    return render_to_string("scoring/report.html", context)


def build(report: Report) -> None:
    """Render and store the PDF, recording progress; failures are stored with their reason."""

    def progress(value: int) -> None:
        Report.objects.filter(pk=report.pk).update(progress=value)

    Report.objects.filter(pk=report.pk).update(status=Report.Status.BUILDING, progress=5)
    contest = report.contest
    try:
        snapshot = StandingsSnapshot.objects.get(contest=contest, version=report.version)
        html = report_html(contest, snapshot, progress)
        progress(60)
        pdf = render_pdf(html)
    except (ReportError, StandingsSnapshot.DoesNotExist) as error:
        message = str(error) if isinstance(error, ReportError) else _("该版本的排名已不存在。")
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED, error=message, finished_at=timezone.now()
        )
        return
    except Exception:
        logger.exception("report %s failed", report.pk)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            error=_("生成报告时出错，请联系技术人员查看日志。"),
            finished_at=timezone.now(),
        )
        raise
    Report.objects.filter(pk=report.pk, status=Report.Status.BUILDING).update(
        status=Report.Status.DONE, progress=100, pdf=pdf, finished_at=timezone.now()
    )

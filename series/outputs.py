"""A series' files: the matrix (XLSX/CSV), 结果运用 (XLSX), the 成绩单 and 季通报 PDFs, the A3
公开栏 poster and its 1080 px PNG. Built from one standings version; PDFs say 草稿 until the
version carries both signatures."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from arena.lib.downloads import CSV, PDF, XLSX
from arena.lib.pdf import first_page_png, render_pdf
from arena.lib.qr import qr_svg
from arena.lib.tables import to_csv, to_xlsx
from scoring import results
from series import charts, tables
from series.models import Participation, Series, SeriesSnapshot
from series.results import current_signoffs

# What apps built on series add to its PDFs (followup: matters and cards), registered in their
# ready(): ENTRANT_LINES callables (series, snapshot) → {entrant id: [lines]} for each unit's
# page of the 成绩单; BULLETIN_SECTIONS callables (series, snapshot) → [(heading, [lines])].
ENTRANT_LINES: list = []
BULLETIN_SECTIONS: list = []

PNG = "image/png"
POSTER_PNG_WIDTH = 1080


def _context(series: Series, snapshot: SeriesSnapshot) -> dict:
    signoffs = [s for s in current_signoffs(series) if s.snapshot_id == snapshot.pk]
    data = snapshot.data
    counted = tables.counted_rounds(data)
    return {
        "series": series,
        "snapshot": snapshot,
        "data": data,
        "matrix": tables.matrix(data),
        "latest": counted[-1] if counted else None,
        "signoffs": signoffs,
        "draft": not results.signoff_complete(signoffs),
        "fingerprint": snapshot.fingerprint,
        "fingerprint_spaced": results.spaced(snapshot.fingerprint),
        "now": timezone.localtime(),
    }


def _names(data: dict, ids: list[int]) -> list[str]:
    names = {row["id"]: row["name"] for row in data["entrants"]}
    return [names[i] for i in ids]


def criteria_beside_field(series: Series, data: dict) -> dict[int, list[dict]]:
    """The latest counted round's per-criterion averages of each entrant beside the field's."""
    counted = tables.counted_rounds(data)
    if not counted:
        return {}
    rnd = series.rounds.select_related("contest").get(number=counted[-1]["number"])
    snapshot = results.signed_snapshot(rnd.contest)
    if snapshot is None:
        return {}
    entrant_of = dict(
        Participation.objects.filter(round=rnd).values_list("contestant_id", "entrant_id")
    )
    ranked = [r for r in snapshot.data["results"] if r["rank"] is not None]
    lines: dict[int, list[dict]] = {}
    for criterion in snapshot.data["criteria"]:
        key = str(criterion["id"])
        values = [Decimal(r["criteria"][key]) for r in ranked if r["criteria"].get(key)]
        field = (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None
        for row in ranked:
            entrant = entrant_of.get(row["contestant"])
            if entrant is not None:
                lines.setdefault(entrant, []).append(
                    {"name": criterion["name"], "own": row["criteria"].get(key), "field": field}
                )
    return lines


def report_html(series: Series, snapshot: SeriesSnapshot) -> str:
    context = _context(series, snapshot)
    beside = criteria_beside_field(series, snapshot.data)
    rounds = context["matrix"]["rounds"]
    extra = [lines(series, snapshot) for lines in ENTRANT_LINES]
    known = charts.progression(snapshot.data) if snapshot.data["counted"] else None
    context["overview_charts"] = (
        [
            charts.rank_chart(snapshot.data, known=known),
            charts.value_chart(snapshot.data, known=known),
        ]
        if known
        else []
    )
    context["pages"] = [
        {
            "chart": charts.rank_chart(snapshot.data, row["id"], known) if known else None,
            "sparklines": charts.unit_sparklines(snapshot.data, row["id"], known) if known else (),
            "row": row,
            "lines": list(zip(rounds, row["cells"], strict=True)),
            "criteria": beside.get(row["id"], []),
            "extra": [line for found in extra for line in found.get(row["id"], [])],
        }
        for row in context["matrix"]["rows"]
    ]
    return render_to_string("series/report.html", context)


def _with_trend(cell: dict) -> dict:
    return {**cell, "trend_label": "" if cell["new"] else tables.trend_text(cell["trend"])}


def bulletin_context(series: Series, snapshot: SeriesSnapshot) -> dict:
    context = _context(series, snapshot)
    data = snapshot.data
    ranked = [row for row in data["entrants"] if row["rank"] is not None]
    moved = [row for row in ranked if row["trend"]]
    context.update(
        {
            "risers": sorted(
                (r for r in moved if r["trend"] > 0), key=lambda r: (-r["trend"], r["rank"])
            )[:3],
            "fallers": sorted(
                (r for r in moved if r["trend"] < 0), key=lambda r: (r["trend"], r["rank"])
            )[:3],
            "period_rows": sorted(
                (
                    {**row, "cell": _with_trend(row["rounds"][str(context["latest"]["number"])])}
                    for row in data["entrants"]
                    if context["latest"] and str(context["latest"]["number"]) in row["rounds"]
                ),
                key=lambda r: r["cell"]["rank"],
            ),
            "red_names": _names(data, context["latest"]["red"]) if context["latest"] else [],
            "snail_names": _names(data, context["latest"]["snail"]) if context["latest"] else [],
            "trend_text": tables.trend_text,
        }
    )
    for row in context["risers"] + context["fallers"]:
        row["trend_label"] = tables.trend_text(row["trend"])
    context["extra_sections"] = [
        section for sections in BULLETIN_SECTIONS for section in sections(series, snapshot)
    ]
    return context


def poster_html(series: Series, snapshot: SeriesSnapshot, link: str, top: int | None = None) -> str:
    context = bulletin_context(series, snapshot)
    rows = [row for row in context["matrix"]["rows"] if row["rank"] is not None]
    context.update(
        {"poster_rows": rows[:top] if top else rows, "qr": qr_svg(link, scale=6), "link": link}
    )
    return render_to_string("series/poster.html", context)


def poster_png(pdf: bytes) -> bytes:
    """The poster's first page as a PNG 1080 px wide (for a WeChat group)."""
    return first_page_png(pdf, POSTER_PNG_WIDTH)


def build(kind: str, series: Series, snapshot: SeriesSnapshot, link: str) -> tuple[bytes, str, str]:
    """(body, content type, file name) of one download."""
    title = series.title
    if kind == "matrix_xlsx":
        header, lines = tables.matrix_table(snapshot.data)
        return to_xlsx([("赛马排名", [header, *lines])]), XLSX, f"{title}-赛马排名.xlsx"
    if kind == "matrix_csv":
        header, lines = tables.matrix_table(snapshot.data)
        return to_csv([header, *lines]).encode(), CSV, f"{title}-赛马排名.csv"
    if kind == "consequences_xlsx":
        header, lines = tables.consequence_table(series, snapshot.data)
        return to_xlsx([("结果运用", [header, *lines])]), XLSX, f"{title}-结果运用.xlsx"
    draft = "" if results.signoff_complete(current_signoffs(series)) else "-草稿"
    if kind == "report_pdf":
        return render_pdf(report_html(series, snapshot)), PDF, f"{title}-成绩单{draft}.pdf"
    if kind == "bulletin_pdf":
        html = render_to_string("series/bulletin.html", bulletin_context(series, snapshot))
        return render_pdf(html), PDF, f"{title}-通报{draft}.pdf"
    if kind == "poster_pdf":
        return render_pdf(poster_html(series, snapshot, link)), PDF, f"{title}-公开栏{draft}.pdf"
    if kind == "poster_png":
        pdf = render_pdf(poster_html(series, snapshot, link, top=10))
        return poster_png(pdf), PNG, f"{title}-榜单{draft}.png"
    raise ValueError(kind)

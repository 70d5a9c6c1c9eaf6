"""Signed results leave the product as CSV, XLSX and JSON: formulas neutralised, numbers and times
as numbers and dates, names as text; the commands print the fingerprint and refuse changes."""

import csv
import hashlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contests import live
from scoring import recompute_queue, results, standings
from scoring.models import ScoreSheet, StandingsSnapshot
from tests.test_results import sign


def _hostile(contest):
    contestant = contest.contestants.first()
    contestant.name = '=HYPERLINK("http://x")<script>alert(1)</script>'
    contestant.save()
    recompute_queue.request_recompute(contest.pk)
    standings.recompute(contest.pk)
    return contestant


def test_exports_csv_and_xlsx_neutralise_formulas(finished_contest, organizer_client):
    hostile = _hostile(finished_contest)
    finished_contest.red_flag_count = 1
    finished_contest.save()
    base = ["organizer:results_export", finished_contest.pk]
    response = organizer_client.get(reverse(base[0], args=[base[1], "results", "csv"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][-1] == "评奖" and "红旗" in [r[-1] for r in rows]
    assert f"'{hostile.name}" in [r[3] for r in rows]
    workbook = load_workbook(
        io.BytesIO(organizer_client.get(reverse(base[0], args=[base[1], "sheets", "xlsx"])).content)
    )
    sheet = workbook.active
    names = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert f"'{hostile.name}" in names
    assert sheet.max_row == 1 + ScoreSheet.objects.count()
    assert sheet.cell(1, 10).value == "看站位"
    audit = organizer_client.get(reverse(base[0], args=[base[1], "audit", "xlsx"]))
    assert audit.status_code == 200
    assert organizer_client.get(reverse(base[0], args=[base[1], "nope", "csv"])).status_code == 404


def test_names_with_markup_are_text_on_results_pages(
    finished_contest, organizer, supervisor, client
):
    hostile = _hostile(finished_contest)
    sign(finished_contest, organizer)
    sign(finished_contest, supervisor, official="李监督", role="supervise")
    results.publish(finished_contest, organizer, text="<b>公示</b>")
    body = client.get(reverse("screen:results", args=[finished_contest.screen_token])).content
    assert b"<script>alert(1)</script>" not in body and "<b>公示".encode() not in body
    assert b"&lt;script&gt;" in body
    client.force_login(organizer)
    body = client.get(reverse("organizer:results", args=[finished_contest.pk])).content
    assert b"<script>alert(1)</script>" not in body
    assert hostile.unit.encode() in body


def test_commands_print_the_fingerprint_and_export_signed_results(
    finished_contest, organizer, tmp_path, capsys
):
    from django.core.management import call_command

    sign(finished_contest, organizer)
    snapshot = results.signed_snapshot(finished_contest)
    call_command("results_fingerprint", str(finished_contest.pk))
    digest = capsys.readouterr().out.strip()
    assert digest == results.fingerprint(finished_contest, snapshot.data)
    call_command("results_fingerprint", str(finished_contest.pk), "--canonical")
    canonical = capsys.readouterr().out.encode()
    assert hashlib.sha256(canonical).hexdigest() == digest
    target = tmp_path / "results.xlsx"
    call_command("export_results", str(finished_contest.pk), "--format", "xlsx", "-o", target)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == [r["name"] for r in snapshot.data["results"]]


def test_commands_refuse_to_change_signed_results(finished_contest, organizer):
    from django.core.management import CommandError, call_command

    sign(finished_contest, organizer)
    versions = StandingsSnapshot.objects.filter(contest=finished_contest).count()
    with pytest.raises(CommandError, match="已审核"):
        call_command("recompute_standings", str(finished_contest.pk), "--force")
    with pytest.raises(live.LiveError):
        from contests.rehearsal import run

        run(finished_contest, "http://127.0.0.1:9", scoring_seconds=0, report=lambda _: None)
    assert StandingsSnapshot.objects.filter(contest=finished_contest).count() == versions


def test_xlsx_exports_hold_numbers_and_times_not_text(finished_contest, organizer_client):
    def workbook(kind: str):
        url = reverse("organizer:results_export", args=[finished_contest.pk, kind, "xlsx"])
        return load_workbook(io.BytesIO(organizer_client.get(url).content)).active

    ranking = workbook("results")
    header = [cell.value for cell in ranking[1]]
    total = header.index("总分") + 1
    totals = [ranking.cell(row, total) for row in range(2, ranking.max_row + 1)]
    # Numbers, so =SUM(H2:H5) adds up in Excel or LibreOffice, shown with two decimals.
    assert all(cell.data_type == "n" and cell.number_format == "0.00" for cell in totals)
    expected = sum(
        Decimal(r["total"]) for r in results.results_snapshot(finished_contest).data["results"]
    )
    assert sum(Decimal(str(cell.value)) for cell in totals) == expected
    assert ranking.column_dimensions["D"].width >= 6  # sized to its contents
    sheets = workbook("sheets")
    header = [cell.value for cell in sheets[1]]
    first_submitted = sheets.cell(2, header.index("首次提交") + 1)
    assert first_submitted.is_date and first_submitted.number_format == "yyyy-mm-dd hh:mm:ss"
    assert sheets.cell(2, header.index("评委") + 1).data_type == "s"  # names stay text

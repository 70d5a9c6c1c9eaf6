"""One round, every surface (#28 "one figure everywhere"): a contest that is a round of a 赛马
series gives its 红旗/蜗牛 by the series' rule, and the results page, the 公示 page, the CSV, the
PDF report, the projector, the series' standings, a unit's 成绩单 and the 通报 name the same
units; each unit's total is the same on the results, files, screens, the series and the 月度榜单.
Add a surface here when you add one."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from contests import live
from contests.models import Contest
from live.frames import frame_html
from scoring import results
from series import monthly, standings
from tests.conftest import grant_role, play_round
from tests.test_report import built, pdf_text
from tests.test_series_rounds import DATES, UNITS, make_series

SCORES = {"甲": "90.00", "乙": "85.00", "丙": "80.00", "丁": "70.00"}
RED, SNAIL = {"市发展和改革委员会"}, {"市文化广电旅游局"}  # the series: top 1, bottom 1


def presenter(unit: str) -> str:
    return f"{unit[:2]}负责人"  # tests.conftest.play_round names presenters so


def rounds_table(page: str) -> str:
    """The unit's table of rounds on its 成绩单 page (charts and their tables come after it)."""
    return page.split('id="rounds"')[1].split("</table>")[0]


def awarded_in_rows(html: str, badge: str) -> set[str]:
    """Units of the table rows that carry the badge."""
    units = set()
    for row in re.findall(r"<tr.*?</tr>", html, flags=re.S):
        if f"award-{badge}" in row:
            units |= {unit for unit in UNITS.values() if unit in row}
    return units


@pytest.fixture
def round_one(organizer, supervisor):
    series = make_series(organizer, red_count=1, snail_count=1)
    totals = {UNITS[short]: total for short, total in SCORES.items()}
    # The contest's own quota (2 and 2) would give other lists: the series' rule decides.
    contest = play_round(organizer, supervisor, "第1期", DATES[0], totals, series=series)
    Contest.objects.filter(pk=contest.pk).update(red_flag_count=2, snail_count=2)
    contest.refresh_from_db()
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    results.publish(contest, organizer, text="", days=5, contact="督查室")
    return series, contest


def test_a_rounds_awards_are_the_same_on_every_surface(
    round_one, organizer_client, django_capture_on_commit_callbacks
):
    series, contest = round_one
    won = results.awards_for(contest, results.results_snapshot(contest).data)
    by_unit = {c.unit: won.get(c.pk, "") for c in contest.contestants.all()}
    assert {u for u, a in by_unit.items() if a == "red_flag"} == RED
    assert {u for u, a in by_unit.items() if a == "snail"} == SNAIL

    page = organizer_client.get(reverse("organizer:results", args=[contest.pk])).content.decode()
    assert awarded_in_rows(page, "red_flag") == RED and awarded_in_rows(page, "snail") == SNAIL
    assert "按赛马系列" in page  # shown as the series' rule

    public = Client().get(reverse("screen:results", args=[contest.screen_token]))
    public_page = public.content.decode()
    assert awarded_in_rows(public_page, "red_flag") == RED
    assert awarded_in_rows(public_page, "snail") == SNAIL

    csv = organizer_client.get(
        reverse("organizer:results_export", args=[contest.pk, "results", "csv"])
    ).content.decode("utf-8-sig")
    csv_rows = [line for line in csv.splitlines() if "红旗" in line]
    assert {u for u in UNITS.values() for line in csv_rows if u in line} == RED

    api = organizer_client.get(reverse("api:contest_results", args=[contest.pk])).json()
    award, unit = api["columns"].index("评奖"), api["columns"].index("单位")
    assert {row[unit] for row in api["rows"] if row[award] == "红旗"} == RED
    assert {row[unit] for row in api["rows"] if row[award] == "蜗牛奖"} == SNAIL
    standing = organizer_client.get(reverse("api:series_standings", args=[series.pk])).json()
    awards = standing["columns"].index("第1期评奖")
    flagged = {row[0] for row in standing["rows"] if "红旗" in (row[awards] or "").split("、")}
    assert flagged == RED

    _, text = pdf_text(bytes(built(contest, django_capture_on_commit_callbacks).pdf))
    assert f"红旗：{presenter('市发展和改革委员会')}（市发展和改革委员会）" in text
    assert f"蜗牛奖：{presenter('市文化广电旅游局')}（市文化广电旅游局）" in text

    live.set_screen(contest, "awards")
    contest.refresh_from_db()
    projector = frame_html(contest, "projector")
    red_block = projector.split("snails")[0]
    assert "市发展和改革委员会" in red_block and "市工业和信息化局" not in red_block

    data = standings.latest_snapshot(series).data
    names = {e.pk: e.name for e in series.entrants.all()}
    assert {names[e] for e in data["rounds"][0]["red"]} == RED
    assert {names[e] for e in data["rounds"][0]["snail"]} == SNAIL
    for entrant in series.entrants.all():
        card = Client().get(reverse("series_public:entrant", args=[entrant.token]))
        shows_red = "红旗" in rounds_table(card.content.decode())
        assert shows_red == (entrant.name in RED), entrant.name
    bulletin = organizer_client.get(reverse("series:download", args=[series.pk, "bulletin.pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bulletin.content)).pages)
    assert "红旗：市发展和改革委员会" in text and "市工业和信息化局、" not in text


def test_a_rounds_totals_and_ranks_are_the_same_on_every_surface(round_one, organizer_client):
    """Each unit's published total and rank: the contest's results, its CSV, the projector's
    reveal, the series' standings, matrix file and the unit's 成绩单."""
    series, contest = round_one
    ranked = sorted(SCORES.items(), key=lambda item: -float(item[1]))
    expected = {UNITS[short]: (total, rank) for rank, (short, total) in enumerate(ranked, 1)}
    rows = results.rows_with_awards(contest, results.results_snapshot(contest).data)
    assert {r["unit"]: (r["total"], r["rank"]) for r in rows} == expected

    csv = organizer_client.get(
        reverse("organizer:results_export", args=[contest.pk, "results", "csv"])
    ).content.decode("utf-8-sig")
    for unit, (total, rank) in expected.items():
        line = next(line for line in csv.splitlines() if unit in line)
        assert line.split(",")[0] == str(rank) and total in line.split(","), line

    live.set_screen(contest, "reveal")
    live.reveal(contest, "all")
    contest.refresh_from_db()
    reveal = frame_html(contest, "projector")
    for unit, (total, _) in expected.items():
        assert total in reveal.split(unit)[1].split("</tr>")[0], unit

    data = standings.latest_snapshot(series).data
    cells = {e["name"]: e["rounds"]["1"] for e in data["entrants"] if "1" in e["rounds"]}
    assert {unit: (c["total"], c["rank"]) for unit, c in cells.items()} == expected
    matrix_file = organizer_client.get(reverse("series:download", args=[series.pk, "matrix.csv"]))
    matrix = matrix_file.content.decode("utf-8-sig")
    for unit, (total, rank) in expected.items():
        line = next(line for line in matrix.splitlines() if line.startswith(unit))
        assert line.split(",")[2:4] == [total, str(rank)], line
    api = organizer_client.get(reverse("api:contest_results", args=[contest.pk])).json()
    unit, total_at = api["columns"].index("单位"), api["columns"].index("总分")
    assert {r[unit]: (r[total_at], r[0]) for r in api["rows"]} == expected
    standing = organizer_client.get(reverse("api:series_standings", args=[series.pk])).json()
    assert {r[0]: (r[2], r[3]) for r in standing["rows"] if r[2]} == expected
    for entrant in series.entrants.all():
        card = Client().get(reverse("series_public:entrant", args=[entrant.token]))
        total, rank = expected[entrant.name]
        page = card.content.decode()
        body = rounds_table(page)
        assert total in body and f"{rank}/4" in body, entrant.name
        short = entrant.short_name
        assert f"{short} 累计名次：{rank}" in page and f"{short} 每期得分：{total}" in page  # 走势
    # The round's 月度榜单 (page, XLSX, PDF, projector): its 综合得分 is the same total.
    board = organizer_client.get(reverse("series:board", args=[series.pk, 1])).content.decode()
    book = load_workbook(
        io.BytesIO(
            organizer_client.get(reverse("series:board_file", args=[series.pk, 1, "xlsx"])).content
        )
    )
    sheet = {row[2]: row for row in book.active.iter_rows(min_row=2, values_only=True)}
    _reader, text = pdf_text(monthly.pdf(contest.series_round))
    live.set_screen(contest, "monthly")
    contest.refresh_from_db()
    projector = frame_html(contest, "projector")
    for unit, (total, _) in expected.items():
        assert total in board.split(unit)[1].split("</tr>")[0], unit
        assert f"{sheet[unit][3]:.2f}" == total, unit
        assert total in next(line for line in text.splitlines() if unit in line), unit
        assert total in projector.split(unit)[1].split("</tr>")[0], unit

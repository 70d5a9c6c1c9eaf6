"""One word for a presenter per kind of event (#28): every page, tab, import, judge page and
file of a contest says 打擂人, 汇报人 or 表态人 as its kind does, never another kind's word.
Pages are rendered in each state a contest goes through and searched for the other words."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from contests import live
from contests.kinds import CHALLENGER, PLEDGER, REPORTER, apply_kind_defaults, kind_of
from contests.models import Contest
from tests.conftest import build_contest, finish_with_sheets

WORDS = {str(CHALLENGER), str(REPORTER), str(PLEDGER)}
KINDS = {
    Contest.Kind.DIRECTOR: str(CHALLENGER),
    Contest.Kind.REPORT: str(REPORTER),
    Contest.Kind.PLEDGE: str(PLEDGER),
}
SETUP_STEPS = ("criteria", "groups", "contestants", "judges", "indicators")


def pages(client: Client, contest: Contest) -> dict[str, str]:
    """Every page and file of the contest in its present state, as text."""
    pk = contest.pk
    judge = contest.judges.first()
    presenter = contest.contestants.first()
    organizer = {
        "basics": reverse("organizer:contest_basics", args=[pk]),
        "copy": reverse("organizer:contest_copy", args=[pk]),
        "import": reverse("organizer:import_rows", args=[pk, "contestants"]),
        "console": reverse("organizer:live_control", args=[pk]),
        "indicators table": reverse("organizer:indicator_table", args=[pk]),
        "audit": reverse("organizer:audit_log", args=[pk]),
        "results": reverse("organizer:results", args=[pk]),
        "remarks panel": reverse("followup:remarks", args=[pk]),
        "pledge panel": reverse("boards:pledges", args=[pk]),
        **{
            f"step {step}": reverse("organizer:contest_step", args=[pk, step])
            for step in SETUP_STEPS
        },
    }
    public = {
        "projector": reverse("screen:projector", args=[contest.screen_token]),
        "audience": reverse("screen:audience", args=[contest.screen_token]),
        "frame": reverse("screen:frame", args=[contest.screen_token]),
    }
    if judge is not None:
        public["judge home"] = reverse("judge:home", args=[judge.token])
        public["judge sheet"] = reverse("judge:sheet", args=[judge.token, presenter.pk])
    shown = {}
    for name, url in organizer.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    anonymous = Client()
    for name, url in public.items():
        response = anonymous.get(url)
        assert response.status_code == 200, (name, response.status_code)
        shown[name] = response.content.decode()
    if contest.status != Contest.Status.DRAFT and contest.status != Contest.Status.LIVE:
        for kind in ("results", "sheets", "audit"):
            csv = client.get(reverse("organizer:results_export", args=[pk, kind, "csv"]))
            shown[f"{kind}.csv"] = csv.content.decode("utf-8-sig")
            xlsx = client.get(reverse("organizer:results_export", args=[pk, kind, "xlsx"]))
            book = load_workbook(io.BytesIO(xlsx.content))
            shown[f"{kind}.xlsx"] = " ".join(
                str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                for cell in row if cell is not None
            )  # fmt: skip
        sheets = client.get(reverse("organizer:signature_sheets", args=[pk]))
        shown["signature sheets"] = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(sheets.content)).pages
        )
        from scoring import report, results

        html = report.report_html(contest, results.results_snapshot(contest))
        shown["report"] = html
    return shown


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_page_of_a_kind_says_its_own_word(kind, organizer, organizer_client):
    contest = build_contest(organizer, kind=kind)
    apply_kind_defaults(contest)
    contest.save()
    if contest.judge_weight == 0:  # a kind without judges: its presenters get indicator scores
        contest.judge_weight, contest.indicator_weight = 50, 50  # (晒比会 is issue 30's)
        contest.save()
    own = KINDS[kind]
    others = WORDS - {own}
    states = {"draft": pages(organizer_client, contest)}
    live.start(contest)
    live.put_on_stage(contest, contest.contestants.first())
    contest.refresh_from_db()
    states["live"] = pages(organizer_client, contest)
    finish_with_sheets(contest)
    states["closed"] = pages(organizer_client, contest)
    found = sorted(
        {
            (state if state == "draft" else "…", name, text[max(0, i - 30) : i + 10])
            for state, shown in states.items()
            for name, text in shown.items()
            for word in others
            for i in [m.start() for m in re.finditer(word, text)]
        }
    )
    assert found == [], "\n".join(map(str, found))
    assert own in states["draft"]["step contestants"] and own in states["live"]["console"]


def test_plain_words_for_versions_and_counts_and_pledges_on_where_central(
    finished_contest, organizer_client
):
    page = organizer_client.get(reverse("organizer:results", args=[finished_contest.pk]))
    text = page.content.decode()
    assert "计入/收到" not in text and "收到 6 份，计入 4 份" in text
    assert "更新于" in text
    # 亮目标 is the heart of a 局长擂台赛 and a 赛马会 (001_eb5d0b1167e9c173.txt): on by default.
    for kind in (Contest.Kind.DIRECTOR, Contest.Kind.HORSE_RACE):
        contest = Contest(kind=kind)
        apply_kind_defaults(contest)
        assert kind_of(contest).pledges and kind_of(contest).remarks

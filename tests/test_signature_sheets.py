"""评委签字表 and 汇总表: a page per judge with the scores they gave, to sign, and the results."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contests.models import Recusal
from scoring.models import ScoreSheet
from tests.conftest import build_contest, finish_with_sheets
from tests.test_browser_setup import SCREENSHOTS


@pytest.fixture
def signed_paper_contest(organizer):
    contest = build_contest(organizer, contestants=4, judges=3)
    judge, presenter = contest.judges.first(), contest.contestants.last()
    Recusal.objects.create(contest=contest, judge=judge, contestant=presenter, reason="亲属")
    presenter.name = "欧阳<b>明辉</b>"  # names from users are text in the PDF too
    presenter.save()
    return finish_with_sheets(contest)


def test_a_page_per_judge_and_a_summary(organizer_client, signed_paper_contest):
    contest = signed_paper_contest
    response = organizer_client.get(reverse("organizer:signature_sheets", args=[contest.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == contest.judges.count() + 1
    first_judge = contest.judges.order_by("order").first()
    assert f"第 1 号评委 {first_judge.name}" in pages[0]
    assert "评委签字：" in pages[0] and "回避" in pages[0] and "欧阳<b>明辉</b>" in pages[0]
    # The judge's own totals, as stored: one of them, printed with two decimals.
    sheet = ScoreSheet.objects.filter(judge=first_judge).order_by("contestant__order").first()
    total = sum(score.value * score.criterion.weight for score in sheet.scores.all())
    assert f"{total:.2f}" in pages[0]
    assert "评分汇总表" in pages[-1] and "审核：" in pages[-1] and "监督：" in pages[-1]
    assert "草稿" in pages[-1]  # not signed yet
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "signature-sheets.pdf").write_bytes(response.content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
             str(SCREENSHOTS / "signature-sheets.pdf"), str(SCREENSHOTS / "signature-sheets")],
            check=True,
        )  # fmt: skip


def test_only_the_contests_officials_get_it(client, other_organizer, signed_paper_contest):
    url = reverse("organizer:signature_sheets", args=[signed_paper_contest.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_organizer)
    assert client.get(url).status_code == 404

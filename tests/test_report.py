"""The PDF report: real WeasyPrint output checked as text, fonts and a rendered page."""

import http.server
import io
import shutil
import subprocess
import threading

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from arena.lib.pdf import NoNetworkFetcher, render_pdf
from scoring import recompute_queue, report, results, standings
from scoring.models import Report, Score
from tests.conftest import finish_with_sheets, grant_role, sign_off_fully


def signed(contest, organizer, second=None):
    """Signed by the organizer (审核) and, given a second account, fully (监督 too)."""
    if second is not None:
        return sign_off_fully(contest, organizer, second)
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    contest.refresh_from_db()
    return contest


def built(contest, capture) -> Report:
    with capture(execute=True):
        stored = report.request_report(contest)
    stored.refresh_from_db()
    assert stored.status == Report.Status.DONE, stored.error
    return stored


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Base names of fonts whose font program is inside the PDF."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]).lstrip("/"))
    return names


def test_report_matches_the_engine_and_embeds_a_subset_cjk_font(
    finished_contest, organizer, supervisor, django_capture_on_commit_callbacks, tmp_path
):
    finished_contest.red_flag_count = 1
    finished_contest.save()
    contest = signed(finished_contest, organizer, supervisor)
    stored = built(contest, django_capture_on_commit_callbacks)
    reader, text = pdf_text(bytes(stored.pdf))
    fresh = standings.fresh_results(contest)
    for row in fresh["results"]:
        assert row["name"] in text and row["unit"] in text
        assert row["total"] in text
    assert f"第 1 页 共 {len(reader.pages)} 页" in text
    assert "看站位" in text and "张审核" in text
    assert "李监督" in text and "supervisor" in text  # both signatures, with their accounts
    # An official document: no source paths, no internal counters; the fingerprint and the
    # time of signing instead; trimming said to happen inside each judge group.
    assert "docs/" not in text and "第 1 版" not in text and "签字完成时间" in text
    assert "在每个评委组内去掉 1 个最高分" in text
    assert "红旗" in text and "草稿" not in text
    digest = results.fingerprint(contest, results.signed_snapshot(contest).data)
    assert stored.fingerprint == digest
    assert results.spaced(digest)[:19] in text
    fonts = embedded_fonts(reader)
    assert any("CJK" in name for name in fonts), fonts
    assert all(name.split("+")[0].isalpha() and "+" in name for name in fonts)  # subsets
    assert len(stored.pdf) < 3 * 1024 * 1024

    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm is missing: the test command installs poppler-utils")
    source = tmp_path / "report.pdf"
    source.write_bytes(bytes(stored.pdf))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", source, tmp_path / "page"],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert image.width < image.height  # A4 portrait
    dark = sum(image.histogram()[:128])
    assert dark > 500  # the title and cover text are drawn, not a blank page


def test_same_version_gives_the_same_bytes(
    finished_contest, organizer, supervisor, organizer_client, django_capture_on_commit_callbacks
):
    contest = signed(finished_contest, organizer)
    first = built(contest, django_capture_on_commit_callbacks)
    again = built(contest, django_capture_on_commit_callbacks)
    assert again.pk == first.pk
    url = reverse("organizer:report_download", args=[contest.pk, first.pk])
    response = organizer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == bytes(first.pdf)
    assert organizer_client.get(url).content == response.content
    assert "草稿，待监督签字" in pdf_text(bytes(first.pdf))[1]  # one signature of two
    # The second signature changes what is printed, so it is a new report, no longer a draft.
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    version = results.signed_snapshot(contest).version
    results.sign_off(contest, supervisor, official="李监督", role="supervise", version=version)
    contest.refresh_from_db()
    third = built(contest, django_capture_on_commit_callbacks)
    assert third.pk != first.pk and third.version == first.version
    text = pdf_text(bytes(third.pdf))[1]
    assert "李监督" in text and "草稿" not in text


def test_unsigned_report_is_a_draft_and_names_judges_only_when_chosen(
    finished_contest, django_capture_on_commit_callbacks
):
    judge = finished_contest.judges.order_by("order").first()
    judge.name = "欧阳明远"
    judge.save()
    _, text = pdf_text(bytes(built(finished_contest, django_capture_on_commit_callbacks).pdf))
    assert "草稿" in text
    assert "评委1" in text and "欧阳明远" not in text
    finished_contest.report_judge_names = True
    finished_contest.save()
    _, text = pdf_text(bytes(built(finished_contest, django_capture_on_commit_callbacks).pdf))
    assert "欧阳明远" in text


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        CountingHandler.hits += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    CountingHandler.hits = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_renderer_fetches_nothing(listener):
    html = (
        f'<link rel="stylesheet" href="{listener}/style.css">'
        f'<img src="{listener}/image.png"><img src="file:///etc/passwd">'
        f'<p style="background: url({listener}/bg.png)">擂台</p>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert CountingHandler.hits == 0
    with pytest.raises(Exception, match="fetches nothing"):
        NoNetworkFetcher().fetch(f"{listener}/x")


def test_hostile_names_are_text_in_the_pdf(
    finished_contest, organizer, listener, django_capture_on_commit_callbacks
):
    contestant = finished_contest.contestants.first()
    contestant.name = f'<img src="{listener}/x.png"><script>alert(1)</script>'[:50]
    contestant.unit = "=1+1 单位"
    contestant.save()
    recompute_queue.request_recompute(finished_contest.pk)
    standings.recompute(finished_contest.pk)
    contest = signed(finished_contest, organizer)
    _, text = pdf_text(bytes(built(contest, django_capture_on_commit_callbacks).pdf))
    assert "<img" in text.replace("\n", "")
    assert "=1+1 单位" in text
    assert CountingHandler.hits == 0


def test_report_refuses_when_sheets_no_longer_match_the_signature(
    finished_contest, organizer, django_capture_on_commit_callbacks
):
    contest = signed(finished_contest, organizer)
    Score.objects.filter(sheet__contestant__contest=contest).update(value=0)  # behind our back
    with django_capture_on_commit_callbacks(execute=True):
        stored = report.request_report(contest)
    stored.refresh_from_db()
    assert stored.status == Report.Status.FAILED
    assert "不一致" in stored.error
    assert stored.pdf is None


def test_status_partial_polls_while_building(finished_contest, organizer_client):
    url = reverse("organizer:report_status", args=[finished_contest.pk])
    stored = report.request_report(finished_contest)  # queued; its task never runs here
    Report.objects.filter(pk=stored.pk).update(status="building", progress=40)
    body = organizer_client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in body and "40%" in body
    Report.objects.filter(pk=stored.pk).update(status="done", pdf=b"%PDF-1.7", progress=100)
    body = organizer_client.get(url).content.decode()
    assert "every 1s" not in body
    assert reverse("organizer:report_download", args=[finished_contest.pk, stored.pk]) in body


def test_report_view_queues_and_shows_progress(
    finished_contest, organizer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            reverse("organizer:report_request", args=[finished_contest.pk])
        )
    assert response.status_code == 302 and response["Location"].endswith("#report")
    page = organizer_client.get(reverse("organizer:results", args=[finished_contest.pk]))
    assert "下载草稿 PDF（未签字，仅供核对）" in page.content.decode()  # no signature yet


def test_larger_contest_report_has_a_page_per_contestant(
    organizer, django_capture_on_commit_callbacks
):
    from tests.conftest import build_contest

    contest = finish_with_sheets(build_contest(organizer, contestants=12, judges=30))
    reader, _ = pdf_text(bytes(built(contest, django_capture_on_commit_callbacks).pdf))
    pages = [page.extract_text() for page in reader.pages]
    for contestant in contest.contestants.all():
        heading = f"{contestant.order}. {contestant.name}"
        assert sum(heading in page for page in pages) >= 1
    assert len(pages) >= 12 + 3


def test_after_both_signatures_only_the_signed_report_is_offered(
    finished_contest, organizer, supervisor, client, django_capture_on_commit_callbacks
):
    contest = finished_contest
    page_url = reverse("organizer:results", args=[contest.pk])
    draft = built(contest, django_capture_on_commit_callbacks)
    assert draft.status == "done" and not draft.signed
    client.force_login(organizer)
    page = client.get(page_url).content.decode()
    assert "下载草稿 PDF（未签字，仅供核对）" in page
    draft_url = reverse("organizer:report_download", args=[contest.pk, draft.pk])
    assert draft_url in page

    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    page = client.get(page_url).content.decode()
    assert draft_url not in page and "生成草稿报告" in page  # one signature: a new draft

    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organizer:results_sign", args=[contest.pk]),
            {
                "checked": "1",
                "version": version,
                "official": "李监督",
                "role": "supervise",
            },
        )
    signed_report = Report.objects.get(contest=contest, signed=True)
    assert signed_report.status == "done"  # built on the second signature, no click needed
    page = client.get(page_url).content.decode()
    assert "下载签字版 PDF 报告" in page and draft_url not in page and "生成签字版报告" not in page
    signed_url = reverse("organizer:report_download", args=[contest.pk, signed_report.pk])
    response = client.get(signed_url)
    assert "%E7%AD%BE%E5%AD%97%E7%89%88.pdf" in response["Content-Disposition"]  # 签字版
    _, text = pdf_text(bytes(response.content))
    assert "草稿" not in text and "李监督" in text
    # The draft, if someone kept its link, still says what it is.
    assert "%E8%8D%89%E7%A8%BF" in client.get(draft_url)["Content-Disposition"]  # 草稿

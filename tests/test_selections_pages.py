"""评选 through its pages, as the township office runs it: a new selection, nominees, the steps
(审核 by the 审核人), the 公示 with its public page, an objection, 表彰 and the files."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from orgs.access import personal_organisation
from selections import flow
from selections.models import Nominee, Selection, SelectionLog
from tests.conftest import grant_role


def post(client, view: str, selection, *args, **data):
    return client.post(reverse(f"selections:{view}", args=[selection.pk, *args]), data)


@pytest.fixture
def reviewer(organizer):
    user = get_user_model().objects.create_user("reviewer")
    grant_role(personal_organisation(organizer), user, "reviewer")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def helper(organizer):
    """An account that runs the organisation's events and is not its 审核人."""
    user = get_user_model().objects.create_user("helper")
    grant_role(personal_organisation(organizer), user, "organizer")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def selection(organizer_client):
    answer = organizer_client.post(
        reverse("selections:create"),
        {"title": "青岗镇“评五星”", "year": "2021", "units": "青岗村\n金华村",
         "categories": "育才之星\n孝德之星"},
    )  # fmt: skip
    assert answer.status_code == 302
    return Selection.objects.get()


def walk_to_review(client, reviewer, selection, nominee):
    steps = list(selection.steps.all())
    page = reverse("selections:nominee_pass", args=[selection.pk, nominee.pk])
    for data in (
        {"step": steps[0].pk, "note": "走访 8 户"},
        {"step": steps[1].pk, "number": "36"},
        {"step": steps[2].pk, "on": "2021-11-20", "votes_for": "40", "votes_against": "1",
         "votes_abstain": "0"},
        {"step": steps[3].pk, "note": "考察合格"},
    ):  # fmt: skip
        assert client.post(page, data).status_code == 302, data
    refused = client.post(page, {"step": steps[4].pk})  # 审核: only the 审核人
    assert refused.status_code == 403
    assert reviewer.post(page, {"step": steps[4].pk}).status_code == 302


def test_a_selection_from_nomination_to_commendation(organizer_client, helper, reviewer, selection):
    units, stars = list(selection.units.all()), list(selection.categories.all())
    for name, unit, star in (("王芳", units[0], stars[0]), ("李强", units[1], stars[1])):
        answer = post(organizer_client, "nominee_add", selection, name=name, unit=unit.pk,
                      category=star.pk, story=f"{name}的事迹")  # fmt: skip
        assert answer.status_code == 302
    first, second = Nominee.objects.order_by("pk")
    skipped = post(organizer_client, "nominee_pass", selection, first.pk,
                   step=selection.steps.get(order=3).pk, note="x")  # fmt: skip
    assert skipped.status_code == 422 and "请先完成“走访调查摸底”" in skipped.content.decode()
    for nominee in (first, second):
        walk_to_review(helper, reviewer, selection, nominee)
    notice = reverse("selections_public:notice", args=[selection.public_token])
    assert Client().get(notice).status_code == 404  # not before the 公示
    opened = post(organizer_client, "publicity", selection, start="2021-12-01", days="5",
                  contact="镇纪委 电话 0825-0000000")  # fmt: skip
    assert opened.status_code == 302
    page = Client().get(notice).content.decode()
    assert "公示期满（2021-12-01 至 2021-12-07）" in page and "王芳" in page and "李强" in page
    assert "镇纪委" in page and "<svg" in page
    post(organizer_client, "objection_add", selection, nominee=second.pk, received_on="2021-12-03",
         channel="visit", content="反映不实", submitter="赵某")  # fmt: skip
    blocked = post(organizer_client, "commend", selection)
    assert blocked.status_code == 422 and "李强：异议待处理" in blocked.content.decode()
    objection = second.objections.get()
    post(organizer_client, "objection_decide", selection, objection.pk, upheld="1",
         reason="经核实属实")  # fmt: skip
    assert post(organizer_client, "commend", selection).status_code == 302
    selection.refresh_from_db()
    assert selection.status == "commended"

    def file(name):
        return organizer_client.get(reverse("selections:file", args=[selection.pk, name]))

    share = Image.open(io.BytesIO(file("share.png").content))
    assert share.format == "PNG" and share.width == 1080
    certificates = PdfReader(io.BytesIO(file("certificates.pdf").content))
    assert len(certificates.pages) == 1 and "王芳" in certificates.pages[0].extract_text()
    sheet = load_workbook(io.BytesIO(file("list.xlsx").content)).active
    assert [row[3] for row in sheet.iter_rows(values_only=True)] == ["姓名或案例", "王芳"]
    assert (
        file("broadcast.txt").content.decode("utf-8-sig").startswith("青岗村王芳，荣获“育才之星”")
    )
    log = list(SelectionLog.objects.filter(selection=selection).values_list("action", flat=True))
    assert log[0] == "新建评选" and "异议成立" in log and log[-1] == "统一表彰"
    reopened = post(organizer_client, "reopen", selection, reason="更正姓名用字")
    assert reopened.status_code == 302
    selection.refresh_from_db()
    assert selection.status == "publicity" and file("list.pdf").status_code == 404


def test_refused_forms_keep_the_page_and_say_why(organizer_client, selection):
    bad = post(organizer_client, "nominee_add", selection, name="", unit="x", category="")
    assert bad.status_code == 422 and "姓名或案例" in bad.content.decode()
    early = post(organizer_client, "publicity", selection, start="2021-12-01", days="5")
    assert early.status_code == 422 and "还没有推选中的人选" in early.content.decode()
    holidays = post(organizer_client, "publicity", selection, start="2021-12-01", days="5",
                    holidays="十二月")  # fmt: skip
    assert holidays.status_code == 422 and "不是日期" in holidays.content.decode()
    missing = post(organizer_client, "nominee_withdraw", selection, 999_999, reason="原因")
    assert missing.status_code == 422


def test_outsiders_do_not_find_a_selection(selection, other_organizer):
    rival = Client()
    rival.force_login(other_organizer)
    page = reverse("selections:page", args=[selection.pk])
    assert rival.get(page).status_code == 404
    assert post(rival, "commend", selection).status_code == 404
    assert "青岗镇" not in rival.get(reverse("selections:list")).content.decode()
    assert dt.date.today().year > 2020  # the 公示 above is long over: 期满 is what it says


def test_a_nominee_photo_is_an_image_and_shows_on_the_page(organizer_client, selection, settings,
                                                           tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "red").save(buffer, format="PNG")
    unit, star = selection.units.first(), selection.categories.first()
    photo = SimpleUploadedFile("wang.png", buffer.getvalue(), content_type="image/png")
    added = post(organizer_client, "nominee_add", selection, name="王芳", unit=unit.pk,
                 category=star.pk, photo=photo)  # fmt: skip
    assert added.status_code == 302
    nominee = Nominee.objects.get()
    assert nominee.photo.name.endswith(".png") and (tmp_path / nominee.photo.name).exists()
    page = organizer_client.get(reverse("selections:page", args=[selection.pk])).content.decode()
    assert nominee.photo.url in page
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    refused = post(organizer_client, "nominee_add", selection, name="李强", unit=unit.pk,
                   category=star.pk, photo=fake)  # fmt: skip
    assert refused.status_code == 422 and Nominee.objects.count() == 1


def test_a_step_that_asks_for_its_paper_takes_it_and_hands_it_to_readers_only(
    organizer_client, selection, settings, tmp_path, other_organizer
):
    """【附件】 on a step: passing without the file is refused by name; the file is kept out of
    the media folder and fetched through a login view, under the name it came with."""
    settings.PRIVATE_FILES_ROOT = tmp_path
    step = selection.steps.get(order=0)
    step.needs_attachment = True
    step.save()
    unit, star = selection.units.first(), selection.categories.first()
    post(organizer_client, "nominee_add", selection, name="王芳", unit=unit.pk, category=star.pk)
    nominee = Nominee.objects.get()
    without = post(
        organizer_client, "nominee_pass", selection, nominee.pk, step=step.pk, note="走访"
    )
    assert without.status_code == 422 and "须填写：附件" in without.content.decode()
    wrong = SimpleUploadedFile("走访.exe", b"MZ", content_type="application/octet-stream")
    refused = post(organizer_client, "nominee_pass", selection, nominee.pk, step=step.pk,
                   note="走访", attachment=wrong)  # fmt: skip
    assert refused.status_code == 422 and "附件须为 PDF" in refused.content.decode()
    paper = SimpleUploadedFile("走访记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    passed = post(organizer_client, "nominee_pass", selection, nominee.pk, step=step.pk,
                  note="走访 8 户", attachment=paper)  # fmt: skip
    assert passed.status_code == 302
    passage = nominee.passages.get()
    assert passage.attachment_name == "走访记录.pdf"
    assert (tmp_path / passage.attachment.name).read_bytes() == b"%PDF-1.4 minutes"
    assert "走访记录" not in passage.attachment.name  # a random name on disk
    link = reverse("selections:attachment", args=[selection.pk, passage.pk])
    assert (
        link
        in organizer_client.get(reverse("selections:page", args=[selection.pk])).content.decode()
    )
    answer = organizer_client.get(link)
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 minutes"
    assert (
        "attachment" in answer["Content-Disposition"]
        and "%E8%B5%B0" in answer["Content-Disposition"]
    )
    rival = Client()
    rival.force_login(other_organizer)
    assert rival.get(link).status_code == 404
    assert Client().get(link).status_code == 302  # to the sign-in page


def test_the_objection_register_as_a_file(organizer_client, organizer, selection):
    """The 异议登记簿 in XLSX and PDF from the 公示 on: each objection with its channel, 逾期 and
    finding, in the order received."""
    selection.status = "publicity"
    selection.publicity_start = dt.date(2021, 12, 1)
    selection.save()
    unit, star = selection.units.first(), selection.categories.first()
    nominee = Nominee.objects.create(selection=selection, name="李强", unit=unit, category=star)
    said = {"nominee": nominee, "user": organizer}
    late = flow.record_objection(received_on=dt.date(2021, 12, 8), channel="phone",
                                 content="反映二", submitter="钱某", **said)  # fmt: skip
    first = flow.record_objection(received_on=dt.date(2021, 12, 3), channel="visit",
                                  content="反映一", submitter="赵某", **said)  # fmt: skip
    flow.decide_objection(first, False, "经核实不属实", organizer)
    assert late.late and not first.late

    def file(name):
        return organizer_client.get(reverse("selections:file", args=[selection.pk, name]))

    rows = list(
        load_workbook(io.BytesIO(file("objections.xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:3] == ("序号", "收到日期", "方式")
    assert [(r[0], r[1].date(), r[5], r[6], r[8], r[9]) for r in rows[1:]] == [
        (1, dt.date(2021, 12, 3), "李强", "反映一", None, "不成立"),
        (2, dt.date(2021, 12, 8), "李强", "反映二", "逾期", "待处理"),
    ]
    text = PdfReader(io.BytesIO(file("objections.pdf").content)).pages[0].extract_text()
    assert "异议登记簿" in text and "经核实不属实" in text and "逾期" in text

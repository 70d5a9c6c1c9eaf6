import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from arena.lib import reader
from contests import imports
from contests.models import Contestant, Judge

HEADER = "姓名,职务,单位,分组,出场顺序,汇报主题\n"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def empty_contest(contest):
    contest.contestants.all().delete()
    contest.judges.all().delete()
    return contest


def test_gbk_csv_as_excel_saves_it(empty_contest):
    data = csv_bytes(
        HEADER + "张明,局长,市发改委,经济组,,抓项目\n李华,主任,市卫健委,新分组,,护健康\n", "gbk"
    )
    # A group the contest lacks is pointed out first: it may be a typo.
    result = imports.import_file(empty_contest, "contestants", "选手.csv", data)
    assert [(p.row, p.column) for p in result.problems] == [(3, "分组")]
    assert "新分组" in result.problems[0].reason and not empty_contest.contestants.exists()
    result = imports.import_file(
        empty_contest, "contestants", "选手.csv", data, allow_new_groups=True
    )
    assert result.ok, result.problems
    assert result.created == 2
    assert result.groups_created == ["新分组"]
    zhang = Contestant.objects.get(contest=empty_contest, name="张明")
    assert zhang.unit == "市发改委" and zhang.group.name == "经济组" and zhang.order == 1


def test_utf8_with_bom_and_explicit_orders(empty_contest):
    data = csv_bytes(HEADER + "甲,,单位甲,,2,\n乙,,单位乙,,1,\n", "utf-8-sig")
    result = imports.import_file(empty_contest, "contestants", "a.CSV", data)
    assert result.ok, result.problems
    assert list(empty_contest.contestants.values_list("name", flat=True)) == ["乙", "甲"]


def test_missing_required_column_saves_nothing(empty_contest):
    data = csv_bytes("姓名,职务\n张明,局长\n")
    result = imports.import_file(empty_contest, "contestants", "a.csv", data)
    assert not result.ok
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(1, "单位", "缺少必填列")]
    assert empty_contest.contestants.count() == 0


def test_every_problem_is_reported_with_row_and_column(empty_contest):
    data = csv_bytes(
        HEADER
        + "张明,局长,市发改委,,,\n"
        + ",局长,市商务局,,,\n"  # empty name
        + "张明,局长,市发改委,,,\n"  # duplicate of row 2
        + "王五,局长,某局,,abc,\n"  # order not a number
        + "赵六,局长,"
        + "长" * 201
        + ",,,\n"  # unit too long
    )
    result = imports.import_file(empty_contest, "contestants", "a.csv", data)
    assert not result.ok
    found = {(p.row, p.column) for p in result.problems}
    assert found == {(3, "姓名"), (4, "姓名"), (5, "出场顺序"), (6, "单位")}
    assert "与第 2 行重复" in next(p.reason for p in result.problems if p.row == 4)
    assert empty_contest.contestants.count() == 0


def test_duplicate_of_existing_contestant(contest):
    data = csv_bytes(HEADER + "选手1,,单位1,,,\n")
    result = imports.import_file(contest, "contestants", "a.csv", data)
    assert [p.reason for p in result.problems] == ["汇报人已存在：选手1（单位1）"]


def test_order_taken_by_existing_contestant(contest):
    data = csv_bytes(HEADER + "新人,,新单位,,1,\n")
    result = imports.import_file(contest, "contestants", "a.csv", data)
    assert "已被现有汇报人占用" in result.problems[0].reason


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("empty.csv", b"", "文件是空的。"),
        ("blank.csv", b"\n\n  \n", "文件是空的。"),
        ("header.csv", "姓名,单位\n".encode(), "文件只有表头，没有数据行。"),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "只支持 .csv 和 .xlsx 文件。"),
        ("fake.xlsx", b"this is not a zip", "无法读取 XLSX 文件"),
        ("binary.csv", b"\xff\xfe\x00\x00\x81\x00", "无法识别文件编码"),
    ],
)
def test_bad_files_are_refused_with_a_reason(empty_contest, filename, data, reason):
    result = imports.import_file(empty_contest, "contestants", filename, data)
    assert not result.ok
    assert reason in result.problems[0].reason or reason in str(result.problems[0])
    assert empty_contest.contestants.count() == 0


def test_unknown_column_is_reported(empty_contest):
    result = imports.import_file(empty_contest, "judges", "a.csv", "姓名,电话\n李,123\n".encode())
    assert [(p.column, p.reason) for p in result.problems] == [("电话", "无法识别的列名")]


def test_xlsx_judges_with_numbers_in_cells(empty_contest):
    data = xlsx_bytes(
        [["姓名", "单位", "分组"], ["李华", "市财政局", "部门负责人"], ["王芳", 12345, None]]
    )
    result = imports.import_file(empty_contest, "judges", "评委.xlsx", data)
    assert result.ok, result.problems
    assert list(Judge.objects.filter(contest=empty_contest).values_list("name", "unit")) == [
        ("李华", "市财政局"),
        ("王芳", "12345"),
    ]
    assert Judge.objects.get(name="李华").group.name == "部门负责人"


@pytest.mark.parametrize("kind", ["contestants", "judges"])
def test_the_templates_examples_are_never_imported(empty_contest, kind):
    """The sample row ("张明 … 经济部门组") is a note, not data, in both templates; a template
    filled in below its notes imports the rows added."""
    from openpyxl import load_workbook

    for filename, data in (
        ("t.csv", imports.template_csv(kind)),
        ("t.xlsx", imports.template_xlsx(kind)),
    ):
        result = imports.import_file(empty_contest, kind, filename, data, allow_new_groups=True)
        assert [p.reason for p in result.problems] == ["文件只有表头，没有数据行。"]
    text = imports.template_csv(kind).decode("utf-8-sig")
    row = "局长,市教育局,,,办好教育\n" if kind == "contestants" else "市教育局,\n"
    filled = text + "王芳," + row
    result = imports.import_file(empty_contest, kind, "t.csv", filled.encode("utf-8"))
    assert result.ok and result.created == 1, result.problems
    workbook = load_workbook(io.BytesIO(imports.template_xlsx(kind)))
    assert workbook.sheetnames[1] == "填写说明" and workbook.worksheets[0].max_row == 1


def test_ten_thousand_rows(empty_contest, capsys):
    rows = "".join(f"评委{i},单位{i % 300},组{i % 3}\n" for i in range(10_000))
    data = ("姓名,单位,分组\n" + rows).encode("gbk")
    started = time.perf_counter()
    result = imports.import_file(empty_contest, "judges", "big.csv", data, allow_new_groups=True)
    elapsed = time.perf_counter() - started
    assert result.ok, result.problems[:3]
    assert Judge.objects.filter(contest=empty_contest).count() == 10_000
    assert len(set(Judge.objects.values_list("token", flat=True))) == 10_000
    with capsys.disabled():
        print(f"\n  10,000-row judge import: {elapsed:.2f} s")


# Hostile and oversized files: refused with a reason, and never read further than needed.


def test_a_far_cell_does_not_make_the_sheet_huge(empty_contest):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "单位"])
    sheet.append(["李华", "市财政局"])
    sheet["XFD1048576"] = "x"  # the file now declares A1:XFD1048576
    data = io.BytesIO()
    workbook.save(data)
    result = imports.import_file(empty_contest, "judges", "far.xlsx", data.getvalue())
    assert "工作表超过 100000 行" in str(result.problems[0])
    assert empty_contest.judges.count() == 0


def test_columns_beyond_the_limit_are_not_read(empty_contest):
    workbook = Workbook()
    workbook.active.append(["姓名", "单位"])
    workbook.active.append(["李华", "市财政局"])
    workbook.active["XFD2"] = "far right"
    data = io.BytesIO()
    workbook.save(data)
    result = imports.import_file(empty_contest, "judges", "wide.xlsx", data.getvalue())
    assert result.ok, result.problems
    assert list(empty_contest.judges.values_list("name", flat=True)) == ["李华"]


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(empty_contest):
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>评委</t></is></c></row>'
        for n in range(1, 900_001)
    )
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([["姓名"]]))) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content.decode().replace("<sheetData>", "<sheetData>" + rows).encode()
            target.writestr(member.filename, content)
    assert len(bomb.getvalue()) < reader.MAX_UPLOAD_BYTES
    result = imports.import_file(empty_contest, "judges", "bomb.xlsx", bomb.getvalue())
    assert "解压后过大" in str(result.problems[0])


def test_reading_stops_after_the_row_limit(empty_contest, monkeypatch):
    read = []
    original = reader._xlsx_cells
    monkeypatch.setattr(reader, "_xlsx_cells", lambda row, n: read.append(n) or original(row, n))
    data = xlsx_bytes([["姓名", "单位"]] + [[f"评委{i}", "单位"] for i in range(25_000)])
    result = imports.import_file(empty_contest, "judges", "long.xlsx", data)
    assert "一次最多导入 20000 行" in str(result.problems[0])
    assert len(read) == reader.MAX_ROWS + 2  # the header, the limit, and one row more


def test_an_oversized_upload_is_refused_unread(empty_contest, organizer_client):
    data = ("姓名,单位\n" + "评委,单位\n" * 600_000).encode()
    assert len(data) > reader.MAX_UPLOAD_BYTES
    result = imports.import_file(empty_contest, "judges", "big.csv", data, allow_new_groups=True)
    assert "文件过大（上限 5 MB）" in str(result.problems[0])
    upload = SimpleUploadedFile("big.csv", data, content_type="text/csv")
    url = reverse("organizer:import_rows", args=[empty_contest.pk, "judges"])
    response = organizer_client.post(url, {"file": upload})
    assert response.status_code == 422
    assert "文件过大（上限 5 MB）" in response.content.decode()
    assert empty_contest.judges.count() == 0


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('姓名,单位\n"张明,市发改委\n李华,市财政局\n', "CSV 格式错误（第 3 行）"),
        ("姓名,单位,姓名\n张明,市发改委,李华\n", "列名重复"),
    ],
)
def test_unterminated_quotes_and_repeated_headers_are_refused(empty_contest, text, reason):
    result = imports.import_file(empty_contest, "judges", "bad.csv", text.encode())
    assert reason in str(result.problems[0])
    assert empty_contest.judges.count() == 0


def test_names_pasted_as_lines(organizer_client, contest):
    """#28: judges (and presenters) pasted one a line, "姓名 单位", as well as imported; all or
    nothing, the text kept with the line that was refused."""
    from contests.models import Judge

    address = reverse("organizer:paste_rows", args=[contest.pk, "judges"])
    before = Judge.objects.filter(contest=contest).count()
    refused = organizer_client.post(address, {"lines": "王芳 市财政局\n\n赵磊\t市审计局\t不存在组"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "第 3 行" in page and "不存在组" in page and "王芳 市财政局" in page  # text kept
    assert Judge.objects.filter(contest=contest).count() == before
    lines = "王芳 市财政局\n赵磊，市审计局，部门负责人\n孙丽\t市统计局\n周杰"
    response = organizer_client.post(address, {"lines": lines})
    assert response.status_code == 302
    added = list(Judge.objects.filter(contest=contest).order_by("-pk")[:4])[::-1]
    assert [(j.name, j.unit, j.group.name if j.group else "") for j in added] == [
        ("王芳", "市财政局", ""),
        ("赵磊", "市审计局", "部门负责人"),
        ("孙丽", "市统计局", ""),
        ("周杰", "", ""),
    ]
    presenters = reverse("organizer:paste_rows", args=[contest.pk, "contestants"])
    assert organizer_client.post(presenters, {"lines": "钱多 市商务局 局长"}).status_code == 302
    assert contest.contestants.filter(name="钱多", unit="市商务局", title="局长").exists()
    assert organizer_client.post(presenters, {"lines": "缺单位"}).status_code == 422

"""#29 item 1: every number a person types is bounded by what its column holds, checked before it
is stored, refused with a 422 that names the field — from every path (organizer forms, console
panels, a unit's link, the series pages) — and afterwards every page and file that shows the
figures still opens. The same 30 payloads go to every numeric field of every app; the test
runs on SQLite and on PostgreSQL (scripts/test.sh runs the suite on both)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import build_contest
from tests.test_series_rounds import R1, make_series, play

# The outside review's payloads: beyond each column (10^4 for a 6,2 score, 10^6 for 8,2, 10^10
# for the boards' 14,4), beyond 32- and 64-bit integers, and numbers in forms Decimal() or
# int() would take but a person would not write.
PAYLOADS = [
    "10000",
    "99999.99",
    "1000000",
    "10000000000",
    "1e15",
    "1E+20",
    "100000000000000000000",
    "9223372036854775808",
    "18446744073709551616",
    "2147483648",
    "32768",
    "65536",
    "4294967296",
    "-1",
    "-0",
    "-99999999999.5",
    "0.0000001",
    "1e-999999999",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "1_000",
    "١٠",
    "１２３４５６７８９０１２",
    "5" * 40,
    "9" * 400,
    "1.2.3",
    " 1e10 ",
    "",
]


@pytest.fixture
def world(organizer, supervisor):
    from boards.models import Board

    series = make_series(organizer)
    signed = play(series, organizer, supervisor, 1, R1)
    Board.objects.create(series=series, name="重点指标")
    return series, signed, build_contest(organizer)


def numeric_posts(series, draft):
    """(url name, args, the valid rest of the form, the numeric field) for every form that
    takes a number."""
    pk, cpk = series.pk, draft.pk
    from contests.forms import ContestForm

    form = ContestForm(instance=draft)
    basics = {name: value for name, value in form.initial.items() if value not in (None, False)}
    numbers = {
        "minutes_per_speaker": "8",
        "trim_count": "0",
        "judge_weight": "100",
        "indicator_weight": "0",
        "red_flag_count": "1",
        "snail_count": "1",
    }
    for field in numbers:
        yield "organizer:contest_basics", [cpk], basics | numbers, field
    item = {"name": "新评分项", "description": "", "max_score": "10", "weight": "1"}
    for slug, fields in (
        ("criteria", ("max_score", "weight")),
        ("indicators", ("max_score", "weight")),
        ("judge-groups", ("weight",)),
    ):
        for field in fields:
            yield "organizer:item_add", [cpk, slug], item, field
    settings = {}  # the settings form takes a partial update: the number alone
    for field in ("year", "minimum_rounds", "red_count", "red_threshold", "snail_count"):
        yield "series:settings", [pk], settings, field
    for field in ("snail_threshold", "points_first", "points_step"):
        yield "series:settings", [pk], settings, field
    group = {"group-name": "乙组", "group-red_quota": "1"}
    for field in ("group-red_quota", "group-snail_quota"):
        yield "series:group_add", [pk], group | {"group-snail_quota": "1"}, field
    yield "series:round_edit", [pk, 1], {"round-label": "第一期"}, "round-weight"
    next_round = {"next-label": "第二期", "next-date": "2026-06-20"}
    yield "series:round_next", [pk], next_round, "next-top"
    publish = {"publish-text": "", "publish-holidays": ""}
    yield "series:results_publish", [pk], publish, "publish-days"
    sign = {"sign-role": "review", "sign-checked": "on"}
    yield "series:results_sign", [pk], sign | {"sign-official": "张审核"}, "sign-version"
    yield "followup:ledger_settings", [pk], {}, "rectification_days"
    board = series.boards.get()
    for field in ("ratio_green", "ratio_yellow", "difference_yellow"):
        data = {"board": board.pk, f"board{board.pk}-name": board.name}
        data |= {f"board{board.pk}-kind": board.kind, f"board{board.pk}-ratio_green": "100"}
        data |= {f"board{board.pk}-ratio_yellow": "90", f"board{board.pk}-difference_yellow": "5"}
        yield "boards:board_settings", [pk], data, f"board{board.pk}-{field}"


def pages(series, signed, draft):
    """Every page and file that shows the numbers posted above."""
    yield reverse("organizer:contest_basics", args=[draft.pk])
    for step in ("criteria", "indicators", "judges"):
        yield reverse("organizer:contest_step", args=[draft.pk, step])
    yield reverse("organizer:live_control", args=[draft.pk])
    yield reverse("organizer:results", args=[signed.pk])
    for name in ("standings", "rounds", "entrants", "awards", "results", "settings"):
        yield reverse(f"series:{name}", args=[series.pk])
    yield reverse("series:round", args=[series.pk, 1])
    yield reverse("followup:ledger", args=[series.pk])
    yield reverse("boards:board", args=[series.pk])
    # and the files that carry them
    yield reverse("organizer:results_export", args=[signed.pk, "results", "xlsx"])
    for name in ("matrix.xlsx", "matrix.csv", "report.pdf", "bulletin.pdf"):
        yield reverse("series:download", args=[series.pk, name])
    yield reverse("followup:report", args=[series.pk, "xlsx"])
    for name in ("month.xlsx", "bulletin.pdf"):
        yield reverse("boards:file", args=[series.pk, name]) + "?month=2026-03"
    yield reverse("api:series_standings", args=[series.pk])


def test_every_numeric_field_refuses_what_its_column_cannot_hold(world, organizer_client):
    """Each payload is stored (a number its column holds: 302, or 200 for an HTMX row) or
    refused with 422 and the reason on the page; never a server error, and afterwards every
    page that shows the figures opens."""
    series, signed, draft = world
    unexpected = []
    for name, args, data, field in numeric_posts(series, draft):
        url = reverse(name, args=args)
        for payload in PAYLOADS:
            response = organizer_client.post(url, data | {field: payload}, HTTP_HX_REQUEST="true")
            if response.status_code not in {200, 302, 422}:
                unexpected.append((name, field, payload, response.status_code))
            if response.status_code == 422:
                page = response.content.decode()
                assert re.search(r'class="(error|problems)|msg-error', page), (name, field, payload)
                form = response.context and response.context.get("form")
                if form and form.errors:  # refused for the number, not for the rest
                    assert set(form.errors) <= {field.split("-")[-1], "__all__"}, form.errors
    assert not unexpected
    for address in pages(series, signed, draft):
        assert organizer_client.get(address).status_code == 200, address


@pytest.mark.parametrize(
    ("field", "payload", "limit"),
    [
        ("minutes_per_speaker", "32768", "32767"),
        ("trim_count", "9223372036854775808", "32767"),
        ("snail_count", "-1", "0"),
        ("judge_weight", "10000000000", "5"),
    ],
)
def test_a_refusal_names_the_field_and_its_limit(organizer_client, contest, field, payload, limit):
    """The basics form answered 200 with its errors (a client could not tell a refusal from a
    page), and SQLite took any whole number below 2^63 that PostgreSQL refuses."""
    response = organizer_client.post(
        reverse("organizer:contest_basics", args=[contest.pk]), {field: payload}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors[field]
    assert any(limit in str(error) for error in errors), errors


def test_a_partial_settings_update_changes_that_setting_alone(world, organizer_client):
    series, _, _ = world
    before = {f: getattr(series, f) for f in ("title", "method", "year", "flag_by_group")}
    response = organizer_client.post(reverse("series:settings", args=[series.pk]), {"red_count": 3})
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.red_count == 3
    assert {f: getattr(series, f) for f in before} == before
    # the page posts every field: there an unticked box reads as "off", not "not sent"
    page = organizer_client.get(reverse("series:settings", args=[series.pk])).content.decode()
    assert '<input type="hidden" name="full_form" value="1">' in page
    series.flag_by_group = True
    series.save()
    full = {f: getattr(series, f) for f in ("title", "year", "cadence", "method")}
    full |= {"level": series.level, "minimum_rounds": 1, "red_rule": series.red_rule}
    full |= {"red_count": 3, "snail_rule": series.snail_rule, "snail_count": 1}
    full |= {"points_first": 10, "points_step": 1, "full_form": "1"}
    organizer_client.post(reverse("series:settings", args=[series.pk]), full)
    series.refresh_from_db()
    assert not series.flag_by_group


def test_a_board_setting_beyond_its_column_is_refused_with_the_field(world, organizer_client):
    series, _, _ = world
    board = series.boards.get()
    response = organizer_client.post(
        reverse("boards:board_settings", args=[series.pk]),
        {"board": board.pk, f"board{board.pk}-name": board.name,
         f"board{board.pk}-kind": board.kind, f"board{board.pk}-ratio_green": "1e10",
         f"board{board.pk}-ratio_yellow": "90", f"board{board.pk}-difference_yellow": "5"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "绿灯" in response.content.decode() or "ratio" in response.content.decode()


def test_a_units_own_links_refuse_what_their_columns_cannot_hold(organizer, supervisor, client):
    """The paths a unit holds by its private link: the progress of a matter (完成进度 %) and the
    month's figures of its metrics. Every payload is refused (422) or stored within its column;
    afterwards its pages and the organizer's files open."""
    import datetime as dt

    from arena.lib.reader import read_rows
    from boards import imports
    from boards.models import Metric
    from followup import ledger
    from followup.models import Remark
    from series.models import Entrant
    from tests.test_boards_pages import DEFINITIONS

    series = make_series(organizer)
    unit = Entrant.objects.create(series=series, name="太平乡", kind="township", order=10)
    contest = play(series, organizer, supervisor, 1, R1)
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    remark = ledger.record_remark(
        contest, jia, kind=Remark.Kind.ASSIGN, text="协调用地", user=organizer,
        today=dt.date(2026, 3, 18), units=[unit], deadline=dt.date(2026, 4, 10),
    )  # fmt: skip
    assert imports.import_definitions(series, read_rows("d.csv", DEFINITIONS.encode())).ok
    lead = series.entrants.get(short_name="丙")
    metric = Metric.objects.get(code="Q1")
    matters = reverse("followup_unit:matters", args=[unit.token])
    update = reverse("followup_unit:update", args=[unit.token])
    metrics = reverse("boards_unit:metrics", args=[lead.token]) + "?month=2026-03"
    value = reverse("boards_unit:value", args=[lead.token]) + "?month=2026-03"
    unexpected = []
    for payload in PAYLOADS:
        progress = {"matter": remark.matter.pk, "progress": "推进中"}
        answer = client.post(update, progress | {"percent": payload})
        if answer.status_code not in {302, 422}:
            unexpected.append(("percent", payload, answer.status_code))
        for key in ("actual", "cumulative_actual", "rank", "field"):
            answer = client.post(value, {"metric": metric.pk, key: payload})
            if answer.status_code not in {302, 422}:
                unexpected.append((key, payload, answer.status_code))
    assert not unexpected
    assert 0 <= (remark.matter.updates.first().percent or 0) <= 100
    assert client.get(matters).status_code == 200 and client.get(metrics).status_code == 200
    owner = Client()
    owner.force_login(organizer)
    for address in (
        reverse("followup:ledger", args=[series.pk]),
        reverse("followup:report", args=[series.pk, "xlsx"]),
        reverse("boards:board", args=[series.pk]) + "?month=2026-03",
        reverse("boards:file", args=[series.pk, "month.xlsx"]) + "?month=2026-03",
    ):
        assert owner.get(address).status_code == 200, address

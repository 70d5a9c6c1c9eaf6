"""Bad input on the series, ledger and boards pages: refused with a reason (422), found nothing
(404) or ignored (302) — never a server error. Ids come as "x", "①" or far too big."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.test_series_rounds import R1, make_series, play

BAD_IDS = ["x", "①", "99999999999999999999", ""]


@pytest.fixture
def world(organizer, supervisor):
    series = make_series(organizer)
    contest = play(series, organizer, supervisor, 1, R1)
    return series, contest


def posts(series, contest):
    pk = series.pk
    yield "series:entrant_add", [pk], {"entrant-name": "市商务局"}, {422}
    yield "series:entrants_import", [pk], {}, {422}
    yield "series:group_add", [pk], {"group-name": ""}, {422}
    yield "series:round_next", [pk], {"next-label": "x", "next-date": "2030-01-01"}, {422}
    yield "series:round_add", [pk], {"add-label": "x"}, {422}
    yield "series:results_publish", [pk], {"publish-days": "5"}, {422}
    yield "series:results_unpublish", [pk], {}, {422}
    yield "series:results", [pk], {"action": "cosigner", "username": "nobody"}, {405}
    yield "series:results_sign", [pk], {"sign-version": "①"}, {422}
    yield "series:settings", [pk], {"title": "t", "year": "1900"}, {422}
    yield "followup:ledger_indicator", [pk], {"round": "1", "indicator": "无"}, {422}
    yield "followup:ledger_settings", [pk], {"rectification_days": "①"}, {422}
    yield "followup:ledger", [pk], {"action": "bogus"}, {405}
    yield "boards:board_import_values", [pk], {"month": "x"}, {422}
    yield "boards:board_indicator", [pk], {"round": "1", "indicator": "无"}, {302}
    for bad in BAD_IDS:
        yield "series:award_revoke", [pk], {"decision": bad}, {422}
        yield "series:round_link", [pk, 1], {"contestant": bad, "entrant": bad}, {302}
        forms = ("verify", "send_back", "cancel")
        for name in [f"ledger_{form}" for form in forms] + ["extension_approve"]:
            data = {"measure": bad, "extension": bad, "matter": bad}
            yield f"followup:{name}", [pk], data, {422}
        yield "followup:ledger_indicator", [pk], {"round": bad}, {422}
        yield "followup:remark_move", [contest.pk], {"remark": bad, "to": bad}, {422}
        data = {"kind": "assign", "text": "x", "lead": bad, "units": [bad], "contestant": bad}
        yield "followup:remark_add", [contest.pk], data, {422}
        for form in ("settings", "pledge_edit", "pledge_verify", "value_review", "indicator"):
            data = {"board": bad, "pledge": bad, "value": bad, "round": bad}
            yield f"boards:board_{form}", [pk], data, {422}
        yield "boards:pledges", [contest.pk], {"contestant": bad, "text": "x", "due": "?"}, {422}


def test_bad_posts_are_refused_never_a_server_error(world, organizer_client):
    series, contest = world
    for name, args, data, expected in posts(series, contest):
        response = organizer_client.post(reverse(name, args=args), data)
        assert response.status_code in expected, (name, data, response.status_code)


def test_bad_filters_and_months_are_ignored(world, organizer_client, client):
    series, _ = world
    for name, query in [
        ("boards:board", {"month": "2026-13", "board": "①", "unit": "x", "light": "blue"}),
        ("followup:ledger", {"unit": "①", "round": "99999999999999999999", "kind": "x"}),
        ("series:standings", {"group": "<b>"}),
    ]:
        assert organizer_client.get(reverse(name, args=[series.pk]), query).status_code == 200
    report = reverse("followup:report", args=[series.pk, "xlsx"])
    assert organizer_client.get(report, {"month": "garbage"}).status_code == 200
    unit = series.entrants.first()
    value = reverse("boards_unit:value", args=[unit.token])
    pledge = reverse("boards_unit:pledge", args=[unit.token])
    for bad in BAD_IDS:
        assert client.post(value, {"metric": bad, "actual": "1"}).status_code == 404
        assert client.post(pledge, {"pledge": bad}).status_code == 404
    done, update = (
        reverse(f"followup_unit:{form}", args=[unit.token]) for form in ("done", "update")
    )
    for bad in BAD_IDS:
        assert client.post(done, {"measure": bad}).status_code == 404
        assert client.post(update, {"matter": bad}).status_code == 404


HUGE = ["10000000000", "1e15", "-99999999999.5", "100000000000000000000", "1E+20"]


def test_figures_too_large_for_their_column_are_refused_and_every_page_still_opens(
    world, organizer_client, client
):
    """#29 (High): a unit's link stored actual=10000000000, which SQLite then failed to read back
    (every boards page and file answered 500 until the database was edited). Each figure is now
    refused with its limit (422) from the unit's link and the console's pledge panel, and the
    pages and files that show the figures still answer 200."""
    from arena.lib.reader import read_rows
    from boards import imports
    from boards.models import Metric, MetricValue, Pledge
    from tests.test_boards_pages import DEFINITIONS

    series, contest = world
    assert imports.import_definitions(series, read_rows("d.csv", DEFINITIONS.encode())).ok
    lead = series.entrants.get(short_name="丙")  # Q1's lead unit
    metric = Metric.objects.get(code="Q1")
    unit_page = reverse("boards_unit:metrics", args=[lead.token]) + "?month=2026-03"
    value_form = reverse("boards_unit:value", args=[lead.token]) + "?month=2026-03"
    jia = contest.contestants.get(participation__entrant__short_name="甲")
    for huge in HUGE:
        for key in ("actual", "cumulative_actual", "rank", "field"):
            answer = client.post(value_form, {"metric": metric.pk, key: huge})
            assert answer.status_code == 422, (key, huge)
            assert "超出可记录的范围" in answer.content.decode() or "不是数字" in (
                answer.content.decode()
            )
        answer = organizer_client.post(
            reverse("boards:pledges", args=[contest.pk]),
            {"contestant": jia.pk, "text": "x", "comparator": ">=", "assured": huge, "due": "全年"},
        )
        assert answer.status_code == 422, huge
    assert not MetricValue.objects.exists() and not Pledge.objects.exists()
    rows = [line.split(",") for line in DEFINITIONS.splitlines()]
    rows[1][12] = "10000000000"  # 年度目标
    refused = imports.import_definitions(series, rows)
    assert "超出可记录的范围" in str(refused.problems)

    client.post(value_form, {"metric": metric.pk, "cumulative_actual": "9999999999.9999"})
    assert MetricValue.objects.get().cumulative_actual == Decimal("9999999999.9999")
    for address in (
        unit_page,
        reverse("boards:board", args=[series.pk]) + "?month=2026-03",
        reverse("boards:metric", args=[series.pk, metric.pk]),
        reverse("boards:file", args=[series.pk, "month.xlsx"]) + "?month=2026-03",
        reverse("boards:file", args=[series.pk, "bulletin.pdf"]) + "?month=2026-03",
    ):
        opener = client if address == unit_page else organizer_client
        assert opener.get(address).status_code == 200, address

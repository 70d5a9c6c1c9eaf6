"""Bad input on the series, ledger and boards pages: refused with a reason (422), found nothing
(404) or ignored (302) — never a server error. Ids come as "x", "①" or far too big."""

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
    yield "series:entrants", [pk], {"action": "add", "entrant-name": "市商务局"}, {422}
    yield "series:entrants", [pk], {"action": "import"}, {422}
    yield "series:entrants", [pk], {"action": "group", "group-name": ""}, {422}
    yield (
        "series:rounds",
        [pk],
        {"action": "next", "next-label": "x", "next-date": "2030-01-01"},
        {422},
    )
    yield "series:rounds", [pk], {"action": "add", "add-label": "x"}, {422}
    yield "series:results", [pk], {"action": "publish", "publish-days": "5"}, {422}
    yield "series:results", [pk], {"action": "unpublish"}, {422}
    yield "series:results", [pk], {"action": "cosigner", "username": "nobody"}, {422}
    yield "series:results", [pk], {"action": "sign_off", "sign-version": "①"}, {422}
    yield "series:settings", [pk], {"title": "t", "year": "1900"}, {422}
    yield "followup:ledger", [pk], {"action": "indicator", "round": "1", "indicator": "无"}, {422}
    yield "followup:ledger", [pk], {"action": "settings", "rectification_days": "①"}, {302}
    yield "followup:ledger", [pk], {"action": "bogus"}, {422}
    yield "boards:board", [pk], {"action": "values", "month": "x"}, {422}
    yield "boards:board", [pk], {"action": "indicator", "round": "1", "indicator": "无"}, {302}
    for bad in BAD_IDS:
        yield "series:awards", [pk], {"action": "revoke", "decision": bad}, {404}
        yield "series:round", [pk, 1], {"contestant": bad, "entrant": bad}, {302}
        for action in ("verify", "send_back", "approve", "cancel"):
            data = {"action": action, "measure": bad, "extension": bad, "matter": bad}
            yield "followup:ledger", [pk], data, {404}
        yield "followup:ledger", [pk], {"action": "indicator", "round": bad}, {404}
        yield "followup:remarks", [contest.pk], {"action": "move", "remark": bad, "to": bad}, {404}
        data = {"kind": "assign", "text": "x", "lead": bad, "units": [bad], "contestant": bad}
        yield "followup:remarks", [contest.pk], data, {422}
        for action in ("board", "pledge_edit", "verify_pledge", "review", "indicator"):
            data = {"action": action, "board": bad, "pledge": bad, "value": bad, "round": bad}
            yield "boards:board", [pk], data, {404}
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
    metrics = reverse("boards_unit:metrics", args=[unit.token])
    for bad in BAD_IDS:
        assert client.post(metrics, {"metric": bad, "actual": "1"}).status_code == 404
        assert client.post(metrics, {"action": "pledge", "pledge": bad}).status_code == 404
    matters = reverse("followup_unit:matters", args=[unit.token])
    for bad in BAD_IDS:
        assert client.post(matters, {"action": "done", "measure": bad}).status_code == 404
        assert client.post(matters, {"action": "update", "matter": bad}).status_code == 404

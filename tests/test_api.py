"""The read-only JSON interface (api/, docs/api.md): the files' figures as JSON, with the pages'
permissions — a signed-in reader, or a read token a 管理员 creates and revokes."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from orgs.models import Organisation, ReadToken
from orgs.read_tokens import create
from series import standings
from tests.conftest import grant_role
from tests.test_series_pages import _signed_and_published
from tests.test_series_rounds import make_series


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def addresses(series) -> list[str]:
    return [
        reverse("api:series_standings", args=[series.pk]),
        reverse("api:series_ledger", args=[series.pk]),
        reverse("api:board_month", args=[series.pk, "2026-03"]),
    ]


def test_a_token_made_on_the_members_page_reads_until_it_is_revoked(season, organizer_client):
    add = reverse("orgs:read_token_add", args=[season.organisation.pk])
    page = organizer_client.post(add, {"name": "市考核办系统"})
    key = re.search(r'id="read-key">([^<]+)<', page.content.decode())[1]
    token = ReadToken.objects.get()
    assert key not in (token.digest, token.name)  # only the digest is kept
    system = Client()
    for address in addresses(season):
        answer = system.get(address, **bearer(key))
        assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert ReadToken.objects.get().last_used_at is not None
    assert system.post(addresses(season)[0], **bearer(key)).status_code == 405  # read-only
    revoke = reverse("orgs:read_token_revoke", args=[season.organisation.pk])
    organizer_client.post(revoke, {"token": token.pk})
    refused = system.get(addresses(season)[0], **bearer(key))
    assert refused.status_code == 401 and refused.json()["message"]
    assert refused["WWW-Authenticate"].startswith("Bearer")
    log = list(season.organisation.audit.values_list("action", flat=True))
    assert "创建只读接口令牌" in log and "吊销只读接口令牌" in log


def test_a_token_reads_its_organisation_and_those_below_it_only(season, organizer):
    above = Organisation.objects.create(name="潍坊市委督查室", level="city")
    season.organisation.parent = above
    season.organisation.save()
    other = Organisation.objects.create(name="青州市委督查室", level="county")
    _, from_above = create(above, "市级汇总", by=None)
    _, elsewhere = create(other, "别处", by=None)
    url = addresses(season)[0]
    assert Client().get(url, **bearer(from_above)).status_code == 200
    assert Client().get(url, **bearer(elsewhere)).status_code == 404  # as the pages: nothing
    assert Client().get(url).status_code == 401
    assert Client().get(url, **bearer("arena_nonsense")).status_code == 401


def test_a_signed_in_reader_reads_what_the_pages_show(season, organizer, supervisor, client):
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user("reader", password="x" * 12)
    grant_role(season.organisation, reader, "viewer")
    client.force_login(reader)
    answer = client.get(addresses(season)[0]).json()
    matrix = client.get(reverse("series:download", args=[season.pk, "matrix.csv"]))
    lines = matrix.content.decode("utf-8-sig").splitlines()
    assert answer["columns"] == lines[0].split(",")
    shown = [",".join("" if c is None else str(c) for c in row) for row in answer["rows"]]
    assert shown == lines[1:]
    assert answer["version"] == standings.latest_snapshot(season).version
    assert answer["fingerprint"] == standings.latest_snapshot(season).fingerprint


def test_standings_by_another_method_are_computed_and_marked_unsigned(season, organizer_client):
    url = addresses(season)[0]
    own = organizer_client.get(url).json()
    points = organizer_client.get(url, {"method": "rank_points"}).json()
    assert own["method"] == "mean" and points["method"] == "rank_points"
    assert points["version"] is None and points["fingerprint"] is None
    value = points["columns"].index("累计得分")
    assert {row[value] for row in points["rows"]} != {row[value] for row in own["rows"]}
    bad = organizer_client.get(url, {"method": "median"})
    assert bad.status_code == 422 and "rank_points" in bad.json()["message"]
    month = organizer_client.get(reverse("api:board_month", args=[season.pk, "2026-13"]))
    assert month.status_code == 422


def test_a_contest_gives_its_results_once_published(organizer, supervisor, organizer_client):
    from scoring import results
    from tests.conftest import play_round

    day = dt.date(2026, 3, 18)
    contest = play_round(organizer, supervisor, "第1期", day, {"甲局": "90.00", "乙局": "85.00"})
    url = reverse("api:contest_results", args=[contest.pk])
    assert organizer_client.get(url).status_code == 404  # signed, not yet 公示
    grant_role(contest.organisation, supervisor, "reviewer", "supervisor")
    results.publish(contest, organizer, text="", days=5, contact="督查室")
    answer = organizer_client.get(url).json()
    csv = organizer_client.get(
        reverse("organizer:results_export", args=[contest.pk, "results", "csv"])
    ).content.decode("utf-8-sig")
    assert answer["columns"] == csv.splitlines()[0].split(",")
    assert answer["rows"][0][answer["columns"].index("总分")] == "90.00"
    assert answer["fingerprint"] == results.fingerprint(
        contest, results.signed_snapshot(contest).data
    )


def test_the_series_ledger_answers_the_months_report(season, organizer_client, supervisor):
    _signed_and_published(season, season.owner, supervisor)
    answer = organizer_client.get(addresses(season)[1], {"month": "2026-03"}).json()
    assert answer["month"] == "2026-03" and answer["columns"][0]


def test_export_series_gives_the_interfaces_table_as_json_and_xlsx(season, tmp_path, client):
    import io
    import json

    from django.core.management import call_command
    from openpyxl import load_workbook

    out = io.StringIO()
    call_command("export_series", str(season.pk), stdout=out)
    exported = json.loads(out.getvalue())
    client.force_login(season.owner)
    answer = client.get(addresses(season)[0]).json()
    assert exported["columns"] == answer["columns"] and exported["rows"] == answer["rows"]
    call_command("export_series", str(season.pk), "-o", str(tmp_path / "s.xlsx"))
    sheet = load_workbook(tmp_path / "s.xlsx").active
    assert [c.value for c in sheet[1]] == answer["columns"]


def test_import_units_takes_all_rows_or_none(organizer, tmp_path):
    from django.core.management import CommandError, call_command

    series = make_series(organizer)
    good = tmp_path / "units.csv"
    good.write_text("单位,简称,分组\n市民政局,民政局,\n市司法局,司法局,\n", encoding="utf-8")
    call_command("import_units", str(series.pk), str(good))
    assert series.entrants.filter(name__in=["市民政局", "市司法局"]).count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("单位,分组\n市审计局,\n市民政局,\n", encoding="utf-8")  # a name taken
    with pytest.raises(CommandError, match="已有参赛单位"):
        call_command("import_units", str(series.pk), str(bad))
    assert not series.entrants.filter(name="市审计局").exists()

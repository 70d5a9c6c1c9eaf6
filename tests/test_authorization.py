"""Authorization matrix: every named URL × role × method, generated from the URL conf. Every URL
name has a rule here (a new URL without one fails `test_every_url_has_a_rule`), and
for the organisation-scoped rules each role's answer to GET and POST is checked: allowed →
200/302/405/422, refused → 403/404/405 (405: a method the page never takes, decided before any
look-up), anonymous → the login page. Roles (orgs/access.py): 管理员, 组织者, 记录员, 审核人,
监督人 and 查看者 of county A, which holds every object; a 查看者 of the city above it (reads
everything below); a 组织者 of county B and one of a township under A (neither sees A's). Token
URLs (judges, screens, public and unit pages, invitations, resets) are checked after the matrix.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boards.models import Board, Metric
from catchup.models import Plan
from contests.models import Recusal
from orgs.access import grant
from orgs.models import Organisation
from scoring.models import JudgeFeedback, Report
from selections import flow
from selections.models import Nominee, Objection, Passage, Selection
from series.models import Entrant, Series
from series.rounds import add_round
from tests.authorization_rules import (
    JUDGE,
    OTHER,
    POSTED,
    READ,
    ROLES,
    RULES,
    SCREEN,
    SERIES_PUBLIC,
    TOKEN_URLS,
    URLS,
)
from tests.conftest import build_contest, finish_with_sheets


@pytest.fixture
def offices(db):
    city = Organisation.objects.create(name="市委督查室", level="city")
    county = Organisation.objects.create(name="A 县督查室", level="county", parent=city)
    other = Organisation.objects.create(name="B 县督查室", level="county", parent=city)
    township = Organisation.objects.create(name="A 县甲镇", level="township", parent=county)
    return city, county, other, township


@pytest.fixture
def members(offices):
    city, county, other, township = offices
    users = {}
    seats = {
        "admin": (county, "admin"), "organizer": (county, "organizer"),
        "clerk": (county, "clerk"), "reviewer": (county, "reviewer"),
        "supervisor": (county, "supervisor"), "viewer": (county, "viewer"),
        "city_viewer": (city, "viewer"), "rival": (other, "organizer"),
        "township": (township, "organizer"),
    }  # fmt: skip
    for name, (organisation, role) in seats.items():
        users[name] = get_user_model().objects.create_user(f"u-{name}", password="x-long-pass-1")
        grant(organisation, users[name], {role}, by=None)
    return users


@pytest.fixture
def world(offices, members, settings, tmp_path):
    county = offices[1]
    owner = members["organizer"]
    contest = finish_with_sheets(build_contest(owner, organisation=county))
    judge_a, judge_b = contest.judges.order_by("order")[:2]
    objects = {
        "org": county,
        "contest": contest,
        "judge": judge_a,
        "criterion": contest.criteria.first(),
        "contestant": contest.contestants.first(),
        "recusal": Recusal.objects.create(
            contest=contest, judge=judge_b, contestant=contest.contestants.last()
        ),
        "feedback": JudgeFeedback.objects.create(contest=contest, judge=judge_a, message="?"),
        "report": Report.objects.create(
            contest=contest, key="k", version=1, fingerprint="", status="done", pdf=b"%PDF"
        ),
    }
    series = Series.objects.create(
        owner=owner, organisation=county, title="赛马", year=contest.date.year
    )
    objects["entrant"] = Entrant.objects.create(
        series=series, name=contest.contestants.first().unit
    )
    add_round(series, contest, label="第一期")
    objects["series"] = series
    board = Board.objects.create(series=series, name="区级综合评价榜")
    objects["metric"] = Metric.objects.create(board=board, code="M1", name="完成投资")
    objects.update(a_selection_in_publicity(county, owner))
    objects["plan"] = Plan.objects.create(
        series=series, entrant=objects["entrant"], title="赶超方案", status="submitted"
    )
    settings.PRIVATE_FILES_ROOT = tmp_path
    objects["passage"] = Passage.objects.create(
        nominee=objects["nominee"], step=objects["step"], by=owner, attachment_name="记录.pdf"
    )
    objects["passage"].attachment.save("记录.pdf", ContentFile(b"%PDF-1.4"))
    elsewhere = build_contest(members["rival"], title="另一场", organisation=offices[2])
    return objects, judge_a, judge_b, elsewhere


def a_selection_in_publicity(organisation, owner) -> dict:
    """A 评选 in its 公示期 with one nominee and one objection."""
    selection = flow.create(organisation, "评五星", 2026, owner, units=["青岗村"])
    nominee = Nominee.objects.create(
        selection=selection, name="张三", unit=selection.units.get(),
        category=selection.categories.first(),
    )  # fmt: skip
    Selection.objects.filter(pk=selection.pk).update(
        status="publicity", publicity_start=dt.date(2026, 12, 1)
    )
    objection = Objection.objects.create(
        nominee=nominee, received_on=dt.date(2026, 12, 2), channel="letter", content="?",
        recorded_by=owner,
    )  # fmt: skip
    step = selection.steps.get(order=0)  # any step: a refused form answers 422 all the same
    return {"selection": selection, "nominee": nominee, "objection": objection, "step": step}


def url(name: str, args: list, objects: dict) -> str:
    filled = [objects[a[1:-1]].pk if str(a).startswith("{") else a for a in args]
    return reverse(name, args=filled)


def url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin: checked by test_admin_holds_no_contest_data
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def scoped_urls(objects) -> list[str]:
    """The addresses of everything that belongs to an organisation."""
    return [url(name, args, objects) for name, (_rule, args) in URLS.items() if args]


# The JSON interface: read as the pages are read, 401 (not a login redirect) without credentials.
API = {
    "api:contest_results": ["{contest}"],
    "api:series_standings": ["{series}"],
    "api:series_ledger": ["{series}"],
    "api:board_month": ["{series}", "2026-03"],
    "api:round_board": ["{series}", 1],
}


def test_every_url_has_a_rule():
    assert url_names() - set(URLS) - TOKEN_URLS - OTHER - set(API) == set()
    assert set(URLS) | TOKEN_URLS | OTHER | set(API) <= url_names()  # no URL that is gone
    assert {rule for rule, _args in URLS.values()} <= set(RULES)


@pytest.mark.parametrize("method", ["get", "post"])
def test_role_url_method_matrix(world, members, method):
    objects, *_ = world
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(members[role])
    refused_roles = []
    for name, (rule, args) in URLS.items():
        address = url(name, args, objects)
        data = POSTED.get(name, {}) if method == "post" else {}
        anonymous = getattr(Client(), method)(address, data)
        assert anonymous.status_code == 302, (name, method)
        assert anonymous["Location"].startswith("/login/"), (name, method)
        allowed = RULES[rule][0 if method == "get" else 1]
        # Refused roles first: an allowed POST may change what a later request finds.
        for role in sorted(ROLES, key=lambda r: r in allowed):
            answer = getattr(clients[role], method)(address, data).status_code
            if role in allowed:
                assert answer in {200, 302, 405, 422}, (name, method, role, answer)
            else:
                assert answer in {403, 404, 405}, (name, method, role, answer)
                refused_roles.append(role)
    assert "clerk" in refused_roles and "city_viewer" in refused_roles


NOT_YET = {"结果尚未公示。", "本期结果尚未签齐两项签字。"}  # said to readers only


def test_the_json_interface_reads_as_the_pages(world, members):
    objects, *_ = world
    for name, args in API.items():
        address = url(name, args, objects)
        assert Client().get(address).status_code == 401, name
        for role in ROLES:
            client = Client()
            client.force_login(members[role])
            answer = client.get(address)
            if role in READ:  # the contest is not published yet: said so, to readers only
                assert answer.status_code == 200 or answer.json()["message"] in NOT_YET, name
            else:
                assert answer.status_code == 404 and answer.json()["message"] == "没有这个对象。"
            assert client.post(address).status_code == 405, (name, role)  # read-only


def test_a_clerk_writes_only_remarks(world, members):
    """Case 3: every write but the 点评·提问·交办 panel is refused to a 记录员."""
    objects, *_ = world
    clerk = Client()
    clerk.force_login(members["clerk"])
    for name, (rule, args) in URLS.items():
        if name.startswith("orgs:account") or name == "password_change":
            continue  # the clerk's own account
        answer = clerk.post(url(name, args, objects), POSTED.get(name, {})).status_code
        if rule == "remark":
            assert answer in {200, 302, 422}, name
        else:
            assert answer in {403, 404, 405}, (name, answer)


def test_judges_and_the_public_hold_no_organizer_access(world):
    objects, judge_a, *_ = world
    phone = Client()
    phone.get(reverse("judge:home", args=[judge_a.token]))  # a judge's session cookie
    phone.get(reverse("screen:projector", args=[objects["contest"].screen_token]))
    for address in scoped_urls(objects):
        assert phone.get(address).status_code == 302
        assert phone.post(address).status_code == 302


def test_sequential_ids_of_another_contest_are_404(world, client, members):
    objects, _, _, elsewhere = world
    client.force_login(members["organizer"])
    pk = objects["contest"].pk
    foreign = elsewhere.criteria.first()
    for name in ("item_row", "item_edit", "item_delete", "item_move"):
        address = reverse(f"organizer:{name}", args=[pk, "criteria", foreign.pk])
        # 405 for a method the page never takes (checked first: it reveals nothing either).
        assert client.get(address).status_code in {404, 405}
        assert client.post(address).status_code in {404, 405}
    foreign_judge = elsewhere.judges.first()
    address = reverse("organizer:judge_regenerate", args=[pk, foreign_judge.pk])
    assert client.post(address).status_code == 404
    assert elsewhere.judges.get(pk=foreign_judge.pk).token == foreign_judge.token


def test_judge_links(world, client):
    objects, judge_a, judge_b, elsewhere = world
    contestant = objects["contestant"]
    for judge in (judge_a, judge_b):
        assert client.get(reverse("judge:home", args=[judge.token])).status_code == 200
        sheet = reverse("judge:sheet", args=[judge.token, contestant.pk])
        assert client.get(sheet).status_code == 200
    guessed = judge_a.token[:-1] + ("A" if judge_a.token[-1] != "A" else "B")
    for name, args in JUDGE.items():
        address = url(f"judge:{name}", [guessed, *args], objects)
        assert client.get(address).status_code in {404, 405}  # 405: a POST-only page
        assert client.post(address).status_code in {404, 405}  # 405: a GET-only page
    # A valid link never reaches another contest's contestant, however the id is guessed.
    foreign = elsewhere.contestants.first()
    address = reverse("judge:sheet", args=[judge_a.token, foreign.pk])
    assert client.get(address).status_code == 404
    assert client.post(address, {"submission_id": "x" * 16}).status_code == 404
    # Judge B is recused from the last contestant (marked by the organizer).
    recused = reverse("judge:sheet", args=[judge_b.token, objects["recusal"].contestant_id])
    assert client.get(recused).status_code in {200, 403}
    assert client.post(recused, {"submission_id": "y" * 16}).status_code in {403, 409}


def test_public_screens_are_read_only(world, client):
    objects, *_ = world
    token = objects["contest"].screen_token
    for name in SCREEN:
        address = reverse(f"screen:{name}", args=[token])
        expected = 404 if name == "results" else 200  # results: only once published
        if name != "events":  # the stream never ends: checked in test_screens
            assert client.get(address).status_code == expected
        assert client.post(address).status_code == 405
        assert client.put(address).status_code == 405
        assert client.delete(address).status_code == 405
        if name != "events":  # the stream hands back database connections (test_screens)
            wrong = reverse(f"screen:{name}", args=[str(objects["contest"].pk)])
            assert client.get(wrong).status_code == 404


def test_csrf_is_enforced(world, members):
    objects, judge_a, *_ = world
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(members["organizer"])
    pk = objects["contest"].pk
    assert strict.post(reverse("organizer:live_start", args=[pk])).status_code == 403
    sheet = reverse("judge:sheet", args=[judge_a.token, objects["contestant"].pk])
    assert Client(enforce_csrf_checks=True).post(sheet, {}).status_code == 403


def test_admin_holds_no_contest_data(world, client, organizer):
    organizer.is_staff = True
    organizer.save()
    client.force_login(organizer)
    for path in ("/admin/contests/contest/", "/admin/scoring/scoresheet/"):
        assert client.get(path).status_code == 404


def test_series_public_pages_are_read_only(world, client):
    objects, *_ = world
    tokens = {
        "{series_token}": objects["series"].screen_token,
        "{entrant_token}": objects["entrant"].token,
    }
    for name, token in SERIES_PUBLIC.items():
        address = reverse(f"series_public:{name}", args=[tokens[token]])
        expected = 404 if name == "page" else 200  # the season page: only once published
        assert client.get(address).status_code == expected
        assert client.post(address).status_code == 405
        assert client.get(reverse(f"series_public:{name}", args=["x" * 24])).status_code == 404


@pytest.mark.parametrize(
    "page, form",
    [("followup_unit:matters", "followup_unit:done"), ("boards_unit:metrics", "boards_unit:value")],
)
def test_a_units_own_pages_take_its_token_alone(world, client, page, form):
    objects, *_ = world
    address = reverse(page, args=[objects["entrant"].token])
    assert client.get(address).status_code == 200
    assert client.post(address).status_code == 405  # the page is GET; each form has its own
    # Another unit's measure or metric (or none): as if it did not exist.
    data = {"measure": "1", "metric": objects["metric"].pk}
    assert client.post(reverse(form, args=[objects["entrant"].token]), data).status_code == 404
    assert client.get(reverse(page, args=["x" * 24])).status_code == 404
    assert client.post(reverse(form, args=["x" * 24]), data).status_code == 404

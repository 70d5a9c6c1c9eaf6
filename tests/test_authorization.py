"""Authorization matrix: every named URL × role × method; outside the allowed cells 403/404.

Roles: the contest's organizer, another organizer, anonymous, judge A and judge B (their secret
links), the audience and the projector (the public screen link). A new URL fails
`test_every_url_is_in_the_matrix` until it is added here.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boards.models import Board, Metric
from scoring.models import JudgeFeedback, Recusal, Report
from series.models import Entrant, Series
from series.rounds import add_round
from tests.conftest import build_contest, finish_with_sheets

ORGANIZER_WITH_CONTEST = {
    # name: extra URL arguments after the contest id ({...} filled from the fixture objects)
    "contest_basics": [],
    "contest_copy": [],
    "live_control": [],
    "apply_preset": [],
    "draw": [],
    "import_rows": ["contestants"],
    "judge_cards": [],
    "judge_regenerate": ["{judge}"],
    "contest_step": ["criteria"],
    "indicator_table": [],
    "audit_log": [],
    "recusal_add": [],
    "recusal_delete": ["{recusal}"],
    "feedback_resolve": ["{feedback}"],
    "indicator_import": [],
    "results": [],
    "results_action": [],
    "results_cosigners": [],
    "report_request": [],
    "report_status": [],
    "report_download": ["{report}"],
    "results_export": ["results", "csv"],
    "signature_sheets": [],
    "item_add": ["criteria"],
    "item_row": ["criteria", "{criterion}"],
    "item_edit": ["criteria", "{criterion}"],
    "item_delete": ["criteria", "{criterion}"],
    "item_move": ["criteria", "{criterion}"],
    "item_withdraw": ["contestants", "{contestant}"],
}
ORGANIZER_WITHOUT_CONTEST = {"contest_list": [], "contest_create": [], "import_template": []}
JUDGE = {"home": [], "sheet": ["{contestant}"], "feedback": [], "trial": []}
# A 赛马 series of the organizer, its first round the world's contest.
SERIES = {
    "standings": [],
    "rounds": [],
    "round": [1],
    "entrants": [],
    "entrant_edit": ["{entrant}"],
    "awards": [],
    "results": [],
    "settings": [],
    "download": ["matrix.xlsx"],
}
SERIES_SIGNING = {"results", "download"}  # what a series' signing account may open
SERIES_PUBLIC = {"page": "{series_token}", "entrant": "{entrant_token}"}
# boards_public:page (the boards marked public): tests/test_boards_pages.py, 404 until one is.
# followup: the panel takes the contest's id, the ledger the series'; a unit's page its token.
FOLLOWUP = {"remarks": "contest", "ledger": "series", "report": "series"}
FOLLOWUP_UNIT = {"matters"}
# boards: the board page and a metric's months take the series' id, the 亮目标 panel the contest's.
BOARDS = {
    "board": "series",
    "metric": "series",
    "file": "series",
    "pledges_file": "series",
    "pledges": "contest",
}
SCREEN = {"projector": [], "audience": [], "frame": [], "events": [], "results": []}
# The streams never end, so they are checked on the ASGI application in test_push.py: the
# console's (login, owner only) and the judges' (unknown token 404).
OTHER = {"home", "login", "logout", "set_language", "healthz", "console_events", "judge_events"}
OTHER |= {"admin_login"}  # a redirect to the throttled login (test_integrity.py)


@pytest.fixture
def world(organizer, other_organizer):
    contest = finish_with_sheets(build_contest(organizer))
    judge_a, judge_b = contest.judges.order_by("order")[:2]
    objects = {
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
    series = Series.objects.create(owner=organizer, title="赛马", year=contest.date.year)
    objects["entrant"] = Entrant.objects.create(
        series=series, name=contest.contestants.first().unit
    )
    add_round(series, contest, label="第一期")
    objects["series"] = series
    board = Board.objects.create(series=series, name="区级综合评价榜")
    objects["metric"] = Metric.objects.create(board=board, code="M1", name="完成投资")
    elsewhere = build_contest(other_organizer, title="另一场")
    return objects, judge_a, judge_b, elsewhere


def url(name: str, args: list, objects: dict) -> str:
    filled = [objects[a[1:-1]].pk if str(a).startswith("{") else a for a in args]
    return reverse(name, args=filled)


def organizer_urls(objects):
    pk = objects["contest"].pk
    return [
        url(f"organizer:{name}", [pk, *args], objects)
        for name, args in ORGANIZER_WITH_CONTEST.items()
    ]


def test_every_url_is_in_the_matrix():
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
    covered = {f"organizer:{n}" for n in ORGANIZER_WITH_CONTEST | ORGANIZER_WITHOUT_CONTEST}
    covered |= {f"judge:{n}" for n in JUDGE} | {f"screen:{n}" for n in SCREEN} | OTHER
    covered |= {f"series:{n}" for n in SERIES} | {"series:list"}
    covered |= {f"series_public:{n}" for n in SERIES_PUBLIC}
    covered |= {f"followup:{n}" for n in FOLLOWUP} | {f"followup_unit:{n}" for n in FOLLOWUP_UNIT}
    covered |= {f"boards:{n}" for n in BOARDS} | {"boards_unit:metrics", "boards_public:page"}
    assert names - covered == set()


@pytest.mark.parametrize("method", ["get", "post"])
def test_organizer_pages(world, client, organizer, other_organizer, method):
    objects, *_ = world
    for address in organizer_urls(objects):
        anonymous = getattr(Client(), method)(address)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
        rival = Client()
        rival.force_login(other_organizer)
        # 405 for a method the page never takes: decided before any look-up, so it tells a
        # rival nothing about this contest.
        assert getattr(rival, method)(address).status_code in {404, 405}, address
        owner = Client()
        owner.force_login(organizer)
        response = getattr(owner, method)(address)
        assert response.status_code in {200, 302, 405, 422}, (address, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith("/login/")


# What an account named to sign a contest's results may open; every other page is 404 to it.
SIGNING_ACCOUNT = {
    "results",
    "results_action",
    "report_status",
    "report_download",
    "results_export",
    "signature_sheets",
}


def test_a_signing_account_reaches_the_results_and_nothing_else(world, supervisor):
    objects, *_ = world
    objects["contest"].cosigners.add(supervisor)
    signer = Client()
    signer.force_login(supervisor)
    pk = objects["contest"].pk
    for name, args in ORGANIZER_WITH_CONTEST.items():
        address = url(f"organizer:{name}", [pk, *args], objects)
        method = "post" if name == "results_action" else "get"
        answer = getattr(signer, method)(address, {"action": "sign_off"}).status_code
        if name in SIGNING_ACCOUNT:
            assert answer in {200, 302}, (address, answer)
        else:
            assert answer in {404, 405}, (address, answer)
    # Other actions on the results are the owner's.
    for action in ("publish", "unpublish", "reopen"):
        address = url("organizer:results_action", [pk], objects)
        assert signer.post(address, {"action": action}).status_code == 404


def test_judges_and_the_public_hold_no_organizer_access(world):
    objects, judge_a, *_ = world
    phone = Client()
    phone.get(reverse("judge:home", args=[judge_a.token]))  # a judge's session cookie
    phone.get(reverse("screen:projector", args=[objects["contest"].screen_token]))
    for address in organizer_urls(objects):
        assert phone.get(address).status_code == 302
        assert phone.post(address).status_code == 302


def test_sequential_ids_of_another_contest_are_404(world, client, organizer):
    objects, _, _, elsewhere = world
    client.force_login(organizer)
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


def test_csrf_is_enforced(world, organizer):
    objects, judge_a, *_ = world
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(organizer)
    pk = objects["contest"].pk
    assert strict.post(reverse("organizer:live_control", args=[pk])).status_code == 403
    sheet = reverse("judge:sheet", args=[judge_a.token, objects["contestant"].pk])
    assert Client(enforce_csrf_checks=True).post(sheet, {}).status_code == 403


def test_admin_holds_no_contest_data(world, client, organizer):
    organizer.is_staff = True
    organizer.save()
    client.force_login(organizer)
    for path in ("/admin/contests/contest/", "/admin/scoring/scoresheet/"):
        assert client.get(path).status_code == 404


def series_urls(objects) -> list[str]:
    pk = objects["series"].pk
    return [url(f"series:{name}", [pk, *args], objects) for name, args in SERIES.items()]


@pytest.mark.parametrize("method", ["get", "post"])
def test_series_pages(world, organizer, other_organizer, supervisor, method):
    objects, *_ = world
    objects["series"].cosigners.add(supervisor)
    clients = {}
    for role, user in (("owner", organizer), ("rival", other_organizer), ("signer", supervisor)):
        clients[role] = Client()
        clients[role].force_login(user)
    listing = getattr(Client(), method)(reverse("series:list"))
    assert listing.status_code == 302 and listing["Location"].startswith("/login/")
    for name, address in zip(SERIES, series_urls(objects), strict=True):
        anonymous = getattr(Client(), method)(address)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
        assert getattr(clients["rival"], method)(address).status_code in {404, 405}, address
        owner = getattr(clients["owner"], method)(address).status_code
        assert owner in {200, 302, 405, 422}, (address, owner)
        signer = getattr(clients["signer"], method)(address, {"action": "sign_off"}).status_code
        if name in SERIES_SIGNING:
            assert signer in {200, 302, 405, 422}, (address, signer)
        else:
            assert signer in {404, 405}, (address, signer)
    # The owner's actions on the series' results are refused to its signing account.
    results_page = reverse("series:results", args=[objects["series"].pk])
    for action in ("publish", "unpublish", "cosigner"):
        assert clients["signer"].post(results_page, {"action": action}).status_code == 404


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


@pytest.mark.parametrize("method", ["get", "post"])
def test_followup_and_boards_pages(world, organizer, other_organizer, method):
    objects, *_ = world
    owner, rival = Client(), Client()
    owner.force_login(organizer)
    rival.force_login(other_organizer)
    pages = [(f"followup:{name}", [objects[kind].pk]) for name, kind in FOLLOWUP.items()]
    pages += [(f"boards:{name}", [objects[kind].pk]) for name, kind in BOARDS.items()]
    for name, args in pages:
        extra = {
            "followup:report": ["xlsx"],
            "boards:metric": [objects["metric"].pk],
            "boards:file": ["month.xlsx"],
            "boards:pledges_file": [objects["entrant"].pk],
        }
        address = reverse(name, args=[*args, *extra.get(name, [])])
        anonymous = getattr(Client(), method)(address)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
        assert getattr(rival, method)(address).status_code in {404, 405}, address
        answer = getattr(owner, method)(address).status_code
        assert answer in {200, 302, 405, 422}, (address, answer)


@pytest.mark.parametrize("name", ["followup_unit:matters", "boards_unit:metrics"])
def test_a_units_own_pages_take_its_token_alone(world, client, name):
    objects, *_ = world
    address = reverse(name, args=[objects["entrant"].token])
    assert client.get(address).status_code == 200
    # Another unit's measure or metric (or none): as if it did not exist.
    data = {"action": "done", "measure": "1", "metric": objects["metric"].pk}
    assert client.post(address, data).status_code == 404
    assert client.get(reverse(name, args=["x" * 24])).status_code == 404

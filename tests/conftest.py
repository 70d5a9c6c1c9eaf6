"""Shared fixtures: organizers, a small contest, a logged-in client, the browser."""

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup
from contests.setup import apply_preset
from tests.servers import Stack, ThreadedServer, fullstack_available

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def organizer(db):
    return get_user_model().objects.create_user("organizer", password="correct-horse-battery")


@pytest.fixture
def other_organizer(db):
    return get_user_model().objects.create_user("rival", password="correct-horse-battery")


@pytest.fixture
def supervisor(db, organizer):
    """A second account, for the second of the two signatures results need: 审核人 and 监督人
    in the organizer's (personal) organisation, where the organizer's contests go."""
    from orgs.access import personal_organisation

    user = get_user_model().objects.create_user("supervisor", password="correct-horse-battery")
    grant_role(personal_organisation(organizer), user, "reviewer", "supervisor")
    return user


def sign_off_fully(contest: Contest, owner, second) -> Contest:
    """Both signatures (审核 by the owner, 监督 by a second account) on the current version."""
    from scoring import results

    grant_role(contest.organisation, second, "supervisor")
    version = results.results_snapshot(contest).version
    results.sign_off(contest, owner, official="张审核", role="review", version=version)
    results.sign_off(contest, second, official="李监督", role="supervise", version=version)
    contest.refresh_from_db()
    return contest


def grant_role(organisation, user, *roles: str) -> None:
    """Give roles in an organisation (审核人 "reviewer", 监督人 "supervisor", 记录员 "clerk" …)."""
    from orgs.access import grant

    grant(organisation, user, set(roles), by=None)


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def build_contest(owner, *, contestants: int = 4, judges: int = 6, **fields) -> Contest:
    """A 四看 contest with two contestant groups and two judge groups (40 % / 60 %)."""
    contest = Contest.objects.create(
        owner=owner,
        title=fields.pop("title", "测试擂台赛"),
        date=fields.pop("date", dt.date(2026, 11, 22)),
        **fields,
    )
    apply_preset(contest, "sikan")
    economy = ContestantGroup.objects.create(contest=contest, name="经济组", order=1)
    social = ContestantGroup.objects.create(contest=contest, name="社会组", order=2)
    for i in range(contestants):
        Contestant.objects.create(
            contest=contest,
            name=f"选手{i + 1}",
            unit=f"单位{i + 1}",
            title="局长",
            order=i + 1,
            group=economy if i % 2 == 0 else social,
        )
    leaders = JudgeGroup.objects.create(contest=contest, name="市领导", weight=Decimal(40))
    heads = JudgeGroup.objects.create(contest=contest, name="部门负责人", weight=Decimal(60))
    for i in range(judges):
        Judge.objects.create(
            contest=contest,
            name=f"评委{i + 1}",
            unit=f"评委单位{i + 1}",
            order=i + 1,
            group=leaders if i < judges // 3 else heads,
        )
    return contest


@pytest.fixture
def contest(organizer):
    return build_contest(organizer)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; the suite fails (not skips) if it is missing."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def open_for_scoring(contest: Contest) -> Contest:
    """Put a contest live (as the console's start does) with every contestant open for scoring."""
    from contests import live

    live.start(contest)
    contest.refresh_from_db()
    contest.contestants.update(scoring=Contestant.Scoring.OPEN)
    return contest


@pytest.fixture
def live_contest(contest):
    return open_for_scoring(contest)


def finish_with_sheets(contest: Contest, seed: int = 7) -> Contest:
    """Every judge scores every contestant, then scoring ends: a contest ready for sign-off."""
    from contests import live
    from scoring.demo import fill_sheets

    if contest.status != Contest.Status.LIVE:
        live.start(contest)
    from scoring.standings import recompute

    fill_sheets(contest, seed=seed)
    live.finish(contest)
    recompute(contest.pk)  # the queued one would run on commit, which a test never reaches
    contest.refresh_from_db()
    return contest


@pytest.fixture
def finished_contest(contest):
    return finish_with_sheets(contest)


@pytest.fixture
def judge(live_contest):
    """The first judge of the live contest."""
    return live_contest.judges.first()


@pytest.fixture
def contestant(live_contest):
    """The first contestant of the live contest, open for scoring."""
    return live_contest.contestants.first()


def session_cookie(user, url: str) -> dict:
    """A logged-in session of `user` as a cookie for a Playwright context at `url`."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def asgi_scope(method: str, path: str, headers=(), client: str = "127.0.0.1") -> dict:
    """The HTTP scope uvicorn hands the ASGI application for one request."""
    path_only, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path_only,
        "raw_path": path_only.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver"), *((k.encode(), v.encode()) for k, v in headers)],
        "client": (client, 50000),
        "server": ("testserver", 80),
    }


def console_post(client, contest: Contest, action: str, contestant=None, follow=False, **data):
    """Press a console button: each action has its own URL (live/urls.py); a presenter's
    buttons name the presenter in it."""
    args = [contest.pk] if contestant is None else [contest.pk, contestant.pk]
    return client.post(reverse(f"organizer:live_{action}", args=args), data, follow=follow)


def values_for(contest: Contest, *scores) -> dict[str, str]:
    """Form-style values {criterion id: text} for a contest's criteria, in order."""
    criteria = list(contest.criteria.all())
    if len(scores) == 1:
        scores = scores * len(criteria)
    return {str(c.pk): str(v) for c, v in zip(criteria, scores, strict=True)}


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in-process unless a test starts a real worker (the celery_worker fixture)."""
    from arena.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_prepared_sheets():
    """Rolled-back tests hand out the same row ids again, which never happens to committed rows
    in production: start each test with empty caches of prepared sheets and stream tokens."""
    from live import streams
    from scoring import standings

    standings._prepared.clear()
    standings._memos.clear()
    streams._tokens.clear()
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real accounts; tests create many throwaway ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering by database use
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests on the full stack last, so its Celery beat (which heals lagging standings
    every few seconds, on the test database) never works on another test's rows: a test that
    leaves a contest lagging on purpose would have its teardown's TRUNCATE deadlock with it."""
    items.sort(key=lambda item: "stack" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    if not fullstack_available():
        pytest.skip("runs in the PostgreSQL + Redis pass of scripts/test.sh")
    running = Stack(tmp_path_factory.mktemp("stack"))
    try:
        running.run("start")
    except subprocess.CalledProcessError:
        pytest.fail("scripts/stack.sh start failed:\n" + running.logs())
    yield running
    running.run("stop")


@pytest.fixture
def server(transactional_db):
    from django.db import connections

    # Server threads close their connections after each request, so none outlives the test.
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    instance = ThreadedServer()
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
def asgi_server(server):
    return server.url


def play_round(
    owner, second, title: str, day: dt.date, totals: dict[str, str], series=None, weight="1"
) -> Contest:
    """A signed contest whose published totals are `totals` ({unit: "90.00"}): one criterion of
    100, one judge; see score_and_sign. With `series`, the contest is taken in as its next
    round before the start (presenters linked to units by name)."""
    from contests.models import Criterion

    contest = Contest.objects.create(
        owner=owner,
        organisation=series.organisation if series is not None else None,
        title=title,
        date=day,
        aggregation=Contest.Aggregation.MEAN,
        score_step="1",
    )
    Criterion.objects.create(contest=contest, name="实绩", max_score=100, order=1)
    Judge.objects.create(contest=contest, name="评委甲", order=1)
    for n, unit in enumerate(totals, start=1):
        Contestant.objects.create(contest=contest, name=f"{unit[:2]}负责人", unit=unit, order=n)
    if series is not None:
        from series.rounds import add_round

        add_round(series, contest, label=title, weight=Decimal(weight))
    return score_and_sign(contest, owner, second, totals)


def score_and_sign(contest: Contest, owner, second, totals: dict[str, str]) -> Contest:
    """The contest's one judge scores its one criterion for each presenter through the judge
    endpoint (`totals` by unit), then 结束评分 and both signatures (owner's and `second`'s)."""
    import uuid

    from django.test import Client
    from django.urls import reverse

    from contests import live
    from scoring.standings import recompute

    criterion = contest.criteria.get()
    judge = contest.judges.get()
    open_for_scoring(contest)
    judge_client = Client()
    for presenter in contest.contestants.all():
        response = judge_client.post(
            reverse("judge:sheet", args=[judge.token, presenter.pk]),
            {f"score_{criterion.pk}": totals[presenter.unit], "submission_id": uuid.uuid4().hex},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200, response.content
    live.finish(contest)
    recompute(contest.pk)
    return sign_off_fully(contest, owner, second)


@pytest.fixture
def season(organizer, supervisor):
    """A 赛马 series of four units with three signed quarterly rounds (tests/test_series_rounds
    R1–R3: 丁 joins in round 2)."""
    from tests.test_series_rounds import R1, R2, R3, make_series, play

    series = make_series(organizer)
    for number, scores in enumerate([R1, R2, R3], start=1):
        play(series, organizer, supervisor, number, scores)
    return series

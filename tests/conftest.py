"""Shared fixtures: organizers, a small contest, a logged-in client, the browser."""

import datetime as dt
import os
import shutil
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from contests.models import Contest, Contestant, ContestantGroup, Judge, JudgeGroup
from contests.setup import apply_preset

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
    leaders = JudgeGroup.objects.create(contest=contest, name="市领导", weight=Decimal("0.4"))
    heads = JudgeGroup.objects.create(contest=contest, name="部门负责人", weight=Decimal("0.6"))
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
    """Put a contest live with every contestant open for scoring."""
    contest.status = Contest.Status.LIVE
    contest.save()
    contest.contestants.update(scoring=Contestant.Scoring.OPEN)
    return contest


@pytest.fixture
def live_contest(contest):
    return open_for_scoring(contest)


def finish_with_sheets(contest: Contest, seed: int = 7) -> Contest:
    """Every judge scores every contestant, then scoring ends: a contest ready for sign-off."""
    from contests import live
    from contests.demo import fill_sheets

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
    in production: start each test with an empty cache of prepared sheets."""
    from scoring import standings

    standings._prepared.clear()
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real accounts; tests create many throwaway ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

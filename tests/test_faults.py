"""Faults of a venue, on the full stack (scripts/stack.sh: uvicorn ×2, Celery, PostgreSQL, Redis).

Judges submit over HTTP with retries while a web worker is killed mid-request, PostgreSQL
restarts, Redis stops, or the Celery worker is killed. Every test then checks the same things:
no acknowledged sheet lost, none counted twice, the standings equal a fresh recompute and a
replay of the audit log, and the screens show the final standings.
"""

import glob
import os
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from contests.rehearsal import JudgeClient, Tally
from scoring import standings
from scoring.models import AuditEntry, ScoreSheet, SheetSubmission
from scoring.replay import replayed_results
from tests.conftest import build_contest, open_for_scoring
from tests.servers import ROOT, wait_until_quiet

pytestmark = [pytest.mark.fullstack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_mode():
    from arena.celery import app

    app.conf.task_always_eager = False


@pytest.fixture
def contest(organizer, stack, worker_mode):
    contest = open_for_scoring(build_contest(organizer, contestants=3, judges=16))
    contest.show_totals, contest.live.screen = True, "board"
    contest.save()
    contest.live.save()
    yield contest
    # The stack's worker may still be recomputing what the test's sheets queued: the test
    # database's teardown (TRUNCATE) would deadlock with it.
    wait_until_quiet(contest.pk, timeout=90)


def scores_for(criteria, judge, contestant) -> dict[int, Decimal]:
    """Read the criteria in the main thread: worker threads here hold no database connection."""
    return {c.pk: Decimal(10 + (judge.pk * 7 + contestant.pk * 3 + c.pk) % 15) for c in criteria}


def submit_all(stack, contest, during=None, attempts=12) -> list[tuple[int, int, int]]:
    """Every judge scores every contestant over HTTP; `during` runs once a third are in."""
    judges, contestants = list(contest.judges.all()), list(contest.contestants.all())
    criteria = list(contest.criteria.all())
    pairs = [(j, c, scores_for(criteria, j, c)) for j in judges for c in contestants]
    acknowledged, tally, lock = [], Tally(), threading.Lock()
    third = threading.Event()

    def one(pair):
        judge, contestant, scores = pair
        answer = JudgeClient(stack.url, judge).submit(contestant, scores, tally, attempts=attempts)
        with lock:
            if answer and answer.get("recorded"):
                acknowledged.append((judge.pk, contestant.pk, answer["version"]))
            if len(acknowledged) >= len(pairs) // 3:
                third.set()

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(one, pair) for pair in pairs]
        if during:
            third.wait(60)
            during()
        for future in futures:
            future.result()
    connection.close()
    assert len(acknowledged) == len(pairs), (tally, stack.logs())
    return acknowledged


def assert_nothing_lost_nothing_twice(stack, contest, acknowledged) -> None:
    sheets = {
        (s.judge_id, s.contestant_id): s
        for s in ScoreSheet.objects.filter(contestant__contest=contest)
    }
    assert len(sheets) == len(acknowledged)
    for judge_id, contestant_id, version in acknowledged:
        assert sheets[(judge_id, contestant_id)].version == version == 1
    assert SheetSubmission.objects.filter(judge__contest=contest).count() == len(acknowledged)
    assert AuditEntry.objects.filter(contest=contest).count() == len(acknowledged)
    wait_until_quiet(contest.pk, timeout=90)
    latest = standings.latest_snapshot(contest)
    assert latest.data == standings.fresh_results(contest)
    assert latest.data == replayed_results(contest)
    frame_url = f"{stack.url}/s/{contest.screen_token}/frame/"
    with urllib.request.urlopen(frame_url, timeout=10) as response:  # noqa: S310 - loopback
        frame = response.read().decode()
    for row in latest.data["results"]:
        assert row["name"] in frame and row["total"] in frame


def test_fifty_identical_posts_leave_one_version(stack, contest):
    judge, contestant = contest.judges.first(), contest.contestants.first()
    client = JudgeClient(stack.url, judge)
    client.open_sheet(contestant)  # one phone: one page load, then 50 taps at once
    scores = scores_for(contest.criteria.all(), judge, contestant)
    submission_id = uuid.uuid4().hex
    tally = Tally()
    with ThreadPoolExecutor(50) as pool:
        answers = list(
            pool.map(
                lambda _: client.submit(contestant, scores, tally, submission_id=submission_id),
                range(50),
            )
        )
    assert all(answer and answer["version"] == 1 for answer in answers), tally
    assert sum(not answer["replayed"] for answer in answers) == 1
    assert ScoreSheet.objects.get(judge=judge, contestant=contestant).version == 1
    assert SheetSubmission.objects.filter(judge=judge).count() == 1
    assert AuditEntry.objects.filter(judge=judge).count() == 1


def test_a_web_worker_killed_mid_request(stack, contest):
    def kill_one_web_worker():
        children = stack.web_children()
        assert len(children) == 2, children
        os.kill(children[0], signal.SIGKILL)  # uvicorn's supervisor starts a new one

    acknowledged = submit_all(stack, contest, during=kill_one_web_worker)
    assert_nothing_lost_nothing_twice(stack, contest, acknowledged)
    deadline = time.monotonic() + 30
    while len(stack.web_children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(stack.web_children()) == 2


def test_postgresql_restarts(stack, contest):
    pg_ctl = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
    data = settings.DATA_DIR / "services" / "pg"  # where scripts/services.sh keeps it
    # -l: the restarted server must not inherit this test's pipes (run() would wait for EOF).
    restart = [
        pg_ctl,
        "-D",
        str(data),
        "-l",
        str(data / "server.log"),
        "-m",
        "fast",
        "-w",
        "restart",
    ]
    if os.geteuid() == 0:
        restart = ["runuser", "-u", "postgres", "--", *restart]

    def restart_postgres():
        subprocess.run(restart, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    acknowledged = submit_all(stack, contest, during=restart_postgres)
    wait_for_database()  # this test process's own pool reconnects with back-off too
    assert_nothing_lost_nothing_twice(stack, contest, acknowledged)


def wait_for_database(seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        connection.close()
        try:
            connection.ensure_connection()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def test_redis_stops_and_returns(stack, contest):
    port = settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0]

    def stop_redis():
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)

    acknowledged = submit_all(stack, contest, during=stop_redis)
    # Sheets were accepted while Redis was down; projectors poll the frame meanwhile.
    with urllib.request.urlopen(  # noqa: S310 - loopback
        f"{stack.url}/s/{contest.screen_token}/frame/", timeout=10
    ) as response:
        assert response.status == 200
    subprocess.run(
        ["bash", str(ROOT / "scripts/services.sh"), "start"],
        check=True,
        stdout=subprocess.DEVNULL,  # redis-server daemonizes; nothing keeps these pipes open
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ARENA_DATA_DIR": str(settings.DATA_DIR)},
    )
    assert_nothing_lost_nothing_twice(stack, contest, acknowledged)


def test_a_worker_that_exits_is_restarted(stack, contest):
    """Celery's Redis transport can exit on a broker fault; stack.sh restarts the worker, as a
    process supervisor would in production, and the standings catch up without a hand."""

    def kill_celery_only():
        celery = subprocess.run(
            ["pgrep", "-P", str(stack.pid("worker"))], capture_output=True, text=True, check=True
        ).stdout.split()
        for pid in celery:  # the worker's main process, not the restart loop around it
            os.kill(int(pid), signal.SIGKILL)

    acknowledged = submit_all(stack, contest, during=kill_celery_only)
    assert_nothing_lost_nothing_twice(stack, contest, acknowledged)


def test_celery_worker_killed(stack, contest):
    def kill_worker():
        os.killpg(stack.pid("worker"), signal.SIGKILL)

    acknowledged = submit_all(stack, contest, during=kill_worker)
    stack.run("restart", "worker")  # it catches up on start (scoring.tasks.catch_up)
    assert_nothing_lost_nothing_twice(stack, contest, acknowledged)

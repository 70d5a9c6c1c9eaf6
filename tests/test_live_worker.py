"""Live recomputation with a real Celery worker, Redis and PostgreSQL (the full-stack pass)."""

import threading
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.db import connection

from scoring import standings
from scoring.models import ScoreSheet, SheetSubmission
from scoring.sheets import submit_sheet
from tests.conftest import build_contest, open_for_scoring, values_for
from tests.servers import wait_until_quiet

pytestmark = [
    pytest.mark.fullstack,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (settings.REDIS_URL and connection.vendor == "postgresql"),
        reason="runs in the PostgreSQL + Redis pass of scripts/test.sh",
    ),
]


@pytest.fixture
def celery_worker(stack):
    """The stack's real worker (scripts/stack.sh) on the test database; tasks go through Redis."""
    from arena.celery import app

    app.conf.task_always_eager = False
    yield stack


def test_concurrent_submissions_settle_on_a_fresh_recompute(organizer, celery_worker):
    contest = open_for_scoring(build_contest(organizer, contestants=6, judges=24))
    judges = list(contest.judges.all())
    contestants = list(contest.contestants.all())
    broker = redis.Redis.from_url(settings.REDIS_URL)
    queue_lengths: list[int] = []
    acknowledged: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def judge_thread(judge_slice):
        try:
            for judge in judge_slice:
                for index, contestant in enumerate(contestants):
                    score = 5 + (judge.pk * 7 + index * 3) % 15  # 5..19, revised +5 stays ≤ 25
                    submission = uuid.uuid4().hex
                    for _ in range(2):  # a retry of the same POST: recorded once
                        recorded = submit_sheet(
                            judge, contestant, values_for(contest, score), submission_id=submission
                        )
                    if index % 3 == 0:  # a revision based on the version just recorded
                        recorded = submit_sheet(
                            judge,
                            contestant,
                            values_for(contest, score + 5),
                            submission_id=uuid.uuid4().hex,
                            base_version=recorded.version,
                        )
                    with lock:
                        acknowledged.append((judge.pk, contestant.pk, recorded.version))
                        waiting = broker.lrange("celery", 0, -1)  # beat's checks too
                        queue_lengths.append(
                            sum(b"recompute_standings" in message for message in waiting)
                        )
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=judge_thread, args=(judges[i::6],)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

    state = wait_until_quiet(contest.pk)
    latest = standings.latest_snapshot(contest)
    assert latest.version == state.version
    assert latest.data == standings.fresh_results(contest)

    # Nothing lost, nothing twice: one sheet per judge and contestant, at the acknowledged version.
    assert ScoreSheet.objects.filter(contestant__contest=contest).count() == 24 * 6
    expected_submissions = 24 * 6 + 24 * 2  # one per pair, plus revisions of contestants 1 and 4
    assert SheetSubmission.objects.filter(sheet__contestant__contest=contest).count() == (
        expected_submissions
    )
    for judge_id, contestant_id, version in acknowledged:
        assert ScoreSheet.objects.get(judge_id=judge_id, contestant_id=contestant_id).version == (
            version
        )
    assert all(row["sheets_in"] == 24 for row in latest.data["results"])
    # Coalescing: never more than one recompute of this contest waiting in the broker.
    assert max(queue_lengths) <= 1
    print(
        f"\n  {expected_submissions} submissions → {contest.snapshots.count()} standings versions"
    )


def test_spaced_versions_still_settle_on_every_sheet(organizer, celery_worker, settings):
    """With a minimum interval the queued recompute waits in the broker (an ETA task), and the
    sheets of that wait join it; the last sheet of the burst is still counted."""
    settings.STANDINGS_MIN_INTERVAL = 0.4
    contest = open_for_scoring(build_contest(organizer, contestants=2, judges=12))
    contestant = contest.contestants.first()
    started = time.monotonic()
    for judge in contest.judges.all():
        submit_sheet(judge, contestant, values_for(contest, 10), submission_id=uuid.uuid4().hex)
    burst = time.monotonic() - started
    state = wait_until_quiet(contest.pk)
    latest = standings.latest_snapshot(contest)
    assert latest.data == standings.fresh_results(contest)
    assert latest.data["results"][0]["sheets_in"] == 12
    # Recomputes start at least 0.4 s apart: the first at once, then one per interval, and one
    # for the sheets that came after the last start.
    assert state.version <= 2 + int(burst / 0.4)


def test_worker_builds_the_signed_report(organizer, celery_worker):
    """The report task runs in the worker process: queued on commit, progress, stored bytes."""
    from django.db import transaction

    from scoring import report, results
    from scoring.models import Report
    from tests.conftest import finish_with_sheets

    contest = finish_with_sheets(build_contest(organizer, contestants=6, judges=12))
    wait_until_quiet(contest.pk)
    version = results.results_snapshot(contest).version
    results.sign_off(contest, organizer, official="张审核", role="review", version=version)
    contest.refresh_from_db()
    with transaction.atomic():
        stored = report.request_report(contest)
    seen = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        stored.refresh_from_db()
        seen.add(stored.status)
        if stored.status in {Report.Status.DONE, Report.Status.FAILED}:
            break
        time.sleep(0.05)
    assert stored.status == Report.Status.DONE, stored.error
    assert bytes(stored.pdf).startswith(b"%PDF")
    assert report.request_report(contest).pk == stored.pk  # cached for this version
    assert Report.Status.QUEUED in seen or Report.Status.BUILDING in seen

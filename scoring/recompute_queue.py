"""Asking for a recompute of a contest's standings: every change bumps a counter, and one
Celery task is queued after commit unless one is already waiting (a burst of sheets queues one
task); a lost task is healed by the next change, a screen asking for fresh standings, a retry
timer while the broker is down, and the worker's periodic check (docs/architecture.md)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from contests.models import Contest
from scoring.models import StandingsState

logger = logging.getLogger(__name__)
QUEUE_STALE_AFTER = timedelta(seconds=15)


def _state(contest_id: int) -> StandingsState:
    state, _ = StandingsState.objects.get_or_create(contest_id=contest_id)
    return state


def recompute_after_setup(sender, *, contest: Contest, **kwargs) -> None:
    """contests.setup.changed: names, weights and groups are on the board, so a contest that has
    standings (or is under way) gets them recomputed."""
    if contest.status != Contest.Status.DRAFT or contest.snapshots.exists():
        with transaction.atomic():
            request_recompute(contest.pk)


def request_recompute(contest_id: int) -> None:
    """Record a change and make sure one recompute will run after the current transaction.

    Call inside the transaction that changes sheets or indicators: the counter bump commits
    with the change, and the task is queued only after commit, so a worker never reads an
    uncommitted sheet. While one recompute is already waiting in the queue, no second one is
    added: the waiting one will read this change too.
    """
    claimed = _bump_and_claim(contest_id, 1)
    if claimed is None:  # the contest's first change
        _state(contest_id)
        claimed = _bump_and_claim(contest_id, 1)
    if claimed:
        transaction.on_commit(lambda: _enqueue(contest_id))


def enqueue_if_idle(contest_id: int) -> bool:
    claimed = bool(_bump_and_claim(contest_id, 0))
    if claimed:
        transaction.on_commit(lambda: _enqueue(contest_id))
    return claimed


def _bump_and_claim(contest_id: int, changes: int) -> bool | None:
    """Add `changes` to the change counter and set the queue mark unless a fresh one is set, in
    one statement: True if this call set the mark, None if the contest has no state row yet.

    One statement because every sheet of a contest locks this row until its transaction
    commits, so the row is held one round trip less. Raw SQL because the ORM's update() cannot
    say whether this call set the mark."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    stale = connection.ops.adapt_datetimefield_value(timezone.now() - QUEUE_STALE_AFTER)
    with connection.cursor() as cursor:
        cursor.execute(_BUMP_AND_CLAIM, [changes, stale, now, contest_id, now])
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


_BUMP_AND_CLAIM = f"""
    UPDATE {StandingsState._meta.db_table}
    SET requested_seq = requested_seq + %s,
        queued_at = CASE WHEN queued_at IS NULL OR queued_at < %s THEN %s ELSE queued_at END
    WHERE contest_id = %s
    RETURNING CASE WHEN queued_at = %s THEN 1 ELSE 0 END
"""  # noqa: S608 (no user input: a table name and placeholders)


def _enqueue(contest_id: int) -> None:
    from scoring.tasks import recompute_standings

    try:
        if recompute_standings.app.conf.task_always_eager:
            recompute_standings.delay(contest_id)
        else:
            countdown = wait_before_recompute(contest_id)
            recompute_standings.apply_async((contest_id,), countdown=countdown)
    except Exception:
        # Broker down: the sheet is safe in the database. Clear the mark so the next change,
        # or a screen asking for fresh standings, queues the recompute again.
        logger.exception("could not queue standings recompute for contest %s", contest_id)
        StandingsState.objects.filter(contest_id=contest_id).update(queued_at=None)
        if recompute_standings.app.conf.task_always_eager:
            raise  # in-process, this is a bug in the recompute itself: let tests see it
        _retry_later(contest_id)


def wait_before_recompute(contest_id: int) -> float:
    """Seconds until settings.STANDINGS_MIN_INTERVAL has passed since the latest recompute
    started. The queue mark is set meanwhile, so the changes of those seconds join this one."""
    interval = settings.STANDINGS_MIN_INTERVAL
    if interval <= 0:
        return 0.0
    latest = (
        StandingsState.objects.filter(contest_id=contest_id)
        .values_list("started_at", flat=True)
        .first()
    )
    if latest is None:
        return 0.0
    since = (timezone.now() - latest).total_seconds()
    return max(0.0, min(interval, interval - since))


RETRY_ENQUEUE_SECONDS = 5.0
_retrying: set[int] = set()
_retrying_lock = threading.Lock()


def _retry_later(contest_id: int) -> None:
    """Keep trying to queue the recompute while the broker is down, so the standings catch up
    by themselves when it returns (one timer per contest and process)."""
    with _retrying_lock:
        if contest_id in _retrying:
            return
        _retrying.add(contest_id)

    def retry() -> None:
        with _retrying_lock:
            _retrying.discard(contest_id)
        try:
            ensure_fresh(contest_id)
        except Exception:
            logger.exception("retrying the recompute of contest %s failed", contest_id)
            _retry_later(contest_id)
        finally:
            connection.close()  # this thread's own connection

    timer = threading.Timer(RETRY_ENQUEUE_SECONDS, retry)
    timer.daemon = True
    timer.start()


def lagging_contests() -> list[int]:
    """Contests whose standings miss changes (e.g. queued while no worker could take them)."""
    return list(
        StandingsState.objects.filter(requested_seq__gt=F("computed_seq")).values_list(
            "contest_id", flat=True
        )
    )


def ensure_fresh(contest_id: int) -> None:
    """Queue a recompute if changes are waiting and none is queued (self-healing after faults)."""
    state = _state(contest_id)
    if state.requested_seq > state.computed_seq or state.version == 0:
        with transaction.atomic():
            enqueue_if_idle(contest_id)

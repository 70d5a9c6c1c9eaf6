from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError

from scoring import recompute_queue, standings


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # The database restarting under a running recompute: try again once it is back.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=1,
    retry_backoff_max=10,
    max_retries=60,
)
def recompute_standings(contest_id: int) -> int | None:
    """Recompute a contest's standings; returns the new version, or None if nothing changed."""
    snapshot = standings.recompute(contest_id)
    return snapshot.version if snapshot else None


@shared_task(ignore_result=True)
def heal_standings() -> int:
    """Every few seconds (Celery beat): queue a recompute for any contest whose standings lag.

    Covers what no request will: a task lost with Redis (its queue is not persisted), or a
    recompute that failed for good. Idempotent, so duplicates from several beats are harmless.
    """
    lagging = recompute_queue.lagging_contests()
    for contest_id in lagging:
        recompute_queue.ensure_fresh(contest_id)
    return len(lagging)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_report(report_id: int) -> None:
    """Render one PDF report (scoring/report.py); a report already built is left alone."""
    from scoring.models import Report
    from scoring.report import build

    report = Report.objects.select_related("contest").filter(pk=report_id).first()
    if report is not None and report.status != Report.Status.DONE:
        build(report)


@worker_ready.connect
def catch_up(**kwargs) -> None:
    """A (re)started worker queues a recompute for every contest whose standings lag: a task
    lost with a killed worker is otherwise only redelivered after the broker's timeout."""
    for contest_id in recompute_queue.lagging_contests():
        recompute_standings.delay(contest_id)

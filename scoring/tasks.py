from celery import shared_task

from scoring import standings


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def recompute_standings(contest_id: int) -> int | None:
    """Recompute a contest's standings; returns the new version, or None if nothing changed."""
    snapshot = standings.recompute(contest_id)
    return snapshot.version if snapshot else None

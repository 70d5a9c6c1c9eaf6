from celery import shared_task

from scoring import standings


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def recompute_standings(contest_id: int) -> int | None:
    """Recompute a contest's standings; returns the new version, or None if nothing changed."""
    snapshot = standings.recompute(contest_id)
    return snapshot.version if snapshot else None


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_report(report_id: int) -> None:
    """Render one PDF report (scoring/report.py); a report already built is left alone."""
    from scoring.models import Report
    from scoring.report import build

    report = Report.objects.select_related("contest").filter(pk=report_id).first()
    if report is not None and report.status != Report.Status.DONE:
        build(report)

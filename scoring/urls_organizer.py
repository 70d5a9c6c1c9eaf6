"""Scoring's organizer pages, then the setup pages of contests/urls.py, whose catch-all item
routes (<slug>/<id>/…) would otherwise take recusals/<id>/delete/; live/urls.py mounts them in
the organizer namespace (/o/…) after the console's."""

from django.urls import path

from contests.urls import urlpatterns as setup_urlpatterns
from scoring import views_organizer, views_results

urlpatterns = [
    path("<int:pk>/indicator-scores/", views_organizer.indicator_table, name="indicator_table"),
    path("<int:pk>/audit/", views_organizer.audit_log, name="audit_log"),
    path("<int:pk>/recusals/add/", views_organizer.recusal_add, name="recusal_add"),
    path(
        "<int:pk>/recusals/<int:recusal_pk>/delete/",
        views_organizer.recusal_delete,
        name="recusal_delete",
    ),
    path(
        "<int:pk>/feedback/<int:feedback_pk>/resolve/",
        views_organizer.feedback_resolve,
        name="feedback_resolve",
    ),
    path(
        "<int:pk>/indicator-scores/import/",
        views_organizer.indicator_import,
        name="indicator_import",
    ),
    path("<int:pk>/results/", views_results.results_page, name="results"),
    path("<int:pk>/results/sign/", views_results.results_sign, name="results_sign"),
    path("<int:pk>/results/reopen/", views_results.results_reopen, name="results_reopen"),
    path("<int:pk>/results/publish/", views_results.results_publish, name="results_publish"),
    path("<int:pk>/results/unpublish/", views_results.results_unpublish, name="results_unpublish"),
    path("<int:pk>/results/report/", views_results.report_request, name="report_request"),
    path(
        "<int:pk>/results/judge-sheets.pdf",
        views_results.signature_sheets,
        name="signature_sheets",
    ),
    path("<int:pk>/results/report/status/", views_results.report_status, name="report_status"),
    path(
        "<int:pk>/results/report/<int:report_pk>.pdf",
        views_results.report_download,
        name="report_download",
    ),
    path(
        "<int:pk>/results/<slug:kind>.<slug:fmt>",
        views_results.results_export,
        name="results_export",
    ),
    *setup_urlpatterns,
]

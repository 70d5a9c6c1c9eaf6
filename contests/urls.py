from django.urls import path

from contests import views
from scoring import views_organizer as scoring_views
from scoring import views_results

app_name = "organizer"
urlpatterns = [
    path("", views.contest_list, name="contest_list"),
    path("new/", views.contest_create, name="contest_create"),
    path("templates/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.contest_basics, name="contest_basics"),
    path("<int:pk>/copy/", views.contest_copy, name="contest_copy"),
    path("<int:pk>/live/", views.live_control, name="live_control"),
    path("<int:pk>/preset/", views.apply_preset, name="apply_preset"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/import/<slug:kind>/", views.import_rows, name="import_rows"),
    path("<int:pk>/judges/cards/", views.judge_cards, name="judge_cards"),
    path(
        "<int:pk>/judges/<int:judge_pk>/regenerate/",
        views.judge_regenerate,
        name="judge_regenerate",
    ),
    path("<int:pk>/step/<slug:step>/", views.contest_step, name="contest_step"),
    path("<int:pk>/indicator-scores/", scoring_views.indicator_table, name="indicator_table"),
    path("<int:pk>/audit/", scoring_views.audit_log, name="audit_log"),
    path("<int:pk>/recusals/add/", scoring_views.recusal_add, name="recusal_add"),
    path(
        "<int:pk>/recusals/<int:recusal_pk>/delete/",
        scoring_views.recusal_delete,
        name="recusal_delete",
    ),
    path(
        "<int:pk>/feedback/<int:feedback_pk>/resolve/",
        scoring_views.feedback_resolve,
        name="feedback_resolve",
    ),
    path(
        "<int:pk>/indicator-scores/import/",
        scoring_views.indicator_import,
        name="indicator_import",
    ),
    path("<int:pk>/results/", views_results.results_page, name="results"),
    path("<int:pk>/results/action/", views_results.results_action, name="results_action"),
    path("<int:pk>/results/cosigners/", views_results.results_cosigners, name="results_cosigners"),
    path("<int:pk>/results/report/", views_results.report_request, name="report_request"),
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
    path("<int:pk>/<slug:slug>/add/", views.item_add, name="item_add"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/", views.item_row, name="item_row"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/move/", views.item_move, name="item_move"),
    path(
        "<int:pk>/<slug:slug>/<int:item_pk>/withdraw/",
        views.item_withdraw,
        name="item_withdraw",
    ),
]

"""The organizer's series pages, /o/series/… (login required)."""

from django.urls import path

from series import views, views_entrants, views_monthly, views_results, views_rounds

app_name = "series"
urlpatterns = [
    path("", views.series_list, name="list"),
    path("<int:pk>/", views.standings_page, name="standings"),
    path("<int:pk>/rounds/", views_rounds.rounds_page, name="rounds"),
    path("<int:pk>/rounds/add/", views_rounds.round_add, name="round_add"),
    path("<int:pk>/rounds/next/", views_rounds.round_next, name="round_next"),
    path("<int:pk>/rounds/<int:number>/", views_rounds.round_page, name="round"),
    path("<int:pk>/rounds/<int:number>/edit/", views_rounds.round_edit, name="round_edit"),
    path(
        "<int:pk>/rounds/<int:number>/auto-link/",
        views_rounds.round_auto_link,
        name="round_auto_link",
    ),
    path("<int:pk>/rounds/<int:number>/link/", views_rounds.round_link, name="round_link"),
    path("<int:pk>/rounds/<int:number>/board/", views_monthly.board_page, name="board"),
    path(
        "<int:pk>/rounds/<int:number>/board.<str:kind>",
        views_monthly.board_file,
        name="board_file",
    ),
    path("<int:pk>/entrants/", views_entrants.entrants_page, name="entrants"),
    path("<int:pk>/entrants/add/", views_entrants.entrant_add, name="entrant_add"),
    path("<int:pk>/entrants/import/", views_entrants.entrants_import, name="entrants_import"),
    path("<int:pk>/entrants/groups/add/", views_entrants.group_add, name="group_add"),
    path(
        "<int:pk>/entrants/<int:entrant_pk>/tasks/",
        views_monthly.profile_page,
        name="task_profile",
    ),
    path(
        "<int:pk>/entrants/from-contest/",
        views_entrants.entrants_from_contest,
        name="entrants_from_contest",
    ),
    path("<int:pk>/entrants/<int:entrant_pk>/", views_entrants.entrant_edit, name="entrant_edit"),
    path("<int:pk>/awards/", views.awards_page, name="awards"),
    path("<int:pk>/awards/decide/", views.award_decide, name="award_decide"),
    path("<int:pk>/awards/revoke/", views.award_revoke, name="award_revoke"),
    path("<int:pk>/awards/consequence/", views.consequence_add, name="consequence_add"),
    path("<int:pk>/results/", views_results.results_page, name="results"),
    path("<int:pk>/results/sign/", views_results.results_sign, name="results_sign"),
    path("<int:pk>/results/publish/", views_results.results_publish, name="results_publish"),
    path("<int:pk>/results/unpublish/", views_results.results_unpublish, name="results_unpublish"),
    path("<int:pk>/settings/", views.settings_page, name="settings"),
    path("<int:pk>/files/<str:name>", views_results.download, name="download"),
]

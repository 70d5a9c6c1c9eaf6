"""The read-only JSON interface (docs/api.md), under /api/v1/."""

from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("contests/<int:pk>/results", views.contest_results, name="contest_results"),
    path("series/<int:pk>/standings", views.series_standings, name="series_standings"),
    path("series/<int:pk>/ledger", views.series_ledger, name="series_ledger"),
    path("series/<int:pk>/rounds/<int:number>/board", views.round_board, name="round_board"),
    path("series/<int:pk>/boards/<str:month>", views.board_month, name="board_month"),
]

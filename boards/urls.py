"""The 晒比榜 pages and the console's 亮目标 panel (login required)."""

from django.urls import path

from boards import views

app_name = "boards"
urlpatterns = [
    path("o/series/<int:pk>/boards/", views.board_page, name="board"),
    path("o/series/<int:pk>/boards/metric/<int:metric_pk>/", views.metric_page, name="metric"),
    path("o/series/<int:pk>/boards/files/<str:name>", views.board_file, name="file"),
    path(
        "o/series/<int:pk>/boards/pledges/<int:entrant_pk>.pdf",
        views.pledges_file,
        name="pledges_file",
    ),
    path("o/<int:pk>/pledges/", views.pledge_panel, name="pledges"),
]

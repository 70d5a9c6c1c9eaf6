"""The organizer's site (/o/…, login required) under one namespace: the live console, one URL per
action, then scoring's pages and the setup pages (scoring/urls_organizer.py)."""

from django.urls import path

from live import views
from scoring.urls_organizer import urlpatterns as scoring_urlpatterns

app_name = "organizer"
urlpatterns = [
    path("<int:pk>/live/", views.console, name="live_control"),
    path("<int:pk>/live/start/", views.start, name="live_start"),
    path("<int:pk>/live/finish/", views.finish, name="live_finish"),
    path("<int:pk>/live/next/", views.next_on_stage, name="live_next"),
    path("<int:pk>/live/stage/<int:contestant_pk>/", views.stage, name="live_stage"),
    path("<int:pk>/live/open/<int:contestant_pk>/", views.open_scoring, name="live_open"),
    path("<int:pk>/live/close/<int:contestant_pk>/", views.close_scoring, name="live_close"),
    path("<int:pk>/live/timer/", views.timer, name="live_timer"),
    path("<int:pk>/live/screen/", views.screen, name="live_screen"),
    path("<int:pk>/live/follow/", views.follow, name="live_follow"),
    path("<int:pk>/live/totals/", views.totals, name="live_totals"),
    path("<int:pk>/live/scores/", views.scores, name="live_scores"),
    path("<int:pk>/live/reveal/", views.reveal, name="live_reveal"),
    *scoring_urlpatterns,
]

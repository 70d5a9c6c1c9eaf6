"""The live streams outside /s/: the organizer console's (a Django view, for its login check)
and the judges' (served by live/streams.py before Django; named here for reverse())."""

from django.urls import path

from live import views_screens as views

urlpatterns = [
    path("o/<int:pk>/live/events/", views.console_events, name="console_events"),
    path("j/<str:token>/events/", views.served_before_django, name="judge_events"),
]

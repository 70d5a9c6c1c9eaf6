from django.urls import path

from live import views_screens as views
from scoring import views_results

app_name = "screen"
urlpatterns = [
    path("<str:token>/", views.projector, name="projector"),
    path("<str:token>/m/", views.audience, name="audience"),
    path("<str:token>/frame/", views.frame, name="frame"),
    path("<str:token>/events/", views.served_before_django, name="events"),
    path("<str:token>/results/", views_results.public_results, name="results"),
]

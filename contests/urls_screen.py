from django.urls import path

from contests import screens
from scoring import views_results

app_name = "screen"
urlpatterns = [
    path("<str:token>/", screens.projector, name="projector"),
    path("<str:token>/m/", screens.audience, name="audience"),
    path("<str:token>/frame/", screens.frame, name="frame"),
    path("<str:token>/events/", screens.events, name="events"),
    path("<str:token>/results/", views_results.public_results, name="results"),
]

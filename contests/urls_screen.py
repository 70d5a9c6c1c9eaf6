from django.urls import path

from contests import screens

app_name = "screen"
urlpatterns = [
    path("<str:token>/", screens.projector, name="projector"),
    path("<str:token>/m/", screens.audience, name="audience"),
    path("<str:token>/frame/", screens.frame, name="frame"),
    path("<str:token>/events/", screens.events, name="events"),
]

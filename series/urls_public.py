"""Read-only series pages: the public season page and a unit's private 成绩单 link."""

from django.urls import path

from series import views_public

app_name = "series_public"
urlpatterns = [
    path("s/series/<str:token>/", views_public.public_page, name="page"),
    path("u/<str:token>/", views_public.entrant_page, name="entrant"),
]

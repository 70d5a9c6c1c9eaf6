"""A selection's 公示 page (no login: the link is on the notice board)."""

from django.urls import path

from selections import views_public

app_name = "selections_public"
urlpatterns = [path("s/selections/<str:token>/", views_public.notice, name="notice")]

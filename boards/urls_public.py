"""The boards a series' organizer marked public (read-only, no login)."""

from django.urls import path

from boards import views_unit

app_name = "boards_public"
urlpatterns = [path("s/boards/<str:token>/", views_unit.public_boards, name="page")]

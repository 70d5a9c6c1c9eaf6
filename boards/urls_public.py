"""The boards a series' organizer marked public (read-only, no login)."""

from django.urls import path

from boards import views

app_name = "boards_public"
urlpatterns = [path("s/boards/<str:token>/", views.public_boards, name="page")]

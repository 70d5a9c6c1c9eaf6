"""A unit's matters behind its private link (no login: the token is the key)."""

from django.urls import path

from followup import views_unit

app_name = "followup_unit"
matters = "u/<str:token>/matters/"
urlpatterns = [
    path(matters, views_unit.unit_matters, name="matters"),
    path(f"{matters}update/", views_unit.update, name="update"),
    path(f"{matters}done/", views_unit.done, name="done"),
    path(f"{matters}extend/", views_unit.extend, name="extend"),
]

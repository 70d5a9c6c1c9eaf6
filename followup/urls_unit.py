"""A unit's matters behind its private link (no login: the token is the key)."""

from django.urls import path

from followup import views

app_name = "followup_unit"
urlpatterns = [path("u/<str:token>/matters/", views.unit_matters, name="matters")]

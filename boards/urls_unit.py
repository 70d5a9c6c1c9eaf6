"""A unit's own metrics and pledges behind its private link (the token is the key)."""

from django.urls import path

from boards import views

app_name = "boards_unit"
urlpatterns = [path("u/<str:token>/metrics/", views.unit_metrics, name="metrics")]

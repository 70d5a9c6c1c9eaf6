"""A unit's own metrics and pledges behind its private link (the token is the key)."""

from django.urls import path

from boards import views_unit

app_name = "boards_unit"
metrics = "u/<str:token>/metrics/"
urlpatterns = [
    path(metrics, views_unit.unit_metrics, name="metrics"),
    path(f"{metrics}value/", views_unit.metric_value, name="value"),
    path(f"{metrics}pledge/", views_unit.pledge_result, name="pledge"),
]

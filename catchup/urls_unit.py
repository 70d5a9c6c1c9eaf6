"""A unit's 对标赶超 behind its private link (no login: the token is the key)."""

from django.urls import path

from catchup import views_unit

app_name = "catchup_unit"
plans = "u/<str:token>/plans/"
urlpatterns = [
    path(plans, views_unit.unit_plans, name="plans"),
    path(f"{plans}new/", views_unit.plan_create, name="create"),
    path(f"{plans}<int:plan_pk>/", views_unit.plan_page, name="plan"),
    path(f"{plans}<int:plan_pk>/edit/", views_unit.plan_edit, name="edit"),
    path(f"{plans}<int:plan_pk>/submit/", views_unit.plan_submit, name="submit"),
    path(f"{plans}<int:plan_pk>.pdf", views_unit.plan_file, name="file"),
]

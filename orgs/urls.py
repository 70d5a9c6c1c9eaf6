"""Organisations and one's account (login); an invitation link works without one."""

from django.urls import path

from orgs import views

app_name = "orgs"

urlpatterns = [
    path("o/orgs/", views.organisation_list, name="list"),
    path("o/orgs/<int:pk>/", views.rollup, name="rollup"),
    path("o/orgs/<int:pk>/members/", views.members, name="members"),
    path("account/", views.account, name="account"),
    path("join/<str:token>/", views.join, name="join"),
]

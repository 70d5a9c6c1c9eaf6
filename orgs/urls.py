"""Organisations and one's account (login); an invitation link works without one."""

from django.urls import path

from orgs import views, views_members

app_name = "orgs"

urlpatterns = [
    path("o/orgs/", views.organisation_list, name="list"),
    path("o/orgs/<int:pk>/", views.rollup, name="rollup"),
    path("o/orgs/<int:pk>/members/", views_members.members, name="members"),
    path("o/orgs/<int:pk>/members/invite/", views_members.invite, name="members_invite"),
    path("o/orgs/<int:pk>/members/roles/", views_members.roles, name="members_roles"),
    path("o/orgs/<int:pk>/members/reset-link/", views_members.reset_link, name="members_reset"),
    path(
        "o/orgs/<int:pk>/invitations/withdraw/",
        views_members.withdraw_invitation,
        name="invitation_withdraw",
    ),
    path("o/orgs/<int:pk>/settings/", views_members.settings, name="settings"),
    path("o/orgs/<int:pk>/children/add/", views_members.child, name="child_add"),
    path("o/orgs/<int:pk>/read-tokens/add/", views_members.read_token, name="read_token_add"),
    path(
        "o/orgs/<int:pk>/read-tokens/revoke/",
        views_members.revoke_read_token,
        name="read_token_revoke",
    ),
    path("account/", views.account, name="account"),
    path("account/name/", views.account_name, name="account_name"),
    path(
        "account/sign-out-elsewhere/",
        views.account_sign_out_elsewhere,
        name="account_sign_out_elsewhere",
    ),
    path("join/<str:token>/", views.join, name="join"),
]

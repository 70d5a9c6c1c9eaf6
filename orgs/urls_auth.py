"""Django's password views under the names its own views and e-mails reverse (no namespace):
change (logged in), and reset by e-mail or by a link a 管理员 hands over
(orgs.views_members.password_reset_path)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from orgs import views

urlpatterns = [
    path("account/password/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="orgs/message.html"),
        name="password_change_done",
    ),
    path("password-reset/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="orgs/message.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="orgs/form.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="orgs/message.html"),
        name="password_reset_complete",
    ),
]

"""The 对标赶超 tab of a series (login); each form posts to a URL of its own."""

from django.urls import path

from catchup import views, views_console

app_name = "catchup"
tab = "o/series/<int:pk>/catchup/"
plan = f"{tab}plans/<int:plan_pk>/"
urlpatterns = [
    path(tab, views.catchup_page, name="page"),
    path(f"{tab}settings/", views.catchup_settings, name="settings"),
    path(plan, views.plan_page, name="plan"),
    path(f"{plan}review/", views.plan_review, name="review"),
    path(f"{plan}send-back/", views.plan_send_back, name="send_back"),
    path(f"{tab}plans/<int:plan_pk>.pdf", views.plan_file, name="file"),
    path("o/<int:pk>/plans/", views_console.plan_panel, name="console"),
]

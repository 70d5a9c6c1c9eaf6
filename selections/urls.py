"""A selection's pages (login); each form of the selection's page posts to a URL of its own."""

from django.urls import path

from selections import views, views_annual

app_name = "selections"
one = "o/selections/<int:pk>/"
urlpatterns = [
    path("o/selections/", views.selection_list, name="list"),
    path("o/selections/new/", views.selection_create, name="create"),
    path(one, views.selection_page, name="page"),
    path(f"{one}settings/", views.settings, name="settings"),
    path(f"{one}nominees/add/", views.nominee_add, name="nominee_add"),
    path(f"{one}nominees/<int:nominee_pk>/pass/", views.nominee_pass, name="nominee_pass"),
    path(
        f"{one}nominees/<int:nominee_pk>/withdraw/", views.nominee_withdraw, name="nominee_withdraw"
    ),
    path(
        f"{one}passages/<int:passage_pk>/attachment/",
        views.passage_attachment,
        name="attachment",
    ),
    path(f"{one}publicity/", views.publicity_open, name="publicity"),
    path(f"{one}objections/add/", views.objection_add, name="objection_add"),
    path(
        f"{one}objections/<int:objection_pk>/decide/",
        views.objection_decide,
        name="objection_decide",
    ),
    path(f"{one}steps/<int:step_pk>/review/", views.review_link, name="review_link"),
    path(f"{one}steps/<int:step_pk>/take/", views.review_take, name="review_take"),
    path(f"{one}commend/", views.commend, name="commend"),
    path(f"{one}reopen/", views.reopen, name="reopen"),
    path(f"{one}files/<str:name>", views.selection_file, name="file"),
    # 年表彰 under a series' tabs
    path("o/series/<int:pk>/annual/", views_annual.annual_page, name="annual"),
    path("o/series/<int:pk>/annual/confirm/", views_annual.annual_confirm, name="annual_confirm"),
]

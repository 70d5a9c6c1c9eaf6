"""The setup pages' URLs; scoring/urls_organizer.py puts them in the organizer's site, beside
its own (contests/ imports nothing from scoring/)."""

from django.urls import path

from contests import paste, views, views_items

urlpatterns = [
    path("", views.contest_list, name="contest_list"),
    path("new/", views.contest_create, name="contest_create"),
    path("templates/<slug:kind>.<slug:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.contest_basics, name="contest_basics"),
    path("<int:pk>/copy/", views.contest_copy, name="contest_copy"),
    path("<int:pk>/preset/", views.apply_preset, name="apply_preset"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/import/<slug:kind>/", views.import_rows, name="import_rows"),
    path("<int:pk>/paste/<slug:kind>/", paste.paste_rows, name="paste_rows"),
    path("<int:pk>/judges/cards/", views.judge_cards, name="judge_cards"),
    path(
        "<int:pk>/judges/<int:judge_pk>/regenerate/",
        views.judge_regenerate,
        name="judge_regenerate",
    ),
    path("<int:pk>/step/<slug:step>/", views.contest_step, name="contest_step"),
    path("<int:pk>/<slug:slug>/add/", views_items.item_add, name="item_add"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/", views_items.item_row, name="item_row"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/edit/", views_items.item_edit, name="item_edit"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/delete/", views_items.item_delete, name="item_delete"),
    path("<int:pk>/<slug:slug>/<int:item_pk>/move/", views_items.item_move, name="item_move"),
    path(
        "<int:pk>/<slug:slug>/<int:item_pk>/withdraw/",
        views_items.item_withdraw,
        name="item_withdraw",
    ),
    path(
        "<int:pk>/<slug:slug>/<int:item_pk>/restore/",
        views_items.item_restore,
        name="item_restore",
    ),
]

"""The 晒比榜 pages and the console's 亮目标 panel (login required); each form of the board page
posts to a URL of its own."""

from django.urls import path

from boards import views, views_benchmarks

app_name = "boards"
board = "o/series/<int:pk>/boards/"
FORMS = {
    "settings": views.board_settings,
    "publish": views.publish,
    "unpublish": views.unpublish,
    "pledge_edit": views.pledge_edit,
    "pledge_verify": views.pledge_verify,
    "value_review": views.value_review,
    "indicator": views.board_indicator,
    "import_definitions": views.import_definitions,
    "import_values": views.import_values,
    "import_pledges": views.import_pledges,
    "import_benchmarks": views_benchmarks.import_benchmarks,
    "benchmark_add": views_benchmarks.benchmark_add,
    "benchmark_value": views_benchmarks.benchmark_value,
}
urlpatterns = [
    path(board, views.board_page, name="board"),
    *(
        path(f"{board}{name.replace('_', '-')}/", view, name=f"board_{name}")
        for name, view in FORMS.items()
    ),
    path(f"{board}metric/<int:metric_pk>/", views.metric_page, name="metric"),
    path(f"{board}files/<str:name>", views.board_file, name="file"),
    path(f"{board}pledges/<int:entrant_pk>.pdf", views.pledges_file, name="pledges_file"),
    path("o/<int:pk>/pledges/", views.pledge_panel, name="pledges"),
]

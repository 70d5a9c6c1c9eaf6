"""The ledger's organizer pages and the 点评·提问·交办 panel (login required); each form of a
page posts to a URL of its own."""

from django.urls import path

from followup import views, views_ledger

app_name = "followup"
ledger = "o/series/<int:pk>/ledger/"
urlpatterns = [
    path("o/<int:pk>/remarks/", views.remarks, name="remarks"),
    path("o/<int:pk>/remarks/add/", views.remark_add, name="remark_add"),
    path("o/<int:pk>/remarks/move/", views.remark_move, name="remark_move"),
    path(ledger, views_ledger.ledger_page, name="ledger"),
    path(f"{ledger}verify/", views_ledger.verify, name="ledger_verify"),
    path(f"{ledger}send-back/", views_ledger.send_back, name="ledger_send_back"),
    path(f"{ledger}extension/approve/", views_ledger.approve_extension, name="extension_approve"),
    path(f"{ledger}extension/refuse/", views_ledger.refuse_extension, name="extension_refuse"),
    path(f"{ledger}cancel/", views_ledger.cancel, name="ledger_cancel"),
    path(f"{ledger}import/", views_ledger.import_matters, name="ledger_import"),
    path(f"{ledger}settings/", views_ledger.settings, name="ledger_settings"),
    path(f"{ledger}indicator/", views_ledger.on_time_indicator, name="ledger_indicator"),
    path(f"{ledger}report.<slug:fmt>", views_ledger.report_file, name="report"),
]

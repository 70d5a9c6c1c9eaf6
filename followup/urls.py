"""The ledger's organizer pages and the 点评·提问·交办 panel (login required)."""

from django.urls import path

from followup import views

app_name = "followup"
urlpatterns = [
    path("o/<int:pk>/remarks/", views.remarks, name="remarks"),
    path("o/series/<int:pk>/ledger/", views.ledger_page, name="ledger"),
    path("o/series/<int:pk>/ledger/report.<slug:fmt>", views.report_file, name="report"),
]

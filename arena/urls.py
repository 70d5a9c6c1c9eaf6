"""URLs grouped by role: organizer (login), judge (secret token), public screens (read-only)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from arena.auth import LoginView
from arena.health import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="organizer:contest_list"), name="home"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("orgs.urls_auth")),  # password change and reset: Django's names
    path("", include("orgs.urls")),
    path("", include("live.urls_streams")),  # before o/ and j/: their event streams
    path("", include("followup.urls")),  # o/<id>/remarks/, o/series/<id>/ledger/
    path("", include("boards.urls")),  # o/<id>/pledges/, o/series/<id>/boards/
    path("", include("selections.urls")),  # o/selections/…
    path("", include("catchup.urls")),  # o/series/<id>/catchup/
    path("o/series/", include("series.urls")),
    path("o/", include("live.urls")),  # the console, scoring's pages, the setup pages
    path("j/", include("scoring.urls_judge")),
    path("", include("series.urls_public")),  # before s/: /s/series/<token>/
    path("", include("followup.urls_unit")),
    path("", include("boards.urls_unit")),
    path("", include("catchup.urls_unit")),
    path("", include("boards.urls_public")),  # before s/: /s/boards/<token>/
    path("", include("selections.urls_public")),  # before s/: /s/selections/<token>/
    path("s/", include("live.urls_screens")),
    path("api/v1/", include("api.urls")),  # read-only JSON (docs/api.md)
    path("i18n/", include("django.conf.urls.i18n")),
    # One login page, the throttled one: the admin's own would let passwords be guessed freely.
    path(
        "admin/login/",
        RedirectView.as_view(url="/login/?next=/admin/", query_string=False),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

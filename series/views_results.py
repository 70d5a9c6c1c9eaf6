"""A series' sign-off, publication and files (/o/series/<id>/results/, …/files/<name>)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.lib.workdays import window_of
from arena.public import public_url
from orgs.access import may_sign, signing_name
from scoring.models import SignOff
from scoring.results import missing_roles, signoff_complete, signoff_state, spaced
from series import outputs, standings
from series import results as series_results
from series.forms import PublishForm, SignForm
from series.rounds import SeriesError
from series.views import owned_series, series_for, series_page


@login_required
@require_http_methods(["GET", "POST"])
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    action = request.POST.get("action") if request.method == "POST" else None
    need = {None: "read", "sign_off": "sign"}.get(action, "manage")
    series = series_for(request, pk, need)  # so every other action is for those who run it
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    # The signatures this account may give here: 审核人 signs 审核, 监督人 监督.
    sign_roles = [
        (value, label)
        for value, label in SignOff.Role.choices
        if may_sign(request.user, series.organisation, value)
    ]
    name = signing_name(request.user)  # the account's: asked for only if it has none
    sign_form = SignForm(initial={"version": snapshot.version}, prefix="sign", name=name)
    sign_form.fields["role"].choices = sign_roles
    publish_form = PublishForm(
        initial={
            "text": series.publicity_text,
            "days": series.publicity_days,
            "holidays": series.publicity_holidays,
            "contact": series.publicity_contact,
        },
        prefix="publish",
    )
    status = 200
    if request.method == "POST":
        try:
            if action == "sign_off":
                sign_form = SignForm(request.POST, prefix="sign", name=name)
                sign_form.fields["role"].choices = SignOff.Role.choices  # checked on signing
                if sign_form.is_valid():
                    data = sign_form.cleaned_data
                    series_results.sign_off(
                        series,
                        request.user,
                        official=data.get("official", name),
                        role=data["role"],
                        version=data["version"],
                    )
                    messages.success(request, _("已签字。"))
                    return redirect("series:results", series.pk)
            elif action == "publish":
                publish_form = PublishForm(request.POST, prefix="publish")
                if publish_form.is_valid():
                    data = publish_form.cleaned_data
                    series_results.publish(
                        series,
                        request.user,
                        text=data["text"],
                        days=data["days"],
                        holidays=data["holidays"],
                        contact=data["contact"],
                    )
                    messages.success(request, _("已公布。"))
                    return redirect("series:results", series.pk)
            elif action == "unpublish":
                series_results.unpublish(series, request.user)
                messages.success(request, _("已撤回公布。"))
                return redirect("series:results", series.pk)
        except SeriesError as problem:
            messages.error(request, str(problem))
        status = 422
    present = series_results.current_signoffs(series)
    published = series.published_snapshot
    return series_page(
        request,
        series,
        "results",
        "series/results.html",
        {
            "sign_form": sign_form,
            "publish_form": publish_form,
            "signoffs": present,
            "complete": signoff_complete(present),
            "signoff_state": signoff_state(present),
            "missing": missing_roles(present),
            "signing_name": name,
            "signed_by_me": any(s.recorded_by_id == request.user.pk for s in present),
            "fingerprint_spaced": spaced(snapshot.fingerprint),
            "events": series.events.select_related("user").order_by("-at", "-id")[:100],
            "published": published,
            "window": window_of(series),
            "public_url": public_url(
                request, reverse("series_public:page", args=[series.screen_token])
            ),
            "sign_roles": sign_roles,
        },
        status=status,
    )


DOWNLOADS = {
    "matrix.xlsx": "matrix_xlsx",
    "matrix.csv": "matrix_csv",
    "consequences.xlsx": "consequences_xlsx",
    "report.pdf": "report_pdf",
    "bulletin.pdf": "bulletin_pdf",
    "poster.pdf": "poster_pdf",
    "poster.png": "poster_png",
}


@login_required
@require_GET
def download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    if name not in DOWNLOADS:
        raise Http404
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    body, content_type, filename = outputs.build(
        DOWNLOADS[name],
        series,
        snapshot,
        public_url(request, reverse("series_public:page", args=[series.screen_token])),
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

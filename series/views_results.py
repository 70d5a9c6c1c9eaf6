"""A series' sign-off, publication and files (/o/series/<id>/results/, …/files/<name>)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.lib.downloads import attachment
from arena.lib.workdays import window_of
from arena.public import public_url
from orgs.access import may_sign, signing_name
from scoring.models import SignOff
from scoring.results import missing_roles, signoff_complete, signoff_state, spaced
from series import outputs, standings
from series import results as series_results
from series.forms import PublishForm, SignForm
from series.models import Series
from series.rounds import SeriesError
from series.views import form_target, owned_series, series_for, series_page


def _sign_roles(request: HttpRequest, series: Series) -> list[tuple[str, str]]:
    """The signatures this account may give here: 审核人 signs 审核, 监督人 监督."""
    return [
        (value, label)
        for value, label in SignOff.Role.choices
        if may_sign(request.user, series.organisation, value)
    ]


def _results(request: HttpRequest, series: Series, status: int = 200, **forms) -> HttpResponse:
    """The results page; `forms` holds a refused form to show again with its errors."""
    snapshot = standings.latest_snapshot(series) or standings.refresh(series)
    sign_roles = _sign_roles(request, series)
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
    forms = {"sign_form": sign_form, "publish_form": publish_form, **forms}
    present = series_results.current_signoffs(series)
    context = {
        **forms,
        "signoffs": present,
        "complete": signoff_complete(present),
        "signoff_state": signoff_state(present),
        "missing": missing_roles(present),
        "signing_name": name,
        "signed_by_me": any(s.recorded_by_id == request.user.pk for s in present),
        "fingerprint_spaced": spaced(snapshot.fingerprint),
        "events": series.events.select_related("user").order_by("-at", "-id")[:100],
        "published": series.published_snapshot,
        "window": window_of(series),
        "public_url": public_url(
            request, reverse("series_public:page", args=[series.screen_token])
        ),
        "sign_roles": sign_roles,
    }
    return series_page(request, series, "results", "series/results.html", context, status=status)


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _results(request, series_for(request, pk, "read"))


@login_required
@require_http_methods(["GET", "POST"])
def results_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """审核 or 监督 of the current version, by an account that may give it."""
    series = series_for(request, pk, "sign")  # outsiders get 404 whatever the method
    if request.method == "GET":
        return redirect("series:results", series.pk)
    name = signing_name(request.user)
    form = SignForm(request.POST, prefix="sign", name=name)
    form.fields["role"].choices = SignOff.Role.choices  # checked on signing
    if form.is_valid():
        data = form.cleaned_data
        try:
            series_results.sign_off(
                series, request.user, official=data.get("official", name), role=data["role"],
                version=data["version"],
            )  # fmt: skip
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已签字。"))
            return redirect("series:results", series.pk)
    form.fields["role"].choices = _sign_roles(request, series)
    return _results(request, series, 422, sign_form=form)


@form_target("series:results")
def results_publish(request: HttpRequest, series: Series) -> HttpResponse:
    """The signed version published, with its 公示 window."""
    form = PublishForm(request.POST, prefix="publish")
    if form.is_valid():
        data = form.cleaned_data
        try:
            series_results.publish(
                series, request.user, text=data["text"], days=data["days"],
                holidays=data["holidays"], contact=data["contact"],
            )  # fmt: skip
        except SeriesError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(request, _("已公布。"))
            return redirect("series:results", series.pk)
    return _results(request, series, 422, publish_form=form)


@form_target("series:results")
def results_unpublish(request: HttpRequest, series: Series) -> HttpResponse:
    try:
        series_results.unpublish(series, request.user)
    except SeriesError as problem:
        messages.error(request, str(problem))
        return _results(request, series, 422)
    messages.success(request, _("已撤回公布。"))
    return redirect("series:results", series.pk)


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
    return attachment(body, content_type, filename)

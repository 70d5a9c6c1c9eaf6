"""Results pages: the organizer's sign-off, publication, report and exports; the 公示 page."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from arena.lib.downloads import CSV, PDF, XLSX, attachment
from arena.lib.tables import to_csv, to_xlsx
from arena.lib.workdays import window_of
from arena.public import public_url
from arena.text import is_number
from contests import changelog
from contests.collections import STEPS
from contests.kinds import presenter_label, uses_judges
from contests.models import Contest
from contests.permissions import may_manage, organizer_contest, screen_contest, signing_contest
from orgs.access import may_sign, signing_name
from scoring import exports, report, results
from scoring.models import Report, SignOff
from scoring.recompute_queue import ensure_fresh
from scoring.results import group_tables
from scoring.sheet_totals import consistency_tables
from scoring.signature_sheets import signature_sheets_pdf

EXPORT_KINDS = {
    "results": gettext_lazy("排名"),
    "sheets": gettext_lazy("评分表"),
    "audit": gettext_lazy("审计日志"),
}
JUDGES_FILES = {"sheets", "audit"}  # of the judges' sheets


def results_context(contest: Contest) -> dict:
    """What both the organizer's and the public results pages show."""
    snapshot = results.results_snapshot(contest)
    if snapshot is None:
        return {"contest": contest, "snapshot": None, "rows": [], "groups": {}, "signoffs": []}
    awarded = results.decided_awards(contest, snapshot.data)
    rows = results.rows_with_awards(contest, snapshot.data, awarded)
    groups = group_tables(contest, rows)
    digest = results.fingerprint(contest, snapshot.data)
    return {
        "contest": contest,
        "snapshot": snapshot,
        "rows": rows,
        "groups": groups,
        "criteria": snapshot.data["criteria"],
        "awards_configured": awarded.configured,
        "award_rule": awarded.rule,
        "has_indicators": contest.indicator_weight > 0,
        "fingerprint": digest,
        "fingerprint_spaced": results.spaced(digest),
        "signoffs": list(results.active_signoffs(contest))
        if contest.status in results.SIGNED
        else [],
    }


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk, readable=True)
    ensure_fresh(contest.pk)
    state = getattr(contest, "standings_state", None)
    context = results_context(contest)
    signed = {s.role: s for s in context["signoffs"]}
    signed_by_me = any(s.recorded_by_id == request.user.pk for s in signed.values())
    role_progress = [
        {
            "value": value,
            "label": label,
            "signoff": signed.get(value),
            "mine": may_sign(request.user, contest.organisation, value),
        }
        for value, label in SignOff.Role.choices
    ]
    context.update(
        {
            "manage": may_manage(request, contest),
            "role_progress": role_progress,
            "signed_by_me": signed_by_me,
            # A role still open that this account holds (审核人 signs 审核, 监督人 监督).
            "can_sign": context["snapshot"] is not None
            and contest.status in {Contest.Status.CLOSED, Contest.Status.SIGNED_OFF}
            and not signed_by_me
            and any(role["mine"] and not role["signoff"] for role in role_progress),
            "complete": results.signoff_complete(context["signoffs"]),
            "signoff_state": results.signoff_state(context["signoffs"]),
            "missing": results.missing_roles(context["signoffs"]),
            "signing_name": signing_name(request.user),
        }
    )
    context.update(
        {
            "steps": STEPS,
            "step": "results",
            "updating": state is not None and state.requested_seq > state.computed_seq,
            "unranked": [r for r in context["rows"] if r["rank"] is None],
            "revoked": contest.signoffs.filter(revoked_at__isnull=False).select_related("snapshot"),
            "events": contest.results_events.select_related("user").order_by("-at", "-id")[:50],
            "setup_changes": _setup_log(contest),
            "public_results_url": public_url(
                request, reverse("screen:results", args=[contest.screen_token])
            ),
            "report": report.current_report(contest),
            "window": window_of(contest),
            "export_kinds": {
                kind: label
                for kind, label in EXPORT_KINDS.items()
                if kind not in JUDGES_FILES or uses_judges(contest)
            },
        }
    )
    if context["snapshot"] is not None and uses_judges(contest):
        context["consistency"] = consistency_tables(contest, context["snapshot"].data)
    return render(request, "scoring/results.html", context)


def _setup_log(contest: Contest) -> list[tuple]:
    """The latest 50 setup changes with their lines, names read once for all of them."""
    changes = list(contest.setup_changes.select_related("user").order_by("-at", "-id")[:50])
    names = changelog.names_for(contest) if changes else {}
    return [(change, changelog.describe(names, change.changes)) for change in changes]


def results_action(lookup: Callable = organizer_contest) -> Callable:
    """A button of the results page: POST only, logged by what it calls; the message it returns
    (or the refusal) is shown on the results page. `lookup` finds the contest for this account:
    审核人 and 监督人 sign (signing_contest); everything else is for those who run it."""

    def wrap(act: Callable[[HttpRequest, Contest], str]) -> Callable:
        @login_required
        @require_POST
        @wraps(act)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            contest = lookup(request, pk)
            try:
                messages.success(request, act(request, contest))
            except results.ResultsError as error:
                messages.error(request, str(error))
            return redirect("organizer:results", contest.pk)

        return view

    return wrap


@results_action(signing_contest)
def results_sign(request: HttpRequest, contest: Contest) -> str:
    if request.POST.get("checked") != "1":
        raise results.ResultsError(_("请先勾选“已核对本页结果及指纹”。"))
    version = request.POST.get("version", "")
    results.sign_off(
        contest,
        request.user,
        official=request.POST.get("official", ""),
        role=request.POST.get("role", ""),
        version=int(version) if is_number(version) else -1,
    )
    if results.signoff_complete(results.active_signoffs(contest)):
        # The signed report is what officials come for next: build it now, so the page
        # offers it (and never the draft made before) without another click.
        report.request_report(contest)
    return _("已记录签字。")


@results_action()
def results_reopen(request: HttpRequest, contest: Contest) -> str:
    results.reopen(contest, request.user, reason=request.POST.get("reason", ""))
    return _("已撤回审核，可以更正后重新审核。")


@results_action()
def results_publish(request: HttpRequest, contest: Contest) -> str:
    days = request.POST.get("publicity_days", "5")
    results.publish(
        contest,
        request.user,
        text=request.POST.get("publicity_text", ""),
        days=int(days) if is_number(days) else 0,
        holidays=request.POST.get("publicity_holidays", ""),
        contact=request.POST.get("publicity_contact", ""),
    )
    return _("结果已公示。")


@results_action()
def results_unpublish(request: HttpRequest, contest: Contest) -> str:
    results.unpublish(contest, request.user)
    return _("已撤回公示。")


@login_required
@require_POST
def report_request(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    try:
        report.request_report(contest)
    except report.ReportError as error:
        messages.error(request, str(error))
    return redirect(reverse("organizer:results", args=[contest.pk]) + "#report")


@login_required
@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The report box as an htmx partial; it keeps polling while the PDF is being built."""
    contest = organizer_contest(request, pk, readable=True)
    return render(
        request,
        "scoring/partials/report_status.html",
        {"contest": contest, "report": report.current_report(contest)},
    )


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk, readable=True)
    stored = get_object_or_404(contest.reports, pk=report_pk, status=Report.Status.DONE)
    if stored.signed:
        filename = _("{title}-结果报告-签字版.pdf").format(title=contest.title)
    else:
        filename = _("{title}-结果报告-草稿-未签字.pdf").format(title=contest.title)
    response = attachment(bytes(stored.pdf), PDF, filename)
    response["Cache-Control"] = "private, max-age=0"
    return response


@login_required
@require_GET
def results_export(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """results / sheets / audit as CSV (UTF-8 with BOM) or XLSX."""
    contest = organizer_contest(request, pk, readable=True)
    if kind not in EXPORT_KINDS or fmt not in {"csv", "xlsx"}:
        raise Http404
    if kind in JUDGES_FILES and not uses_judges(contest):
        raise Http404  # judges' sheets and their audit: a contest without judges has none
    if kind == "results":
        snapshot = results.results_snapshot(contest)
        if snapshot is None:
            raise Http404
        rows = exports.awarded_results_table(contest, snapshot)
    elif kind == "sheets":
        rows = exports.sheets_table(contest)
    else:
        entries = contest.audit_entries.select_related("judge", "contestant").order_by("at", "id")
        rows = exports.audit_table(entries, list(contest.criteria.all()), presenter_label(contest))
    filename = f"{contest.title}-{EXPORT_KINDS[kind]}.{fmt}"
    if fmt == "csv":
        return attachment(to_csv(rows), CSV, filename)
    return attachment(to_xlsx([(str(EXPORT_KINDS[kind]), rows)]), XLSX, filename)


@login_required
@require_GET
def signature_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    """评委签字表 and 汇总表 to print (PDF), from the sheets as stored now."""
    contest = organizer_contest(request, pk, readable=True)
    if not uses_judges(contest):
        raise Http404
    pdf = signature_sheets_pdf(contest)
    response = attachment(pdf, PDF, _("{title}-评委签字表.pdf").format(title=contest.title))
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
def public_results(request: HttpRequest, token: str) -> HttpResponse:
    """The 公示 page: signed results, once the organizer has published them."""
    contest = screen_contest(token)
    if contest.status != Contest.Status.PUBLISHED:
        raise Http404
    return render(
        request,
        "scoring/public_results.html",
        {**results_context(contest), "window": window_of(contest)},
    )

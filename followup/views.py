"""The 点评·提问·交办 panel (the console's, and the 记录员's page) and its forms; what the
ledger's (views_ledger.py) and a unit's pages (views_unit.py) share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.text import ROW_NOT_FOUND, form_id
from contests.models import Contest
from followup import ledger, tables
from followup.ledger import FollowupError
from followup.models import (
    Remark,
)
from orgs.access import can


def local_today() -> dt.date:
    return timezone.localdate()


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date posted in a form, or None for anything else."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def remark_contest(request: HttpRequest, pk: int) -> Contest:
    """The contest if the user runs it or is a 记录员 of its organisation."""
    contest = get_object_or_404(
        Contest.objects.select_related("live__current_contestant", "organisation"), pk=pk
    )
    if not can(request.user, contest.organisation, "remark"):
        raise Http404
    return contest


def _panel_context(request: HttpRequest, contest: Contest, contestant_id: str | None) -> dict:
    presenters = list(contest.contestants.taking_part().select_related("participation__round"))
    chosen = next((p for p in presenters if str(p.pk) == (contestant_id or "")), None)
    chosen = chosen or contest.live.current_contestant or (presenters[0] if presenters else None)
    rnd = ledger.round_of(contest)
    today = local_today()
    return {
        "contest": contest,
        "presenters": presenters,
        "presenter": chosen,
        "on_stage": contest.live.current_contestant,
        "series_round": rnd,
        "units": rnd.series.entrants.filter(active=True) if rnd else [],
        # 交办 to the presenter's own unit, the usual case: preselected as the lead.
        "presenter_unit": getattr(getattr(chosen, "participation", None), "entrant_id", None),
        "remarks": chosen.remarks.select_related("matter").order_by("-at") if chosen else [],
        "lookback": tables.presenter_lookback(chosen, today) if chosen else "",
        "today": today,
        "kinds": Remark.Kind.choices,
    }


@login_required
@require_GET
def remarks(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel (the console loads it) or the 记录员's page."""
    return _remarks(request, remark_contest(request, pk))


def _remarks(request: HttpRequest, contest: Contest, error: str = "") -> HttpResponse:
    context = _panel_context(
        request, contest, request.POST.get("contestant") or request.GET.get("contestant")
    )
    context.update({"error": error, "posted": request.POST if error else {}})
    status = 422 if error else 200
    if request.htmx:
        return render(request, "followup/partials/remarks_panel.html", context, status=status)
    return render(request, "followup/remarks.html", context, status=status)


def remark_form(act: Callable[[HttpRequest, Contest], None]) -> Callable:
    """A view that a form of the panel posts to: the panel (or page) again, with the refusal's
    reason and what was typed when `act` refuses (422); a GET goes to the panel's page."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(act)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        contest = remark_contest(request, pk)
        if request.method == "GET":
            return redirect("followup:remarks", contest.pk)
        try:
            act(request, contest)
        except FollowupError as problem:
            return _remarks(request, contest, str(problem))
        except Http404:
            return _remarks(request, contest, str(ROW_NOT_FOUND))
        return _remarks(request, contest)

    return view


@remark_form
def remark_add(request: HttpRequest, contest: Contest) -> None:
    """Record a 点评, 提问 or 交办 for the chosen presenter (交办 opens a matter)."""
    context = _panel_context(request, contest, request.POST.get("contestant"))
    if context["presenter"] is None:
        raise FollowupError(_("本场还没有汇报人。"))
    chosen_units = {u.pk: u for u in context["units"]}
    lead = chosen_units.get(form_id(request.POST.get("lead")))
    others = [
        chosen_units[form_id(v)]
        for v in request.POST.getlist("units")
        if form_id(v) in chosen_units
    ]
    ledger.record_remark(
        contest,
        context["presenter"],
        kind=request.POST.get("kind", ""),
        text=request.POST.get("text", ""),
        speaker=request.POST.get("speaker", ""),
        user=request.user,
        today=local_today(),
        units=[u for u in [lead, *others] if u is not None],
        deadline=parse_date(request.POST.get("deadline")),
    )


@remark_form
def remark_move(request: HttpRequest, contest: Contest) -> None:
    """A remark recorded for the wrong presenter goes to the right one (logged)."""
    remark = get_object_or_404(Remark, pk=form_id(request.POST.get("remark")), contest=contest)
    target = contest.contestants.filter(pk=form_id(request.POST.get("to"))).first()
    if target is None:
        raise FollowupError(_("请选择汇报人。"))
    ledger.move_remark(remark, target, user=request.user)

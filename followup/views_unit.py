"""A unit's own matters behind its private link (/u/<token>/matters/, no login: the token is
the key): the page, and one view per form — the monthly update, 办结 with evidence, 延期."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.text import form_id, is_number
from followup import ledger, tables
from followup.ledger import FollowupError
from followup.models import Measure
from followup.views import local_today, parse_date
from series.entrants import by_token
from series.models import Entrant


@require_GET
def unit_matters(request: HttpRequest, token: str) -> HttpResponse:
    """A unit's own matters: the monthly update, done and extension for its measures."""
    return _page(request, by_token(token))


def _page(request: HttpRequest, entrant: Entrant, status: int = 200) -> HttpResponse:
    today = local_today()
    rows = tables.matter_rows(tables.entrant_matters(entrant), today, today)
    for row in rows:
        for item in row["measures"]:
            item["mine"] = any(u.pk == entrant.pk for u in item["measure"].units())
    return render(
        request,
        "followup/unit.html",
        {"entrant": entrant, "rows": rows, "today": today, "month": today.replace(day=1)},
        status=status,
    )


def unit_form(act: Callable[[HttpRequest, Entrant], None]) -> Callable:
    """A view that a form of the unit's page posts to: done → back to the page with 已提交;
    refused → the page with the reason, 422; another unit's matter or measure → 404."""

    @require_POST
    @wraps(act)
    def view(request: HttpRequest, token: str) -> HttpResponse:
        entrant = by_token(token)
        try:
            act(request, entrant)
        except FollowupError as problem:
            messages.error(request, str(problem))
            return _page(request, entrant, status=422)
        messages.success(request, _("已提交。"))
        return redirect("followup_unit:matters", entrant.token)

    return view


@unit_form
def update(request: HttpRequest, entrant: Entrant) -> None:
    post = request.POST
    matter = tables.entrant_matters(entrant).filter(pk=form_id(post.get("matter"))).first()
    if matter is None:
        raise Http404
    percent = post.get("percent", "")
    ledger.submit_update(
        matter,
        period=local_today(),
        progress=post.get("progress", ""),
        problems=post.get("problems", ""),
        percent=int(percent) if is_number(percent) else None,
    )


def _own_measure(request: HttpRequest, entrant: Entrant) -> Measure:
    measure = Measure.objects.filter(
        pk=form_id(request.POST.get("measure")), responsible__entrant=entrant
    ).first()
    if measure is None:
        raise Http404  # another unit's measure: as if it did not exist
    return measure


@unit_form
def done(request: HttpRequest, entrant: Entrant) -> None:
    measure = _own_measure(request, entrant)
    evidence = request.POST.get("evidence", "")
    ledger.mark_done(measure, evidence=evidence, today=local_today(), entrant=entrant)


@unit_form
def extend(request: HttpRequest, entrant: Entrant) -> None:
    measure = _own_measure(request, entrant)
    new_deadline = parse_date(request.POST.get("new_deadline"))
    if new_deadline is None:
        raise FollowupError(_("请填写延期后的时限。"))
    ledger.request_extension(
        measure, new_deadline=new_deadline, reason=request.POST.get("reason", ""),
        today=local_today(), entrant=entrant,
    )  # fmt: skip

"""The console's 对标方案 panel at a 对标交流会 (live/console.html includes it): the presenter's
plan — its gaps, measures and milestones — for the host to speak to; read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catchup import outputs
from contests.permissions import organizer_contest


@login_required
@require_GET
def plan_panel(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    presenters = list(contest.contestants.taking_part().select_related("participation__entrant"))
    wanted = request.GET.get("contestant", "")
    presenter = next((p for p in presenters if str(p.pk) == wanted), None)
    presenter = (
        presenter or contest.live.current_contestant or (presenters[0] if presenters else None)
    )
    link = getattr(presenter, "participation", None) if presenter else None
    plan = outputs.latest_plan(link.entrant) if link else None
    context = {
        "contest": contest,
        "presenter": presenter,
        "presenters": presenters,
        "unit": link.entrant if link else None,
        **(outputs.plan_context(plan) if plan else {}),
    }
    return render(request, "catchup/partials/console_plan.html", context)

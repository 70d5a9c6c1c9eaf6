"""A unit's 对标赶超 behind its private link (/u/<token>/plans/, no login: the token is the key):
its tasks and plans, a new plan, a draft's edit and submission, a plan's PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catchup import flow, outputs
from catchup.forms import PlanForm
from catchup.models import Plan
from catchup.views import pdf_response
from series.entrants import by_token
from series.models import Entrant


def _plan(entrant: Entrant, plan_pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("series", "matter", "entrant"), pk=plan_pk, entrant=entrant
    )


@require_GET
def unit_plans(request: HttpRequest, token: str) -> HttpResponse:
    entrant = by_token(token)
    form = PlanForm(series=entrant.series, initial=PlanForm.initial_for(entrant.series))
    return _list(request, entrant, form)


def _list(request: HttpRequest, entrant: Entrant, form: PlanForm, status: int = 200):
    today = timezone.localdate()
    tasks = [
        {"task": t, "light": flow.task_light(t, today), "text": outputs.task_text(t, today)}
        for t in entrant.catchup_tasks.select_related("round", "plan")
    ]
    context = {"entrant": entrant, "tasks": tasks, "plans": entrant.plans.all(), "form": form}
    return render(request, "catchup/unit.html", context, status=status)


@require_POST
def plan_create(request: HttpRequest, token: str) -> HttpResponse:
    entrant = by_token(token)
    form = PlanForm(request.POST, series=entrant.series)
    if not form.is_valid():
        return _list(request, entrant, form, status=422)
    plan = flow.save_draft(entrant, form.draft())
    messages.success(request, _("已保存草稿。核对无误后提交。"))
    return redirect("catchup_unit:plan", entrant.token, plan.pk)


@require_GET
def plan_page(request: HttpRequest, token: str, plan_pk: int) -> HttpResponse:
    entrant = by_token(token)
    plan = _plan(entrant, plan_pk)
    form = PlanForm(series=entrant.series, initial=PlanForm.initial_for(entrant.series, plan))
    return _plan_page(request, entrant, plan, form)


def _plan_page(request, entrant: Entrant, plan: Plan, form: PlanForm, status: int = 200):
    context = {**outputs.plan_context(plan), "entrant": entrant, "form": form}
    return render(request, "catchup/unit_plan.html", context, status=status)


@require_POST
def plan_edit(request: HttpRequest, token: str, plan_pk: int) -> HttpResponse:
    entrant = by_token(token)
    plan = _plan(entrant, plan_pk)
    form = PlanForm(request.POST, series=entrant.series)
    if not form.is_valid():
        return _plan_page(request, entrant, plan, form, status=422)
    try:
        flow.save_draft(entrant, form.draft(), plan)
    except flow.PlanError as problem:
        messages.error(request, str(problem))
        return _plan_page(request, entrant, plan, form, status=422)
    messages.success(request, _("已保存草稿。"))
    return redirect("catchup_unit:plan", entrant.token, plan.pk)


@require_POST
def plan_submit(request: HttpRequest, token: str, plan_pk: int) -> HttpResponse:
    entrant = by_token(token)
    plan = _plan(entrant, plan_pk)
    try:
        flow.submit(plan, entrant)
    except flow.PlanError as problem:
        messages.error(request, str(problem))
        form = PlanForm(series=entrant.series, initial=PlanForm.initial_for(entrant.series, plan))
        return _plan_page(request, entrant, plan, form, status=422)
    messages.success(request, _("已提交。措施已列入事项台账，按时限跟踪。"))
    return redirect("catchup_unit:plan", entrant.token, plan.pk)


@require_GET
def plan_file(request: HttpRequest, token: str, plan_pk: int) -> HttpResponse:
    entrant = by_token(token)
    return pdf_response(_plan(entrant, plan_pk))

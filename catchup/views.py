"""The 对标赶超 tab of a series (login): the option that gives the last units a task, the tasks
with their lights, the plans; a plan's page with 审核 and 退回, one view per form; its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from arena.lib.downloads import PDF, attachment
from catchup import flow, outputs
from catchup.forms import SettingsForm
from catchup.models import Plan
from series.models import Series
from series.views import form_target, owned_series, series_page


def task_rows(series: Series, today) -> list[dict]:
    tasks = series.catchup_tasks.select_related("entrant", "round", "plan")
    return [{"task": t, "light": flow.task_light(t, today), "text": outputs.task_text(t, today)}
            for t in tasks]  # fmt: skip


@login_required
@require_GET
def catchup_page(request: HttpRequest, pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    return _page(request, series)


def _page(request: HttpRequest, series: Series, form=None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "settings_form": form or SettingsForm(instance=flow.settings_for(series)),
        "tasks": task_rows(series, today),
        "plans": series.plans.select_related("entrant").exclude(status=Plan.Status.DRAFT),
        "drafts": series.plans.filter(status=Plan.Status.DRAFT).count(),
    }
    return series_page(request, series, "catchup", "catchup/page.html", context, status=status)


@form_target("catchup:page")
def catchup_settings(request: HttpRequest, series: Series) -> HttpResponse:
    form = SettingsForm(request.POST, instance=flow.settings_for(series))
    if not form.is_valid():
        return _page(request, series, form, status=422)
    form.save()
    option = form.instance
    flow.log(series.pk, _("修改赶超方案设置"), f"末位 {option.bottom} 个，{option.days} 天",
             user=request.user)  # fmt: skip
    messages.success(request, _("已保存。"))
    return redirect("catchup:page", series.pk)


def _plan(series: Series, plan_pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("entrant", "series", "matter"), pk=plan_pk, series=series
    )


@login_required
@require_GET
def plan_page(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    return _plan_page(request, series, _plan(series, plan_pk))


def _plan_page(request, series: Series, plan: Plan, status: int = 200) -> HttpResponse:
    context = {**outputs.plan_context(plan), "log": plan.log.select_related("user", "entrant")}
    return series_page(request, series, "catchup", "catchup/plan.html", context, status=status)


def _decide(request: HttpRequest, series: Series, plan_pk: int, act) -> HttpResponse:
    plan = _plan(series, plan_pk)
    try:
        done = act(plan)
    except flow.PlanError as problem:
        messages.error(request, str(problem))
        return _plan_page(request, series, plan, status=422)
    messages.success(request, done)
    return redirect("catchup:plan", series.pk, plan.pk)


@form_target("catchup:plan")
def plan_review(request: HttpRequest, series: Series, plan_pk: int) -> HttpResponse:
    def act(plan: Plan) -> str:
        flow.review(plan, request.user)
        return _("已审核。")

    return _decide(request, series, plan_pk, act)


@form_target("catchup:plan")
def plan_send_back(request: HttpRequest, series: Series, plan_pk: int) -> HttpResponse:
    def act(plan: Plan) -> str:
        flow.send_back(plan, request.POST.get("reason", ""), request.user)
        return _("已退回，单位修改后再提交。")

    return _decide(request, series, plan_pk, act)


def pdf_response(plan: Plan) -> HttpResponse:
    return attachment(outputs.plan_pdf(plan), PDF, f"{plan.entrant.name}-{plan.title}.pdf")


@login_required
@require_GET
def plan_file(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    series = owned_series(request, pk, readable=True)
    return pdf_response(_plan(series, plan_pk))

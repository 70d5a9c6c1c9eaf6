"""Organizer setup pages: thin views over contests.setup and contests.imports."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.forms import refused_status
from arena.lib.downloads import CSV, XLSX, attachment
from arena.lib.qr import qr_svg
from arena.lib.reader import ImportResult, Problem
from arena.public import public_url, unreachable_from_phones
from contests import imports, setup
from contests.collections import (
    STEPS,
    collections_for_step,
    has_step,
)
from contests.forms import ContestForm, CopyContestForm, DrawForm, NewContestForm, PeopleImportForm
from contests.kinds import presenter_label
from contests.models import Contest
from contests.permissions import organizer_contest, readable_contests
from orgs.access import may_create, organisations_to_run, organisations_with

T = TypeVar("T")


def step_url(contest: Contest, step: str) -> str:
    if step == "basics":
        return reverse("organizer:contest_basics", args=[contest.pk])
    return reverse("organizer:contest_step", args=[contest.pk, step])


def run_setup_change(
    request: HttpRequest, contest: Contest, summary: str, change: Callable[[Contest], T]
) -> T:
    """Run `change` through setup.change: the contest row locked and re-checked, what it does
    to the results setup logged, the standings recompute asked for, all in one transaction.
    SetupError once signed off."""
    with setup.change(contest, request.user, summary) as locked:
        return change(locked)


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    contests = (
        readable_contests(request)
        .select_related("organisation")
        .annotate(
            contestant_count=Count("contestants", distinct=True),
            judge_count=Count("judges", distinct=True),
        )
    )
    managed = set(organisations_with(request.user, "manage").values_list("pk", flat=True))
    to_record = (
        Contest.objects.filter(organisation__in=organisations_with(request.user, "remark"))
        .exclude(pk__in=contests.values("pk"))
        .exclude(status__in=Contest.SIGNED_STATUSES)
        .select_related("organisation")
        .order_by("-date", "-id")
    )
    return render(
        request,
        "contests/contest_list.html",
        {
            "contests": contests,
            # The contests a 记录员 records remarks on (the list links followup's page for it).
            "to_record": to_record,
            "managed": managed,
            "may_create": may_create(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: HttpRequest) -> HttpResponse:
    if not organisations_to_run(request.user).exists():
        raise PermissionDenied  # a 查看者 or 记录员 only: nowhere to create it
    form = NewContestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        contest = form.save(commit=False)
        contest.owner = request.user
        contest.save()
        messages.success(request, _("已创建，请继续设置。"))
        return redirect("organizer:contest_step", contest.pk, next_step(contest))
    return render(
        request,
        "contests/contest_basics.html",
        {"form": form, "steps": STEPS},
        status=refused_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_basics(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    form = ContestForm(request.POST or None, instance=contest)
    if request.method == "POST" and form.is_valid():
        # The form's own fields only: status and the live state belong to other actions.
        fields = [*ContestForm.Meta.fields, "updated_at"]
        try:
            run_setup_change(
                request,
                contest,
                _("修改基本信息与规则"),
                lambda _: form.instance.save(update_fields=fields),
            )
        except setup.SetupError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已保存。"))
            return redirect("organizer:contest_step", contest.pk, next_step(contest))
    return render(
        request,
        "contests/contest_basics.html",
        {"form": form, "contest": contest, "steps": STEPS, "step": "basics"},
        status=refused_status(form),
    )


@login_required
@require_GET
def contest_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    contest = organizer_contest(request, pk)
    if not collections_for_step(step, contest):
        raise Http404  # no such step, or one this contest does not have (评委 without judges)
    return render(request, "contests/contest_step.html", step_context(contest, step))


def next_step(contest: Contest) -> str:
    """The setup step after the basics: 评分项, or for a contest without judges (a 晒比会,
    which has no 评分项 step) its groups."""
    return "criteria" if has_step(contest, "criteria") else "groups"


def step_context(contest: Contest, step: str, **extra) -> dict:
    """What a setup step's page shows (also re-shown with a refused paste, contests.paste)."""
    sections = [
        {"collection": c, "items": c.items(contest), "form": c.form(contest=contest)}
        for c in collections_for_step(step, contest)
    ]
    return {
        "contest": contest,
        "steps": STEPS,
        "step": step,
        "sections": sections,
        "presets": [(key, label) for key, (label, _) in setup.PRESETS.items()],
        "draw_form": DrawForm(),
        "indicator_problem": setup.contest_indicator_problem(contest)
        if step == "indicators"
        else "",
        **extra,
    }


@login_required
@require_POST
def apply_preset(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    try:
        preset = request.POST.get("preset", "")
        names = request.POST.getlist("name")
        run_setup_change(
            request,
            contest,
            _("套用评分模板"),
            lambda locked: setup.apply_preset(locked, preset, names),
        )
        messages.success(request, _("已套用评分模板。"))
    except setup.SetupError as error:
        messages.error(request, str(error))
    return redirect("organizer:contest_step", contest.pk, "criteria")


@login_required
@require_POST
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            # Through run_setup_change: a board already shown (a standings version in the
            # pre-draw order) is recomputed in the new order, not at the first score.
            seed = run_setup_change(
                request,
                contest,
                _("抽签"),
                lambda locked: setup.draw_order(locked, form.cleaned_data["seed"]),
            )
            messages.success(
                request,
                _("抽签完成，种子为 {seed}。用同一种子可重现本次出场顺序。").format(seed=seed),
            )
        except setup.SetupError as error:
            messages.error(request, str(error))
    return redirect("organizer:contest_step", contest.pk, "contestants")


@login_required
@require_http_methods(["GET", "POST"])
def import_rows(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    contest = organizer_contest(request, pk)
    if kind not in imports.SPECS:
        raise Http404
    spec = imports.SPECS[kind]
    what = presenter_label(contest) if kind == "contestants" else str(spec.label)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read()
            result = run_setup_change(
                request,
                contest,
                _("导入{label}：{name}").format(label=what, name=upload.name),
                lambda locked: imports.import_file(
                    locked, kind, upload.name, data, form.cleaned_data["allow_new_groups"]
                ),
            )
        except setup.SetupError as error:
            result = ImportResult(problems=[Problem(0, "", str(error))])
        if result.ok:
            note = (
                _("，新建分组：{created}").format(created="、".join(result.groups_created))
                if result.groups_created
                else ""
            )
            messages.success(
                request,
                _("已导入 {created} 名{label}{note}。").format(
                    created=result.created, label=what, note=note
                ),
            )
            return redirect("organizer:contest_step", contest.pk, kind)
        status = 422
    elif request.method == "POST":
        status = 422  # no file, or one refused unread (too large)
    return render(
        request,
        "contests/import.html",
        {
            "contest": contest,
            "spec": spec,
            "what": what,
            "form": form,
            "result": result,
            "steps": STEPS,
            "step": kind,
        },
        status=status,
    )


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in imports.SPECS or fmt not in {"csv", "xlsx"}:
        raise Http404
    filename = f"{kind}-template.{fmt}"
    if fmt == "csv":
        return attachment(imports.template_csv(kind), CSV, filename)
    return attachment(imports.template_xlsx(kind), XLSX, filename)


@login_required
@require_GET
def judge_cards(request: HttpRequest, pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    judges = contest.judges.select_related("group")
    cards = []
    for judge in judges:
        url = public_url(request, judge.get_scoring_url())
        cards.append({"judge": judge, "url": url, "qr": qr_svg(url)})
    base = public_url(request, "/")
    return render(
        request,
        "contests/judge_cards.html",
        {
            "contest": contest,
            "cards": cards,
            "base": base,
            "configured": bool(settings.ARENA_PUBLIC_URL),
            "unreachable": unreachable_from_phones(base),
        },
    )


@login_required
@require_POST
def judge_regenerate(request: HttpRequest, pk: int, judge_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    judge = get_object_or_404(contest.judges, pk=judge_pk)
    judge.regenerate_token()
    messages.success(
        request,
        _("已为评委 {name} 生成新链接，旧链接已失效。请重新打印评委卡。").format(name=judge.name),
    )
    return redirect("organizer:contest_step", contest.pk, "judges")


@login_required
@require_http_methods(["GET", "POST"])
def contest_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = organizer_contest(request, pk)
    form = CopyContestForm(
        request.POST or None,
        source=source,
        initial={"title": _("{title}（副本）").format(title=source.title), "date": source.date},
    )
    if request.method == "POST" and form.is_valid():
        copy = setup.copy_contest(source, request.user, **form.cleaned_data)
        messages.success(request, _("已以“{title}”为模板创建新擂台赛。").format(title=source.title))
        return redirect("organizer:contest_basics", copy.pk)
    return render(request, "contests/copy.html", {"contest": source, "form": form})

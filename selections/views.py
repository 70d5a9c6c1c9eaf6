"""A selection's pages (login): the list and a new one; the selection's page and one view per
form on it; its files. Organisation roles as elsewhere: 组织者 run it, 审核人 pass the 审核 step,
查看者 read. The public 公示 page is views_public.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.forms import error_lines
from arena.lib.downloads import PDF, XLSX, attachment
from arena.lib.private_files import download
from arena.public import public_url
from arena.text import ROW_NOT_FOUND, form_id
from contests.models import Contest
from orgs.access import can, organisations_to_run, organisations_with
from selections import flow, outputs, setup
from selections.forms import (
    CreateSelectionForm,
    DecideForm,
    NomineeForm,
    ObjectionForm,
    PassForm,
    PublicityForm,
    ReasonForm,
    SettingsForm,
)
from selections.models import Nominee, Objection, Passage, Selection, Step


def selection_for(request: HttpRequest, pk: int, capability: str) -> Selection:
    """The selection if the user has `capability` in its organisation; 404 for anyone else."""
    selection = get_object_or_404(Selection.objects.select_related("organisation"), pk=pk)
    if not can(request.user, selection.organisation, capability):
        raise Http404
    return selection


@login_required
@require_GET
def selection_list(request: HttpRequest) -> HttpResponse:
    return _list(request, CreateSelectionForm(user=request.user, initial=_this_year()))


def _this_year() -> dict:
    return {"year": timezone.localdate().year}


def _list(request: HttpRequest, form: CreateSelectionForm, status: int = 200) -> HttpResponse:
    readable = Selection.objects.filter(organisation__in=organisations_with(request.user, "read"))
    run = organisations_to_run(request.user).exists()
    context = {"selections": readable.select_related("organisation"), "form": form if run else None}
    return render(request, "selections/list.html", context, status=status)


@login_required
@require_POST
def selection_create(request: HttpRequest) -> HttpResponse:
    if not organisations_to_run(request.user).exists():
        raise PermissionDenied  # a 查看者 or 记录员 only: nowhere to create it
    form = CreateSelectionForm(request.POST, user=request.user)
    if not form.is_valid():
        return _list(request, form, status=422)
    data = form.cleaned_data
    selection = flow.create(data["organisation"], data["title"], data["year"], request.user,
                            units=data["units"], categories=data["categories"])  # fmt: skip
    messages.success(request, _("已新建评选。下一步：推荐人选。"))
    return redirect("selections:page", selection.pk)


@login_required
@require_GET
def selection_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selection_for(request, pk, "read"))


def _page(request: HttpRequest, selection: Selection, status: int = 200, **forms) -> HttpResponse:
    steps = list(selection.steps.all())
    nominees = list(
        selection.nominees.select_related("unit", "category").prefetch_related(
            Prefetch("passages", Passage.objects.select_related("step", "by"))
        )
    )
    rows = []
    for nominee in nominees:
        passages = list(nominee.passages.all())
        passed = {p.step_id for p in passages}
        upcoming = next((s for s in steps if s.pk not in passed), None)
        rows.append({"nominee": nominee, "passages": passages, "next": upcoming})
    context = {
        "selection": selection,
        "steps": steps,
        "rows": rows,
        "manage": can(request.user, selection.organisation, "manage"),
        "approve": can(request.user, selection.organisation, "approve"),
        "window": outputs.notice_window(selection),
        "objections": Objection.objects.filter(nominee__selection=selection).select_related(
            "nominee", "handled_by"
        ),
        "quota_problems": flow.quota_problems(selection),
        "reviews": Contest.objects.filter(
            organisation=selection.organisation, kind=Contest.Kind.EXPERT_REVIEW
        ),
        "log": selection.log.select_related("user").order_by("-at", "-id")[:100],
        "public_url": public_url(
            request, reverse("selections_public:notice", args=[selection.public_token])
        ),
        "nominee_form": forms.get("nominee_form") or NomineeForm(selection=selection),
        "settings_form": forms.get("settings_form")
        or SettingsForm(initial=SettingsForm.initial_for(selection)),
        "publicity_form": forms.get("publicity_form")
        or PublicityForm(initial={"start": timezone.localdate(), "days": 5}),
        "objection_form": forms.get("objection_form")
        or ObjectionForm(selection=selection, initial={"received_on": timezone.localdate()}),
    }
    return render(request, "selections/selection.html", context, status=status)


def selection_form(capability: str = "manage") -> Callable:
    """A view that a form of the selection's page posts to: outsiders get 404 whatever the
    method, the address typed in goes to the page; a refusal shows the page with its reason
    (422), as does a nominee or an objection that is not this selection's; done, back to the
    page with what was done."""

    def wrap(act: Callable[..., str | HttpResponse]) -> Callable:
        @login_required
        @require_http_methods(["GET", "POST"])
        @wraps(act)
        def view(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
            selection = selection_for(request, pk, capability)
            if request.method == "GET":
                return redirect("selections:page", selection.pk)
            try:
                done = act(request, selection, **kwargs)
            except (flow.SelectionError, Http404) as problem:
                refused = problem if isinstance(problem, flow.SelectionError) else ROW_NOT_FOUND
                messages.error(request, str(refused))
                return _page(request, selection, status=422)
            if isinstance(done, HttpResponse):
                return done
            messages.success(request, done)
            return redirect("selections:page", selection.pk)

        return view

    return wrap


def _refused(form) -> flow.SelectionError:
    """A form's errors as one refusal, each with its field's label."""
    return flow.SelectionError("；".join(error_lines(form)))


def _shown_again(request: HttpRequest, selection: Selection, **refused) -> HttpResponse:
    """The page again (422) with the one refused form (`nominee_form=form`) and its errors."""
    (form,) = refused.values()
    messages.error(request, str(_refused(form)))
    return _page(request, selection, status=422, **refused)


@selection_form()
def settings(request: HttpRequest, selection: Selection) -> str | HttpResponse:
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _shown_again(request, selection, settings_form=form)
    data = form.cleaned_data
    setup.update(selection, request.user, title=data["title"], year=data["year"],
                 real_name=data["real_name"], categories=data["categories"],
                 units=data["units"], steps=data["steps"])  # fmt: skip
    return _("已保存设置。")


@selection_form()
def nominee_add(request: HttpRequest, selection: Selection) -> str | HttpResponse:
    form = NomineeForm(request.POST, request.FILES, selection=selection)
    if not form.is_valid():
        return _shown_again(request, selection, nominee_form=form)
    flow.nominate(selection, user=request.user, **form.cleaned_data)
    return _("已推荐：{name}").format(name=form.cleaned_data["name"])


def _nominee(selection: Selection, nominee_pk: int) -> Nominee:
    return get_object_or_404(Nominee, pk=nominee_pk, selection=selection)


@selection_form("read")
def nominee_pass(request: HttpRequest, selection: Selection, nominee_pk: int) -> str:
    """The nominee through its next step: a 组织者 for most steps, a 审核人 for 审核."""
    organisation = selection.organisation
    if not (
        can(request.user, organisation, "manage") or can(request.user, organisation, "approve")
    ):
        raise PermissionDenied  # a 查看者 reads the page, passes nothing
    nominee = _nominee(selection, nominee_pk)
    step = get_object_or_404(Step, pk=form_id(request.POST.get("step")), selection=selection)
    if not can(
        request.user, organisation, "approve" if step.kind == Step.Kind.REVIEW else "manage"
    ):
        raise PermissionDenied
    form = PassForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _refused(form)
    data = form.cleaned_data
    flow.pass_step(nominee, step, request.user, on=data["on"], number=data["number"],
                   votes=form.votes(), note=data["note"],
                   attachment=data["attachment"])  # fmt: skip
    return _("{name} 通过“{step}”。").format(name=nominee.name, step=step.name)


@login_required
@require_GET
def passage_attachment(request: HttpRequest, pk: int, passage_pk: int) -> HttpResponse:
    """A step's paper, for those who read the selection, under the name it was uploaded with."""
    selection = selection_for(request, pk, "read")
    passage = get_object_or_404(Passage, pk=passage_pk, nominee__selection=selection)
    if not passage.attachment:
        raise Http404
    return download(passage.attachment, passage.attachment_name or passage.attachment.name)


@selection_form()
def nominee_withdraw(request: HttpRequest, selection: Selection, nominee_pk: int) -> str:
    nominee = _nominee(selection, nominee_pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise flow.SelectionError(_("请写明退出原因（300 字以内）。"))
    flow.withdraw(nominee, form.cleaned_data["reason"], request.user)
    return _("{name} 已退出。").format(name=nominee.name)


@selection_form()
def publicity_open(request: HttpRequest, selection: Selection) -> str | HttpResponse:
    form = PublicityForm(request.POST)
    if not form.is_valid():
        return _shown_again(request, selection, publicity_form=form)
    data = form.cleaned_data
    first, last = flow.open_publicity(
        selection, data["start"], request.user,
        days=data["days"], holidays=data["holidays"], contact=data["contact"],
    )  # fmt: skip
    return _("已开始公示：{first} 至 {last}。").format(first=first, last=last)


@selection_form()
def objection_add(request: HttpRequest, selection: Selection) -> str | HttpResponse:
    form = ObjectionForm(request.POST, selection=selection)
    if not form.is_valid():
        return _shown_again(request, selection, objection_form=form)
    objection = flow.record_objection(user=request.user, **form.cleaned_data)
    late = _("（逾期）") if objection.late else ""
    return _("已登记异议{late}。").format(late=late)


@selection_form()
def objection_decide(request: HttpRequest, selection: Selection, objection_pk: int) -> str:
    objection = get_object_or_404(Objection, pk=objection_pk, nominee__selection=selection)
    form = DecideForm(request.POST)
    if not form.is_valid():
        raise flow.SelectionError(_("请选择成立或不成立，并写明处理意见（500 字以内）。"))
    flow.decide_objection(objection, form.cleaned_data["upheld"], form.cleaned_data["reason"],
                          request.user)  # fmt: skip
    return _("已处理异议。")


def _expert_step(selection: Selection, step_pk: int) -> Step:
    return get_object_or_404(Step, pk=step_pk, selection=selection, kind=Step.Kind.EXPERT)


@selection_form()
def review_link(request: HttpRequest, selection: Selection, step_pk: int) -> str:
    """The 专家评审 step's offline review: one of the organisation's 专家评审 contests."""
    step = _expert_step(selection, step_pk)
    contest = get_object_or_404(
        Contest, pk=form_id(request.POST.get("contest")), organisation=selection.organisation
    )
    flow.link_review(step, contest, request.user)
    return _("已关联专家评审：{title}").format(title=contest.title)


@selection_form()
def review_take(request: HttpRequest, selection: Selection, step_pk: int) -> str:
    count = flow.take_review(_expert_step(selection, step_pk), request.user)
    return _("已计入专家评审结果：{n} 项。").format(n=count)


@selection_form()
def commend(request: HttpRequest, selection: Selection) -> str:
    count = flow.commend(selection, request.user)
    return _("已统一表彰 {n} 人。").format(n=count)


@selection_form()
def reopen(request: HttpRequest, selection: Selection) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise flow.SelectionError(_("请写明更正原因（300 字以内）。"))
    flow.reopen(selection, form.cleaned_data["reason"], request.user)
    return _("已重新打开，可更正后再表彰。")


FILES: dict[str, tuple[Callable[[Selection], bytes], str, str]] = {
    "notice.pdf": (outputs.notice_pdf, PDF, "公示"),
    "list.pdf": (outputs.list_pdf, PDF, "表彰名单"),
    "list.xlsx": (outputs.list_xlsx, XLSX, "表彰名单"),
    "certificates.pdf": (outputs.certificates_pdf, PDF, "奖状"),
    "broadcast.txt": (outputs.broadcast_file, "text/plain; charset=utf-8", "广播稿"),
    "share.png": (outputs.share_png, "image/png", "分享图"),
    "objections.xlsx": (outputs.register_xlsx, XLSX, "异议登记簿"),
    "objections.pdf": (outputs.register_pdf, PDF, "异议登记簿"),
}
SINCE_PUBLICITY = {
    "notice.pdf",
    "share.png",
    "objections.xlsx",
    "objections.pdf",
}  # from the 公示 on; the rest once commended


@login_required
@require_GET
def selection_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The 公示 notice, the share picture and the 异议登记簿 (once the 公示 opened); the 表彰
    list, the 奖状 and the broadcast text (once commended)."""
    selection = selection_for(request, pk, "read")
    if name not in FILES:
        raise Http404
    if name in SINCE_PUBLICITY and selection.status == Selection.Status.DRAFT:
        raise Http404
    if name not in SINCE_PUBLICITY and selection.status != Selection.Status.COMMENDED:
        raise Http404
    make, kind, label = FILES[name]
    return attachment(make(selection), kind, f"{selection.title}-{label}.{name.rsplit('.', 1)[1]}")

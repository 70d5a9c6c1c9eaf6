"""The setup lists edited in place (criteria, groups, presenters, judges, indicators): add,
edit, show a row, delete, withdraw (退出) and restore, move; each answers the list partial that
htmx swaps in, or the step page without JavaScript."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contests import setup
from contests.collections import COLLECTIONS, Collection
from contests.models import Contest
from contests.permissions import organizer_contest
from contests.views import run_setup_change, step_url


def _collection(slug: str) -> Collection:
    try:
        return COLLECTIONS[slug]
    except KeyError:
        raise Http404 from None


def _criteria_locked(contest: Contest, collection: Collection) -> bool:
    """Once a sheet exists, every sheet must keep scoring exactly the same criteria."""
    return (
        collection.slug == "criteria" and contest.contestants.filter(sheets__isnull=False).exists()
    )


def _render_collection(
    request: HttpRequest, contest: Contest, collection: Collection, form=None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "contests/partials/collection.html",
        {
            "contest": contest,
            "collection": collection,
            "items": collection.items(contest),
            "form": form or collection.form(contest=contest),
        },
        status=status,
    )


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    contest = organizer_contest(request, pk)
    collection = _collection(slug)
    form = collection.form(request.POST, request.FILES, contest=contest)
    if _criteria_locked(contest, collection):
        form.add_error(None, _("已有评分，不能再增加评分项（可修改名称、说明和权重）。"))
    elif form.is_valid():
        item = form.save(commit=False)

        def add(locked: Contest) -> None:
            item.order = setup.next_order(collection.items(locked))
            item.save()
            form.save_m2m()  # a 个性 指标评分 item's presenters

        try:
            run_setup_change(request, contest, _("新增{label}").format(label=collection.label), add)
        except setup.SetupError as error:
            form.add_error(None, str(error))
        except IntegrityError:
            form.add_error(None, _("保存失败：与已有记录冲突，请刷新后重试。"))
        else:
            if not request.htmx:
                return redirect(step_url(contest, collection.step))
            return _render_collection(request, contest, collection)
    if not request.htmx:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(step_url(contest, collection.step))
    return _render_collection(request, contest, collection, form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    collection = _collection(slug)
    item = get_object_or_404(collection.items(contest), pk=item_pk)
    form = collection.form(
        request.POST or None, request.FILES or None, instance=item, contest=contest
    )
    if request.method == "POST" and form.is_valid():
        try:
            summary = _("修改{label}：{item}").format(label=collection.label, item=item)
            item = run_setup_change(request, contest, summary, lambda _: form.save())
        except setup.SetupError as error:
            form.add_error(None, str(error))
        else:
            item.refresh_from_db()  # show values as stored (e.g. 30 → 30.00)
            if not request.htmx:
                return redirect(step_url(contest, collection.step))
            return render(
                request,
                "contests/partials/row.html",
                {"contest": contest, "collection": collection, "item": item},
            )
    return render(
        request,
        "contests/partials/row_edit.html",
        {"contest": contest, "collection": collection, "item": item, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
@require_GET
def item_row(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    collection = _collection(slug)
    item = get_object_or_404(collection.items(contest), pk=item_pk)
    return render(
        request,
        "contests/partials/row.html",
        {"contest": contest, "collection": collection, "item": item},
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    collection = _collection(slug)
    item = get_object_or_404(collection.items(contest), pk=item_pk)
    error = ""
    try:
        summary = _("删除{label}：{item}").format(label=collection.label, item=item)
        run_setup_change(request, contest, summary, lambda _: item.delete())
    except setup.SetupError as err:
        error = str(err)
    except (ProtectedError, RestrictedError):
        error = (
            _("已有评分、点评或反馈等记录引用它，不能删除；可以“退出”，记录保留。")
            if collection.slug in setup.WITHDRAWABLE
            else _("已有评分记录引用它，不能删除。")
        )
    if error:
        messages.error(request, error)
    if not request.htmx:
        return redirect(step_url(contest, collection.step))
    return _render_collection(request, contest, collection)


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    """退出 a judge or presenter, with a reason: kept, logged, no longer counted."""
    return _set_withdrawn(request, pk, slug, item_pk, request.POST.get("reason", ""))


@login_required
@require_POST
def item_restore(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    """恢复 a withdrawn judge or presenter: counted again, logged."""
    return _set_withdrawn(request, pk, slug, item_pk, None)


def _set_withdrawn(
    request: HttpRequest, pk: int, slug: str, item_pk: int, reason: str | None
) -> HttpResponse:
    contest = organizer_contest(request, pk)
    if slug not in setup.WITHDRAWABLE:
        raise Http404
    collection = _collection(slug)
    item = get_object_or_404(collection.items(contest), pk=item_pk)
    try:
        label = _("恢复") if reason is None else _("退出")
        summary = f"{label}{collection.label}：{item}"
        run_setup_change(request, contest, summary, lambda _: setup.set_withdrawn(item, reason))
    except setup.SetupError as error:
        messages.error(request, str(error))
        if request.htmx:  # the whole page again, with the message
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    if not request.htmx:
        return redirect(step_url(contest, collection.step))
    return _render_collection(request, contest, collection)


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, slug: str, item_pk: int) -> HttpResponse:
    contest = organizer_contest(request, pk)
    collection = _collection(slug)
    item = get_object_or_404(collection.items(contest), pk=item_pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    with contextlib.suppress(setup.SetupError):  # signed off: the list shows as it is
        summary = _("调整{label}顺序：{item}").format(label=collection.label, item=item)
        run_setup_change(request, contest, summary, lambda _: setup.move(item, direction))
    if not request.htmx:
        return redirect(step_url(contest, collection.step))
    return _render_collection(request, contest, collection)

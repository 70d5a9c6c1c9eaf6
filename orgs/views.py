"""Organisations: the list, the roll-up of their events, joining by invitation, one's account
(the members page is orgs/views_members.py).

The roll-up lists what the apps above register in ROLLUP_SECTIONS (orgs sits below them and
never imports them)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.ratelimit import count
from orgs import invitations
from orgs.access import (
    can,
    checked_name,
    descendant_ids,
    organisations_with,
    roles_by_organisation,
    set_signing_name,
    signing_name,
)
from orgs.forms import (
    JoinForm,
)
from orgs.models import Organisation, Role
from orgs.sessions import live_sessions, sign_out_elsewhere

RESETS_PER_ADDRESS = 5  # e-mailed reset links per address and hour
RESET_WINDOW_SECONDS = 3600

# (request, organisation ids) → a section of the roll-up page: {"title", "template", ...}.
ROLLUP_SECTIONS: list[Callable[[HttpRequest, set[int]], dict]] = []


def organisation_for(request: HttpRequest, pk: int, capability: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=pk)
    if not can(request.user, organisation, capability):
        raise Http404
    return organisation


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    readable = organisations_with(request.user, "read").select_related("parent")
    return render(
        request,
        "orgs/organisation_list.html",
        {
            "mine": memberships_of(request.user),
            "below": readable.exclude(pk__in=roles_by_organisation(request.user)),
        },
    )


def memberships_of(user) -> list[tuple[Organisation, list[str]]]:
    """The user's organisations, each with the names of the roles held there."""
    held = roles_by_organisation(user)
    return [
        (organisation, [Role(r).label for r in Role.values if r in held[organisation.pk]])
        for organisation in Organisation.objects.filter(pk__in=held).select_related("parent")
    ]


@login_required
@require_GET
def rollup(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's and its descendants' events, series and boards, newest first."""
    organisation = organisation_for(request, pk, "read")
    below = descendant_ids({organisation.pk})
    level = request.GET.get("level", "")
    if level in Organisation.Level.values:
        below = set(
            Organisation.objects.filter(pk__in=below, level=level).values_list("pk", flat=True)
        )
    return render(
        request,
        "orgs/rollup.html",
        {
            "organisation": organisation,
            "children": organisation.children.all(),
            "sections": [section(request, below) for section in ROLLUP_SECTIONS],
            "levels": Organisation.Level.choices,
            "level": level,
            "status": request.GET.get("status", ""),
            "may_manage_members": can(request.user, organisation, "members"),
        },
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: join with the account one is signed in with, or make a new one."""
    try:
        invitation = invitations.open_invitation(token)
    except invitations.InvitationError as problem:
        return render(request, "orgs/join.html", {"problem": str(problem)}, status=410)
    form = JoinForm(request.POST or None) if not request.user.is_authenticated else None
    if request.method == "POST":
        if form is not None and not form.is_valid():
            return render(
                request, "orgs/join.html", {"invitation": invitation, "form": form}, status=422
            )
        try:
            user = invitations.accept(token, request.user if form is None else form.save)[1]
        except invitations.InvitationError as problem:
            return render(request, "orgs/join.html", {"problem": str(problem)}, status=410)
        if form is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("已加入“{org}”。").format(org=invitation.organisation.name),
        )
        if can(user, invitation.organisation, "read"):
            return redirect("orgs:rollup", invitation.organisation.pk)
        return redirect("organizer:contest_list")  # a 记录员: the panel is reached from there
    return render(request, "orgs/join.html", {"invitation": invitation, "form": form})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """One's own account: organisations and roles, signed-in browsers, sign out elsewhere."""
    return render(
        request,
        "orgs/account.html",
        {
            "memberships": memberships_of(request.user),
            "signing_name": signing_name(request.user),
            "sessions": live_sessions(request.user),
            "current": request.session.session_key,
        },
    )


@login_required
@require_POST
def account_name(request: HttpRequest) -> HttpResponse:
    """The name one signs results with (signatures given before keep their names)."""
    name = checked_name(request.POST.get("name", ""))
    if not name:
        messages.error(request, _("请填写姓名（50 字以内）。"))
    else:
        set_signing_name(request.user, name)
        messages.success(request, _("已保存姓名：{name}").format(name=name))
    return redirect("orgs:account")


@login_required
@require_POST
def account_sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = sign_out_elsewhere(request.user, keep=request.session.session_key)
    messages.success(request, _("已退出其他 {n} 处登录。").format(n=ended))
    return redirect("orgs:account")


class PasswordChange(auth_views.PasswordChangeView):
    """Changing the password ends the account's other sessions (Django keeps this one)."""

    template_name = "orgs/form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        sign_out_elsewhere(self.request.user, keep=self.request.session.session_key)
        return response


class PasswordReset(auth_views.PasswordResetView):
    """Reset by e-mail, throttled per address: the form sends mail to whoever is named."""

    template_name = "orgs/form.html"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        address = request.META.get("REMOTE_ADDR", "")
        if count("password-reset", address, RESET_WINDOW_SECONDS) > RESETS_PER_ADDRESS:
            return HttpResponse(_("请求过于频繁，请稍后再试。"), status=429)
        return super().post(request, *args, **kwargs)

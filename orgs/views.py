"""Organisations: the roll-up of their events, members and invitations, and one's account.

The roll-up lists what the apps above register in ROLLUP_SECTIONS (orgs sits below them and
never imports them)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.public import public_url
from arena.ratelimit import count
from arena.text import form_id
from orgs import invitations, read_tokens
from orgs.access import (
    AccessError,
    add_child,
    can,
    checked_name,
    descendant_ids,
    log,
    may_reset_password,
    organisations_with,
    roles_by_organisation,
    set_roles,
    set_signing_name,
    signing_name,
)
from orgs.forms import (
    ChildOrganisationForm,
    InviteForm,
    JoinForm,
    MemberRolesForm,
    OrganisationForm,
)
from orgs.models import Membership, Organisation, Role
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


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """A 管理员's page: members and their roles, invitations, sub-organisations, the audit."""
    organisation = organisation_for(request, pk, "members")
    shown = {
        "invite_form": InviteForm(prefix="invite"),
        "child_form": ChildOrganisationForm(prefix="child"),
        "settings_form": OrganisationForm(instance=organisation, prefix="org"),
        "new_link": "",
        "reset_link": "",
        "new_read_key": "",
    }
    status = 200
    if request.method == "POST":
        try:
            outcome = _members_action(request, organisation, shown)
        except AccessError as problem:
            messages.error(request, str(problem))
            outcome = 422
        if isinstance(outcome, HttpResponse):
            return outcome
        status = outcome
    people: dict[int, dict] = {}
    rows = Membership.objects.filter(organisation=organisation).select_related("user")
    for row in rows.order_by("user__username"):
        people.setdefault(row.user_id, {"user": row.user, "roles": set()})["roles"].add(row.role)
    return render(
        request,
        "orgs/members.html",
        {
            "organisation": organisation,
            "people": people.values(),
            "roles": Role.choices,
            "invitations": organisation.invitations.filter(
                used_at__isnull=True, withdrawn_at__isnull=True
            ).order_by("-created_at"),
            "audit": organisation.audit.select_related("by")[:100],
            "read_tokens": organisation.read_tokens.filter(revoked_at__isnull=True),
            **shown,
        },
        status=status,
    )


def _members_action(
    request: HttpRequest, organisation: Organisation, shown: dict
) -> HttpResponse | int:
    """One POST of the members page: a redirect, or the status to show the page with (and
    what it shows filled in `shown`)."""
    action, post, here = request.POST.get("action", ""), request.POST, organisation.pk
    if action == "invite":
        form = InviteForm(post, prefix="invite")
        if not form.is_valid():
            shown["invite_form"] = form
            return 422
        _invitation, token = invitations.invite(
            organisation,
            form.cleaned_data["roles"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
        shown["new_link"] = public_url(request, reverse("orgs:join", args=[token]))
        return 200
    if action == "roles":
        member = _member(organisation, post.get("user"))
        form = MemberRolesForm(post)
        if not form.is_valid():
            raise AccessError(_("未知的角色。"))
        set_roles(organisation, member, form.cleaned_data["roles"], by=request.user)
        messages.success(request, _("已保存 {name} 的角色。").format(name=member))
        return redirect("orgs:members", here)
    if action == "withdraw":
        invitation = get_object_or_404(organisation.invitations, pk=form_id(post.get("invitation")))
        invitations.withdraw(invitation, by=request.user)
        return redirect("orgs:members", here)
    if action == "reset":
        member = _member(organisation, post.get("user"))
        if not may_reset_password(request.user, member):
            raise AccessError(
                _(
                    "{name} 也是您不管理的组织的成员（或系统管理员）：请本人用“忘记密码”重设。"
                ).format(name=member.get_username())
            )
        shown["reset_link"] = public_url(request, password_reset_path(member))
        log(organisation, request.user, member.get_username(), _("生成重设密码链接"))
        return 200
    if action == "settings":
        form = OrganisationForm(post, instance=organisation, prefix="org")
        if not form.is_valid():
            shown["settings_form"] = form
            return 422
        changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
        form.save()
        if changed:
            log(organisation, request.user, "", _("修改组织设置：{fields}").format(fields=changed))
        messages.success(request, _("已保存。"))
        return redirect("orgs:members", here)
    if action == "read_token":
        _token, key = read_tokens.create(organisation, post.get("name", ""), by=request.user)
        shown["new_read_key"] = key
        return 200
    if action == "revoke_token":
        token = get_object_or_404(organisation.read_tokens, pk=form_id(post.get("token")))
        read_tokens.revoke(token, by=request.user)
        messages.success(request, _("已吊销令牌“{name}”。").format(name=token.name))
        return redirect("orgs:members", here)
    if action == "child":
        form = ChildOrganisationForm(post, prefix="child")
        if not form.is_valid():
            shown["child_form"] = form
            return 422
        child = add_child(organisation, form.save(commit=False), by=request.user)
        messages.success(request, _("已新建下级组织“{name}”。").format(name=child))
        return redirect("orgs:members", child.pk)
    raise AccessError(_("未知的操作。"))


def _member(organisation: Organisation, posted: str | None):
    """A member of the organisation by the posted id; 404 for anyone else."""
    members = get_user_model().objects.filter(memberships__organisation=organisation).distinct()
    return get_object_or_404(members, pk=form_id(posted))


def password_reset_path(user) -> str:
    """Django's own one-time reset link (it stops working once the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


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
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """One's own account: organisations and roles, signed-in browsers, sign out elsewhere."""
    if request.method == "POST" and request.POST.get("action") == "name":
        name = checked_name(request.POST.get("name", ""))
        if not name:
            messages.error(request, _("请填写姓名（50 字以内）。"))
        else:
            set_signing_name(request.user, name)  # signatures given before keep their names
            messages.success(request, _("已保存姓名：{name}").format(name=name))
        return redirect("orgs:account")
    if request.method == "POST":
        if request.POST.get("action") != "sign_out_elsewhere":
            return HttpResponse(status=422)
        ended = sign_out_elsewhere(request.user, keep=request.session.session_key)
        messages.success(request, _("已退出其他 {n} 处登录。").format(n=ended))
        return redirect("orgs:account")
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

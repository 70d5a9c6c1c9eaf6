"""A 管理员's page of an organisation (/o/orgs/<id>/members/): members and their roles,
invitations, settings, sub-organisations, read-only keys and the audit — the page, and one small
view per form on it, each with its own URL."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from arena.public import public_url
from arena.text import form_id
from orgs import invitations, read_tokens
from orgs.access import AccessError, add_child, log, may_reset_password, set_roles
from orgs.forms import ChildOrganisationForm, InviteForm, MemberRolesForm, OrganisationForm
from orgs.models import Membership, Organisation, Role
from orgs.views import organisation_for

# What a form's view gives back: a redirect, or the page's status with what it shows filled in
# (a refused form with its errors, a link made once and shown once).
Outcome = HttpResponse | tuple[int, dict]


@login_required
@require_GET
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """A 管理员's page: members and their roles, invitations, sub-organisations, the audit."""
    return _page(request, organisation_for(request, pk, "members"))


def _page(
    request: HttpRequest, organisation: Organisation, shown: dict | None = None, status: int = 200
) -> HttpResponse:
    people: dict[int, dict] = {}
    rows = Membership.objects.filter(organisation=organisation).select_related("user")
    for row in rows.order_by("user__username"):
        people.setdefault(row.user_id, {"user": row.user, "roles": set()})["roles"].add(row.role)
    context = {
        "organisation": organisation,
        "people": people.values(),
        "roles": Role.choices,
        "invitations": organisation.invitations.filter(
            used_at__isnull=True, withdrawn_at__isnull=True
        ).order_by("-created_at"),
        "audit": organisation.audit.select_related("by")[:100],
        "read_tokens": organisation.read_tokens.filter(revoked_at__isnull=True),
        "invite_form": InviteForm(prefix="invite"),
        "child_form": ChildOrganisationForm(prefix="child"),
        "settings_form": OrganisationForm(instance=organisation, prefix="org"),
        **(shown or {}),
    }
    return render(request, "orgs/members.html", context, status=status)


def members_form(act: Callable[[HttpRequest, Organisation], Outcome]) -> Callable:
    """A view that a form of the members page posts to: outsiders get 404 whatever the method,
    the address typed in goes back to the page, a refusal shows the page with its message."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(act)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        organisation = organisation_for(request, pk, "members")
        if request.method == "GET":
            return redirect("orgs:members", organisation.pk)
        try:
            outcome = act(request, organisation)
        except AccessError as problem:
            messages.error(request, str(problem))
            return _page(request, organisation, status=422)
        if isinstance(outcome, HttpResponse):
            return outcome
        status, shown = outcome
        return _page(request, organisation, shown, status)

    return view


@members_form
def invite(request: HttpRequest, organisation: Organisation) -> Outcome:
    form = InviteForm(request.POST, prefix="invite")
    if not form.is_valid():
        return 422, {"invite_form": form}
    _invitation, token = invitations.invite(
        organisation, form.cleaned_data["roles"], by=request.user, note=form.cleaned_data["note"]
    )
    return 200, {"new_link": public_url(request, reverse("orgs:join", args=[token]))}


@members_form
def roles(request: HttpRequest, organisation: Organisation) -> Outcome:
    member = _member(organisation, request.POST.get("user"))
    form = MemberRolesForm(request.POST)
    if not form.is_valid():
        raise AccessError(_("未知的角色。"))
    set_roles(organisation, member, form.cleaned_data["roles"], by=request.user)
    messages.success(request, _("已保存 {name} 的角色。").format(name=member))
    return redirect("orgs:members", organisation.pk)


@members_form
def reset_link(request: HttpRequest, organisation: Organisation) -> Outcome:
    member = _member(organisation, request.POST.get("user"))
    if not may_reset_password(request.user, member):
        raise AccessError(
            _("{name} 也是您不管理的组织的成员（或系统管理员）：请本人用“忘记密码”重设。").format(
                name=member.get_username()
            )
        )
    log(organisation, request.user, member.get_username(), _("生成重设密码链接"))
    return 200, {"reset_link": public_url(request, password_reset_path(member))}


@members_form
def withdraw_invitation(request: HttpRequest, organisation: Organisation) -> Outcome:
    invitation = _posted(
        organisation.invitations, request.POST.get("invitation"), _("没有这条邀请。")
    )
    invitations.withdraw(invitation, by=request.user)
    return redirect("orgs:members", organisation.pk)


@members_form
def settings(request: HttpRequest, organisation: Organisation) -> Outcome:
    form = OrganisationForm(request.POST, instance=organisation, prefix="org")
    if not form.is_valid():
        return 422, {"settings_form": form}
    changed = ", ".join(str(form.fields[name].label) for name in form.changed_data)
    form.save()
    if changed:
        log(organisation, request.user, "", _("修改组织设置：{fields}").format(fields=changed))
    messages.success(request, _("已保存。"))
    return redirect("orgs:members", organisation.pk)


@members_form
def child(request: HttpRequest, organisation: Organisation) -> Outcome:
    form = ChildOrganisationForm(request.POST, prefix="child")
    if not form.is_valid():
        return 422, {"child_form": form}
    made = add_child(organisation, form.save(commit=False), by=request.user)
    messages.success(request, _("已新建下级组织“{name}”。").format(name=made))
    return redirect("orgs:members", made.pk)


@members_form
def read_token(request: HttpRequest, organisation: Organisation) -> Outcome:
    _token, key = read_tokens.create(organisation, request.POST.get("name", ""), by=request.user)
    return 200, {"new_read_key": key}


@members_form
def revoke_read_token(request: HttpRequest, organisation: Organisation) -> Outcome:
    token = _posted(organisation.read_tokens, request.POST.get("token"), _("没有这个令牌。"))
    read_tokens.revoke(token, by=request.user)
    messages.success(request, _("已吊销令牌“{name}”。").format(name=token.name))
    return redirect("orgs:members", organisation.pk)


def _member(organisation: Organisation, posted: str | None):
    """A member of the organisation by the posted id; anyone else is refused alike."""
    people = get_user_model().objects.filter(memberships__organisation=organisation).distinct()
    return _posted(people, posted, _("没有这位成员。"))


def _posted(queryset, posted: str | None, missing: str):
    """The row of `queryset` a form names by id: a missing, malformed or foreign id is refused
    with `missing` (the page again, 422), telling nothing of rows elsewhere."""
    found = queryset.filter(pk=form_id(posted)).first()
    if found is None:
        raise AccessError(missing)
    return found


def password_reset_path(user) -> str:
    """Django's own one-time reset link (it stops working once the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])

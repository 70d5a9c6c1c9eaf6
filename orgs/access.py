"""Who may do what in an organisation: one place, asked by every app's permission helpers.

Capabilities (docs/organizer-guide.md, 团队与权限):
- ``manage``: set up and run events, series, ledgers and boards (管理员, 组织者);
- ``read``: read them, results before publication included (every role but 记录员, and every
  such member of an ancestor organisation);
- ``sign``: sign results (审核人 for 审核, 监督人 for 监督; checked per signature by
  ``may_sign``);
- ``approve``: pass a selection's 审核 step (审核人);
- ``remark``: the console's 点评·提问·交办 panel (记录员, and whoever manages);
- ``members``: invite members and set their roles (管理员).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from arena.text import clean_text
from orgs.models import Membership, MembershipAudit, Organisation, Role, role_names


class AccessError(Exception):
    """A membership change that would leave an organisation unmanageable."""


MANAGE = {Role.ADMIN, Role.ORGANIZER}
READ = {Role.ADMIN, Role.ORGANIZER, Role.REVIEWER, Role.SUPERVISOR, Role.VIEWER}
CAPABILITIES = {
    "manage": MANAGE,
    "read": READ,
    "sign": {Role.REVIEWER, Role.SUPERVISOR},
    "approve": {Role.REVIEWER},  # a selection's 审核 step (selections/flow.py)
    "remark": MANAGE | {Role.CLERK},
    "members": {Role.ADMIN},
}
# A signature's role (scoring.models.SignOff.Role) and the membership role it needs.
SIGNING_ROLE = {"review": Role.REVIEWER, "supervise": Role.SUPERVISOR}


def roles_by_organisation(user) -> dict[int, set[str]]:
    """{organisation id: roles} of the user, read once per request (kept on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_organisation_roles", None)
    if cached is None:
        cached = {}
        for organisation_id, role in Membership.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cached.setdefault(organisation_id, set()).add(role)
        user._organisation_roles = cached
    return cached


def forget_roles(user) -> None:
    if getattr(user, "_organisation_roles", None) is not None:
        del user._organisation_roles  # through request.user's lazy wrapper too


def can(user, organisation: Organisation, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = roles_by_organisation(user)
    wanted = CAPABILITIES[capability]
    if roles.get(organisation.pk, set()) & wanted:
        return True
    if capability != "read":
        return False
    return any(roles.get(o.pk, set()) & READ for o in organisation.lineage()[1:])


SAFE_METHODS = {"GET", "HEAD"}


def page_capability(request, *, readable: bool) -> str:
    """What a page asks of the user: ``read`` for the GET of a page readers may open,
    ``manage`` for everything else (its forms are for those who run it)."""
    return "read" if readable and request.method in SAFE_METHODS else "manage"


def may_sign(user, organisation: Organisation, signature_role: str) -> bool:
    """Whether the user holds the role this signature (审核 / 监督) needs here."""
    needed = SIGNING_ROLE.get(signature_role)
    return needed is not None and (
        user.is_superuser or needed in roles_by_organisation(user).get(organisation.pk, set())
    )


def descendant_ids(roots: set[int]) -> set[int]:
    """The organisations below these (and these), level by level."""
    found, frontier = set(roots), set(roots)
    while frontier:
        frontier = (
            set(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def organisations_with(user, capability: str) -> QuerySet[Organisation]:
    """The organisations in which the user has this capability (``read`` reaches below)."""
    if user.is_superuser:
        return Organisation.objects.all()
    wanted = CAPABILITIES[capability]
    direct = {pk for pk, roles in roles_by_organisation(user).items() if roles & wanted}
    if capability == "read":
        direct = descendant_ids(direct)
    return Organisation.objects.filter(pk__in=direct)


def organisations_to_run(user) -> QuerySet[Organisation]:
    """Where the user may create events. An account in no organisation at all works in its
    personal one, made now: every account could run its own contests before organisations."""
    if not roles_by_organisation(user):
        personal_organisation(user)
    return organisations_with(user, "manage")


def may_create(user) -> bool:
    """Whether `organisations_to_run` will offer somewhere, without making anything yet."""
    return not roles_by_organisation(user) or organisations_with(user, "manage").exists()


def personal_name(username: str) -> str:
    return f"{username}（个人）"


@transaction.atomic
def personal_organisation(user) -> Organisation:
    """The account's own organisation, made on first use, where it holds every role but
    记录员 and 查看者 (which the others include)."""
    existing = Organisation.objects.filter(personal_of=user).first()
    if existing:
        return existing
    organisation = Organisation.objects.create(
        name=free_name(Organisation, personal_name(user.get_username())), personal_of=user
    )
    grant(organisation, user, MANAGE | {Role.REVIEWER, Role.SUPERVISOR}, by=None)
    return organisation


def free_name(organisations, name: str) -> str:
    """`name`, or `name2`, `name3` … the first no organisation has (`organisations` is the
    model, or the migrations' historical one)."""
    candidate, n = name, 1
    while organisations.objects.filter(name=candidate).exists():
        n += 1
        candidate = f"{name}{n}"
    return candidate


SIGNING_NAME_LENGTH = 50


def checked_name(text: str) -> str:
    """A name typed for signing, cleaned (spaces folded), or "" when it is empty or longer
    than a signature holds: the account page and the sign-off forms check it alike."""
    name = " ".join(clean_text(text or "").split())
    return name if len(name) <= SIGNING_NAME_LENGTH else ""


def signing_name(user) -> str:
    """The name an account signs with (审核/监督 of contests and series): set once on the account
    page, or by the account's first signature, so nobody retypes it for every sign-off."""
    return " ".join((user.first_name or "").split())[:SIGNING_NAME_LENGTH]


def set_signing_name(user, name: str) -> None:
    """Keep `name` as the account's signing name (Django's first_name holds the whole name: a
    Chinese name is not split into given and family names)."""
    user.first_name, user.last_name = name, ""
    user.save(update_fields=["first_name", "last_name"])


@transaction.atomic
def grant(organisation: Organisation, user, roles, *, by, how: str = "") -> None:
    """Give roles (audited); roles already held are left as they are."""
    new = set(roles) - set(
        Membership.objects.filter(organisation=organisation, user=user).values_list(
            "role", flat=True
        )
    )
    for role in sorted(new):
        Membership.objects.create(organisation=organisation, user=user, role=role)
    if new:
        action = _("{how}授予角色：{roles}").format(how=how, roles=role_names(new))
        log(organisation, by, user.get_username(), action)
    forget_roles(user)


@transaction.atomic
def set_roles(organisation: Organisation, user, roles, *, by) -> None:
    """Make the member's roles exactly these (none: they leave the organisation)."""
    held = set(
        Membership.objects.filter(organisation=organisation, user=user).values_list(
            "role", flat=True
        )
    )
    wanted = set(roles)
    gone = held - wanted
    if Role.ADMIN in gone and not (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .exclude(user=user)
        .exists()
    ):
        raise AccessError(_("组织至少要有一位管理员：请先让另一位成员成为管理员。"))
    if gone:
        Membership.objects.filter(organisation=organisation, user=user, role__in=gone).delete()
        action = (
            _("移出组织") if not wanted else _("撤销角色：{roles}").format(roles=role_names(gone))
        )
        log(organisation, by, user.get_username(), action)
    grant(organisation, user, wanted, by=by)


def may_reset_password(issuer, member) -> bool:
    """Whether `issuer` may hand out a reset link for `member`: only for an account all of whose
    organisations the issuer administers, or a 管理员 of one organisation could take over an
    account that also runs another (a city's) by resetting its password."""
    if member.is_superuser or member.pk == issuer.pk:
        return False
    held = Organisation.objects.filter(pk__in=roles_by_organisation(member))
    return all(can(issuer, organisation, "members") for organisation in held)


def log(organisation: Organisation, by, member: str, action: str) -> None:
    MembershipAudit.objects.create(organisation=organisation, by=by, member=member, action=action)


@transaction.atomic
def add_child(parent: Organisation, child: Organisation, *, by) -> Organisation:
    """A new organisation below `parent`, its creator its 管理员; logged in the parent."""
    child.parent = parent
    child.save()
    grant(child, by, {Role.ADMIN}, by=by)
    log(parent, by, "", _("新建下级组织：{name}").format(name=child.name))
    return child

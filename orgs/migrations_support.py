"""What the data migrations that brought organisations in share (historical models only)."""

from orgs.access import free_name, personal_name

OWNER_ROLES = ("admin", "organizer", "reviewer", "supervisor")


def personal_organisation(apps, user_id: int):
    """The owner's personal organisation as the migration sees it, made on first need."""
    Organisation = apps.get_model("orgs", "Organisation")
    Membership = apps.get_model("orgs", "Membership")
    MembershipAudit = apps.get_model("orgs", "MembershipAudit")
    User = apps.get_model("auth", "User")
    existing = Organisation.objects.filter(personal_of_id=user_id).first()
    if existing:
        return existing
    name = free_name(Organisation, personal_name(User.objects.get(pk=user_id).username))
    organisation = Organisation.objects.create(name=name, personal_of_id=user_id)
    for role in OWNER_ROLES:
        Membership.objects.create(organisation=organisation, user_id=user_id, role=role)
    MembershipAudit.objects.create(
        organisation=organisation, member=name, action="升级：原有活动迁入个人组织"
    )
    return organisation


def add_roles(apps, organisation, user_id: int, roles, why: str) -> None:
    Membership = apps.get_model("orgs", "Membership")
    MembershipAudit = apps.get_model("orgs", "MembershipAudit")
    User = apps.get_model("auth", "User")
    added = [
        role
        for role in roles
        if Membership.objects.get_or_create(organisation=organisation, user_id=user_id, role=role)[
            1
        ]
    ]
    if added:
        MembershipAudit.objects.create(
            organisation=organisation,
            member=User.objects.get(pk=user_id).username,
            action=why,
        )

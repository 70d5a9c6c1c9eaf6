"""Accounts: invitations (issue 21, case 6), joining, membership changes, sessions and passwords,
the members and account pages."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs import invitations
from orgs.access import AccessError, can, grant, set_roles
from orgs.models import Invitation, LoginSession, Membership, MembershipAudit, Organisation
from tests.test_orgs import PASSWORD, account, logged_in


def test_case6_an_invitation_works_once_and_for_72_hours(db):
    county = Organisation.objects.create(name="安丘市委督查室", level="county")
    admin = logged_in(account("admin", county, "admin"))
    page = admin.post(
        reverse("orgs:members_invite", args=[county.pk]),
        {"invite-note": "记录员小王", "invite-roles": ["clerk"]},
    )
    link = page.content.decode().split('id="invite-link">')[1].split("<")[0]
    path = link[link.index("/join/") :]
    assert Invitation.objects.get().digest not in link  # only the digest is stored
    newcomer = Client()
    assert newcomer.get(path).status_code == 200
    joined = newcomer.post(
        path,
        {
            "username": "xiaowang",
            "first_name": "王",
            "password1": "a-long-pass-77",
            "password2": "a-long-pass-77",
        },
    )
    assert joined.status_code == 302
    user = get_user_model().objects.get(username="xiaowang")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {"clerk"}
    assert newcomer.get(reverse("orgs:account")).status_code == 200  # signed in
    again = Client().get(path)
    assert again.status_code == 410 and "已经用过" in again.content.decode()
    assert Client().post(path, {"username": "other"}).status_code == 410

    invitation, token = invitations.invite(county, ["viewer"], by=None, note="查看")
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - dt.timedelta(hours=72)) < dt.timedelta(seconds=1)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    expired = Client().get(reverse("orgs:join", args=[token]))
    assert expired.status_code == 410 and "过期" in expired.content.decode()
    assert Client().get(reverse("orgs:join", args=["x" * 43])).status_code == 410
    actions = list(county.audit.values_list("action", flat=True))
    assert any("发出邀请" in a for a in actions) and any("接受邀请" in a for a in actions)


@pytest.mark.django_db(transaction=True)
def test_parallel_joins_on_one_invitation_make_one_account():
    """#29: 8 new-account joins on one link at once made 8 accounts (7 orphans, each with an
    organisation of its own that could create contests). The account is created inside the
    locked acceptance now: one joins, the others are told the link is used."""
    import threading

    from django.db import connections

    county = Organisation.objects.create(name="诸城市委督查室", level="county")
    _invitation, token = invitations.invite(county, ["clerk"], by=None)
    path = reverse("orgs:join", args=[token])
    start, answers = threading.Barrier(8), []

    def join(n: int) -> None:
        try:
            start.wait()
            data = {"username": f"newcomer{n}", "first_name": "王"}
            data |= {"password1": "a-long-pass-77", "password2": "a-long-pass-77"}
            answers.append(Client().post(path, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302] + [410] * 7
    assert get_user_model().objects.filter(username__startswith="newcomer").count() == 1
    assert Membership.objects.filter(organisation=county).count() == 1


def test_an_existing_account_joins_with_one_click(db):
    county = Organisation.objects.create(name="高密市委督查室", level="county")
    _invitation, token = invitations.invite(county, ["viewer", "reviewer"], by=None)
    member = account("member")
    client = logged_in(member)
    assert client.post(reverse("orgs:join", args=[token])).status_code == 302
    assert can(member, county, "read") and not can(member, county, "manage")
    assert get_user_model().objects.count() == 1


def test_membership_changes_are_audited_and_an_organisation_keeps_an_admin(db):
    county = Organisation.objects.create(name="诸城市委督查室", level="county")
    admin_user = account("admin", county, "admin")
    helper = account("helper", county, "organizer")
    admin = logged_in(admin_user)
    members = reverse("orgs:members", args=[county.pk])
    admin.post(
        reverse("orgs:members_roles", args=[county.pk]),
        {"user": helper.pk, "roles": ["organizer", "viewer"]},
    )
    assert set(Membership.objects.filter(user=helper).values_list("role", flat=True)) == {
        "organizer",
        "viewer",
    }
    admin.post(reverse("orgs:members_roles", args=[county.pk]), {"user": helper.pk, "roles": []})
    assert not Membership.objects.filter(user=helper).exists()
    with pytest.raises(AccessError):
        set_roles(county, admin_user, [], by=admin_user)
    refused = admin.post(
        reverse("orgs:members_roles", args=[county.pk]), {"user": admin_user.pk, "roles": []}
    )
    assert refused.status_code == 422 and Membership.objects.filter(user=admin_user).exists()
    log = list(MembershipAudit.objects.filter(organisation=county).values_list("member", "action"))
    assert ("helper", "移出组织") in log and any("撤销角色" not in a for _m, a in log)
    page = admin.get(members).content.decode()
    assert "移出组织" in page and "admin" in page
    child = admin.post(
        reverse("orgs:child_add", args=[county.pk]),
        {"child-name": "诸城市辛兴镇", "child-level": "township"},
    )
    assert child.status_code == 302
    assert Organisation.objects.get(name="诸城市辛兴镇").parent == county


def test_sessions_are_listed_and_signed_out_everywhere(db):
    user = account("busy")
    phone, laptop = Client(), Client()
    for browser in (phone, laptop):
        assert (
            browser.post(reverse("login"), {"username": "busy", "password": PASSWORD}).status_code
            == 302
        )
    assert LoginSession.objects.filter(user=user).count() == 2
    page = laptop.get(reverse("orgs:account")).content.decode()
    assert page.count("<tr>") >= 3 and "本设备" in page
    laptop.post(reverse("orgs:account_sign_out_elsewhere"))
    assert phone.get(reverse("orgs:account")).status_code == 302  # back to the login page
    assert laptop.get(reverse("orgs:account")).status_code == 200
    assert LoginSession.objects.filter(user=user).count() == 1


def test_password_change_ends_other_sessions_and_reset_links_work_once(db):
    county = Organisation.objects.create(name="临朐县委督查室", level="county")
    user = account("forgetful", county, "organizer")
    user.email = "forgetful@example.org"
    user.save()
    phone, laptop = Client(), Client()
    for browser in (phone, laptop):
        browser.post(reverse("login"), {"username": "forgetful", "password": PASSWORD})
    changed = laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-long-pass",
            "new_password2": "n3w-long-pass",
        },
    )
    assert changed.status_code == 302
    assert phone.get(reverse("orgs:account")).status_code == 302
    assert laptop.get(reverse("orgs:account")).status_code == 200

    # By e-mail ...
    Client().post(reverse("password_reset"), {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1 and "/reset/" in mail.outbox[0].body
    # ... or by a link the 管理员 hands over.
    admin = logged_in(account("admin", county, "admin"))
    page = admin.post(reverse("orgs:members_reset", args=[county.pk]), {"user": user.pk})
    link = page.content.decode().split('id="reset-link">')[1].split("<")[0]
    path = link[link.index("/reset/") :]
    browser = Client()
    form = browser.get(path, follow=True)
    assert form.status_code == 200
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "4th-long-pass", "new_password2": "4th-long-pass"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("4th-long-pass")
    assert "失效" in Client().get(path, follow=True).content.decode()  # used once


@pytest.mark.parametrize("bad", ["x", "①", "9" * 20, "", "-1"])
def test_bad_ids_and_values_on_the_members_page_are_refused_not_errors(db, bad):
    county = Organisation.objects.create(name="峡山区委督查室", level="county")
    admin = logged_in(account("admin", county, "admin"))
    page = reverse("orgs:members", args=[county.pk])
    for form, data in (
        ("members_roles", {"user": bad, "roles": ["viewer"]}),
        ("members_reset", {"user": bad}),
        ("invitation_withdraw", {"invitation": bad}),
        ("members_invite", {"invite-note": bad, "invite-roles": [bad]}),
        ("child_add", {"child-name": bad, "child-level": bad}),
        ("read_token_revoke", {"token": bad}),
    ):
        answer = admin.post(reverse(f"orgs:{form}", args=[county.pk]), data)
        assert answer.status_code in {404, 422}, (form, data)
    assert admin.post(page, {"action": "roles"}).status_code == 405  # the page itself is GET
    admin_user = get_user_model().objects.get(username="admin")
    roles = admin.post(
        reverse("orgs:members_roles", args=[county.pk]),
        {"user": admin_user.pk, "roles": ["admin", bad]},
    )
    assert roles.status_code == 422
    assert Client().get(reverse("orgs:join", args=[bad or "-"])).status_code == 410


def test_a_reset_link_only_for_accounts_wholly_in_ones_own_organisations(db):
    """A county 管理员 must not take over a city 管理员 who is also a county member."""
    city = Organisation.objects.create(name="市委督查室", level="city")
    county = Organisation.objects.create(name="县委督查室", level="county", parent=city)
    county_admin = logged_in(account("county-admin", county, "admin"))
    city_admin = account("city-admin", city, "admin")
    grant(county, city_admin, {"viewer"}, by=None)
    clerk = account("clerk", county, "clerk")
    refused = county_admin.post(
        reverse("orgs:members_reset", args=[county.pk]), {"user": city_admin.pk}
    )
    assert refused.status_code == 422 and 'id="reset-link"' not in refused.content.decode()
    allowed = county_admin.post(reverse("orgs:members_reset", args=[county.pk]), {"user": clerk.pk})
    assert allowed.status_code == 200 and 'id="reset-link"' in allowed.content.decode()


def test_an_administrator_renames_the_organisation_and_it_is_logged(db):
    county = Organisation.objects.create(name="寒亭区委督查室", level="county")
    admin = logged_in(account("admin", county, "admin"))
    admin.post(
        reverse("orgs:settings", args=[county.pk]),
        {"org-name": "寒亭区委督查室（考核办）", "org-level": "county"},
    )
    county.refresh_from_db()
    assert county.name == "寒亭区委督查室（考核办）"
    assert county.audit.filter(action__startswith="修改组织设置").exists()
    Organisation.objects.create(name="taken", level="city")
    clash = admin.post(
        reverse("orgs:settings", args=[county.pk]), {"org-name": "taken", "org-level": "county"}
    )
    assert clash.status_code == 422


def test_the_signing_name_is_set_once_on_the_account_page(organizer, organizer_client):
    page, name = reverse("orgs:account"), reverse("orgs:account_name")
    assert organizer_client.post(name, {"name": " "}).status_code == 302
    organizer.refresh_from_db()
    assert organizer.first_name == ""  # refused: nothing saved
    organizer_client.post(name, {"name": " 张  三 "})
    organizer.refresh_from_db()
    assert organizer.first_name == "张 三"
    assert 'value="张 三"' in organizer_client.get(page).content.decode()
    assert organizer_client.post(name, {"name": "x" * 51}).status_code == 302
    organizer.refresh_from_db()
    assert organizer.first_name == "张 三"

"""The upgrade to organisations loses nothing: each contest and series moves to its owner's
personal organisation, signing accounts become its 审核人 and 监督人, 记录员 stay 记录员."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("contests", "0007_publicity_and_series_screens"),
    ("series", "0001_initial"),
    ("followup", "0001_initial"),
    ("orgs", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_contests_series_and_clerks_move_into_personal_organisations():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    owner = User.objects.create(username="legacy")
    signer = User.objects.create(username="signer")
    clerk = User.objects.create(username="clerk")
    Contest = old.get_model("contests", "Contest")
    contest = Contest.objects.create(
        owner=owner, title="旧擂台赛", date=dt.date(2026, 3, 18), screen_token="t-old-1"
    )
    contest.cosigners.add(signer)
    Series = old.get_model("series", "Series")
    series = Series.objects.create(owner=owner, title="旧系列", year=2026, screen_token="t-old-2")
    series.cosigners.add(signer)
    settings = old.get_model("followup", "FollowupSettings").objects.create(series=series)
    settings.clerks.add(clerk)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    new = migrate(executor.loader.graph.leaf_nodes())
    Organisation = new.get_model("orgs", "Organisation")
    Membership = new.get_model("orgs", "Membership")
    personal = Organisation.objects.get(personal_of_id=owner.pk)
    assert personal.name == "legacy（个人）"
    assert new.get_model("contests", "Contest").objects.get(pk=contest.pk).organisation_id == (
        personal.pk
    )
    assert new.get_model("series", "Series").objects.get(pk=series.pk).organisation_id == (
        personal.pk
    )

    def roles(user):
        return set(
            Membership.objects.filter(organisation=personal, user_id=user.pk).values_list(
                "role", flat=True
            )
        )

    assert roles(owner) == {"admin", "organizer", "reviewer", "supervisor"}
    assert roles(signer) == {"reviewer", "supervisor"}
    assert roles(clerk) == {"clerk"}
    audit = new.get_model("orgs", "MembershipAudit").objects.filter(organisation=personal)
    assert audit.count() >= 3  # the move and each account that was given roles

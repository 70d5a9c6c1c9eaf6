"""Every log only grows: the ORM refuses to change or delete a row on every database, and on
PostgreSQL the table's trigger refuses it too (arena/append_only.py)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from arena.append_only import AppendOnly

LOGS = {
    "scoring.AuditEntry",
    "contests.SetupChange",
    "scoring.ResultsEvent",
    "series.SeriesEvent",
    "followup.FollowupAudit",
    "boards.BoardAudit",
    "orgs.MembershipAudit",
    "selections.SelectionLog",
    "catchup.PlanLog",
}


def test_every_log_is_append_only():
    models = {model._meta.label for model in apps.get_models() if issubclass(model, AppendOnly)}
    assert models == LOGS


def refused(action) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", "--if-empty")


@pytest.mark.parametrize("label", sorted(LOGS))
def test_a_log_row_cannot_be_changed_or_deleted(demo, label):
    model = apps.get_model(label)
    rows = model.objects.all()
    row = rows.first()
    assert row is not None, f"the demo writes no {label}"
    count = rows.count()
    refused(lambda: rows.update(id=row.pk))
    refused(lambda: rows.bulk_update([row], ["id"]))
    refused(rows.delete)
    refused(row.save)
    refused(row.delete)
    if connection.vendor == "postgresql":  # past the ORM, the database itself refuses
        table = model._meta.db_table
        update = f"UPDATE {table} SET id = id WHERE id = %s"  # noqa: S608 - a model's table
        delete = f"DELETE FROM {table} WHERE id = %s"  # noqa: S608
        with connection.cursor() as cursor:
            refused(lambda: cursor.execute(update, [row.pk]))
            refused(lambda: cursor.execute(delete, [row.pk]))
    assert model.objects.count() == count


def test_what_a_log_speaks_of_cannot_be_deleted(demo):
    from orgs.models import MembershipAudit
    from series.models import SeriesEvent

    with pytest.raises(ProtectedError):
        SeriesEvent.objects.first().series.delete()
    with pytest.raises(ProtectedError):
        MembershipAudit.objects.first().organisation.delete()

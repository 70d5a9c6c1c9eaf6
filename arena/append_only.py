"""Logs that only grow: the one way a model is made append-only.

Two guards, because either alone leaves a door open. In the ORM, on every database, an
`AppendOnly` model refuses `save()` of a stored row, `delete()`, and a queryset's `update()`,
`bulk_update()` and `delete()` — so a slip in our code fails loudly in the SQLite test run too.
On PostgreSQL a row trigger made by `trigger()` in the model's migration refuses UPDATE and
DELETE from anyone who reaches the table past the ORM (a shell, a script, a cascade). Foreign
keys into a log are PROTECT, so deleting what a log speaks of is refused before any of this."""

from django.db import DatabaseError, migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION arena_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP;
END
$$ LANGUAGE plpgsql;
"""


class AppendOnlyViolation(DatabaseError):
    """Raised by the ORM guard; PostgreSQL's trigger raises a DatabaseError too."""


def _refuse(model: type[models.Model], operation: str) -> AppendOnlyViolation:
    return AppendOnlyViolation(f"{model._meta.db_table} is append-only: {operation} is refused")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse(self.model, "UPDATE")

    def bulk_update(self, objs, fields, batch_size=None):
        raise _refuse(self.model, "UPDATE")

    def delete(self):
        raise _refuse(self.model, "DELETE")


class AppendOnly(models.Model):
    """Base of every log: rows are written once and read forever."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise _refuse(type(self), "UPDATE")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self), "DELETE")


def trigger(table: str) -> migrations.RunPython:
    """The migration operation that puts the append-only trigger on `table` (PostgreSQL only;
    the function is shared by every log's trigger)."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION, params=None)  # its % are not placeholders
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION arena_append_only()"
            )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")

    return migrations.RunPython(create, drop)

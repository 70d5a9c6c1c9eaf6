from django.db import migrations, models
import django.db.models.deletion

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION arena_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'scoring_auditentry is append-only: UPDATE and DELETE are refused';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER scoring_auditentry_append_only
    BEFORE UPDATE OR DELETE ON scoring_auditentry
    FOR EACH ROW EXECUTE FUNCTION arena_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS scoring_auditentry_append_only ON scoring_auditentry;
DROP FUNCTION IF EXISTS arena_audit_append_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0001_initial"),
        ("scoring", "0003_standings_started_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scoresheet",
            name="judge",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="sheets", to="contests.judge"),
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="contestant",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="sheets", to="contests.contestant"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="contest",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="contests.contest"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="judge",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="contests.judge"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="contestant",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="contests.contestant"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="sheet",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="scoring.scoresheet"),
        ),
        migrations.RunPython(on_postgresql(APPEND_ONLY), on_postgresql(DROP)),
    ]

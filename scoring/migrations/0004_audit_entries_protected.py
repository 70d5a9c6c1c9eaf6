from django.db import migrations, models

from arena import append_only
import django.db.models.deletion



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
        append_only.trigger("scoring_auditentry"),
    ]

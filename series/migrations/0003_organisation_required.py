"""Apart from 0002, for PostgreSQL (contests/migrations/0009_organisation_required.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("series", "0002_organisations")]

    operations = [
        migrations.RemoveField(model_name="series", name="cosigners"),
        migrations.AlterField(
            model_name="series",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="series",
                to="orgs.organisation",
                verbose_name="所属组织",
            ),
        ),
    ]

"""Apart from 0008: PostgreSQL refuses to alter a table in the transaction that just updated its
rows (pending foreign-key trigger events), so the data move and these changes commit apart."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contests", "0008_organisations")]

    operations = [
        migrations.RemoveField(model_name="contest", name="cosigners"),
        migrations.AlterField(
            model_name="contest",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="contests",
                to="orgs.organisation",
                verbose_name="所属组织",
            ),
        ),
    ]

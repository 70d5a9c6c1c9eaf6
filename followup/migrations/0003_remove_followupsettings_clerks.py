"""Apart from 0002, for PostgreSQL (contests/migrations/0009_organisation_required.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_clerks_to_memberships")]

    operations = [migrations.RemoveField(model_name="followupsettings", name="clerks")]

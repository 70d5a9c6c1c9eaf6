from django.db import migrations

from orgs.migrations_support import add_roles


def clerks_to_memberships(apps, schema_editor):
    """A series' 记录员 accounts become 记录员 of the organisation the series belongs to."""
    FollowupSettings = apps.get_model("followup", "FollowupSettings")
    for config in FollowupSettings.objects.select_related("series").iterator():
        for user_id in config.clerks.values_list("pk", flat=True):
            add_roles(
                apps,
                config.series.organisation,
                user_id,
                ("clerk",),
                f"升级：原系列“{config.series.title}”的记录员成为本组织记录员",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("series", "0002_organisations"),
    ]

    operations = [
        migrations.RunPython(clerks_to_memberships, migrations.RunPython.noop),
    ]

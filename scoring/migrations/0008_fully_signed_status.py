"""Contests whose 审核 and 监督 signatures are both in move from 签字中 (signed_off) to the new
已签字 (signed): signed_off now means one of the two signatures only."""

from django.db import migrations


def forwards(apps, schema_editor):
    Contest = apps.get_model("contests", "Contest")
    SignOff = apps.get_model("scoring", "SignOff")
    for contest in Contest.objects.filter(status="signed_off"):
        roles = set(
            SignOff.objects.filter(contest=contest, revoked_at__isnull=True).values_list(
                "role", flat=True
            )
        )
        if {"review", "supervise"} <= roles:
            Contest.objects.filter(pk=contest.pk).update(status="signed")


def backwards(apps, schema_editor):
    apps.get_model("contests", "Contest").objects.filter(status="signed").update(
        status="signed_off"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0007_indicator_label"),
        ("contests", "0010_contest_status_signed"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

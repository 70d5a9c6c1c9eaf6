"""The live state leaves Contest for a row of its own (contests/models/live.py)."""

import django.db.models.deletion
from django.db import migrations, models


LIVE_FIELDS = (
    "current_contestant_id",
    "screen",
    "screen_follows_stage",
    "timer_ends_at",
    "timer_paused_left",
    "stage_baseline",
    "revealed_count",
    "scores_contestant_id",
    "scores_step",
)


def copy_live_state(apps, schema_editor):
    """Every contest gets its row, holding what its own columns held."""
    Contest = apps.get_model("contests", "Contest")
    LiveState = apps.get_model("contests", "LiveState")
    LiveState.objects.bulk_create(
        LiveState(contest_id=row["pk"], **{field: row[field] for field in LIVE_FIELDS})
        for row in Contest.objects.values("pk", *LIVE_FIELDS).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0013_monthly_screen"),
    ]

    operations = [
        migrations.CreateModel(
            name="LiveState",
            fields=[
                (
                    "contest",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="live",
                        serialize=False,
                        to="contests.contest",
                    ),
                ),
                (
                    "screen",
                    models.CharField(
                        choices=[
                            ("welcome", "欢迎"),
                            ("stage", "台上汇报人"),
                            ("board", "排行榜"),
                            ("reveal", "最终揭晓"),
                            ("awards", "红旗与蜗牛奖"),
                            ("scores", "亮分"),
                            ("series", "赛马榜"),
                            ("matters", "汇报表"),
                            ("lookback", "交办回头看"),
                            ("boards", "晒比榜"),
                            ("monthly", "月度榜单"),
                        ],
                        default="welcome",
                        max_length=10,
                        verbose_name="大屏显示",
                    ),
                ),
                (
                    "screen_follows_stage",
                    models.BooleanField(default=True, verbose_name="上台时大屏切到台上画面"),
                ),
                ("timer_ends_at", models.DateTimeField(blank=True, null=True)),
                ("timer_paused_left", models.FloatField(blank=True, null=True)),
                ("stage_baseline", models.JSONField(blank=True, default=dict)),
                ("revealed_count", models.PositiveIntegerField(default=0)),
                ("scores_step", models.PositiveSmallIntegerField(default=0)),
                (
                    "current_contestant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contests.contestant",
                        verbose_name="当前上台汇报人",
                    ),
                ),
                (
                    "scores_contestant",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contests.contestant",
                    ),
                ),
            ],
            options={
                "verbose_name": "现场状态",
                "verbose_name_plural": "现场状态",
            },
        ),
        migrations.RunPython(copy_live_state, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="contest",
            name="current_contestant",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="revealed_count",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="scores_contestant",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="scores_step",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="screen",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="screen_follows_stage",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="stage_baseline",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="timer_ends_at",
        ),
        migrations.RemoveField(
            model_name="contest",
            name="timer_paused_left",
        ),
    ]

"""Indicator, IndicatorScore and Recusal come from scoring with their tables (db_table keeps the
names): only the models' state is made here, the tables already exist."""

import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contests", "0015_kind_decides_panels"), ("scoring", "0014_indicators_to_contests")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='指标评分项')),
                        ('max_score', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='满分')),
                        ('weight', models.DecimalField(decimal_places=3, default=Decimal('1'), max_digits=6, verbose_name='权重')),
                        ('order', models.PositiveIntegerField(default=0)),
                        ('dimension', models.CharField(blank=True, choices=[('speed', '速度'), ('force', '力度'), ('style', '尺度')], default='', max_length=8, verbose_name='维度')),
                        ('scope', models.CharField(choices=[('common', '共性'), ('own', '个性')], default='common', max_length=8, verbose_name='适用范围')),
                        ('contest', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='contests.contest')),
                        ('contestants', models.ManyToManyField(blank=True, related_name='own_indicators', to='contests.contestant', verbose_name='适用的汇报人')),
                    ],
                    options={
                        'verbose_name': '指标评分项',
                        'verbose_name_plural': '指标评分项',
                        'db_table': 'scoring_indicator',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='IndicatorScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=8)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('contestant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicator_scores', to='contests.contestant')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='contests.indicator')),
                    ],
                    options={
                        'db_table': 'scoring_indicatorscore',
                    },
                ),
                migrations.CreateModel(
                    name='Recusal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(blank=True, max_length=200, verbose_name='原因')),
                        ('contest', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recusals', to='contests.contest')),
                        ('contestant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recusals', to='contests.contestant', verbose_name='汇报人')),
                        ('judge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recusals', to='contests.judge', verbose_name='评委')),
                    ],
                    options={
                        'verbose_name': '回避',
                        'verbose_name_plural': '回避',
                        'db_table': 'scoring_recusal',
                        'ordering': ['id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.UniqueConstraint(fields=('contest', 'name'), name='indicator_unique_name', violation_error_message='本场已有同名指标。'),
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.CheckConstraint(condition=models.Q(('max_score__gt', 0)), name='indicator_max_positive'),
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 0)), name='indicator_weight_non_negative'),
                ),
                migrations.AddConstraint(
                    model_name='indicatorscore',
                    constraint=models.UniqueConstraint(fields=('indicator', 'contestant'), name='indicator_score_unique'),
                ),
                migrations.AddConstraint(
                    model_name='indicatorscore',
                    constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='indicator_score_non_negative'),
                ),
                migrations.AddConstraint(
                    model_name='recusal',
                    constraint=models.UniqueConstraint(fields=('judge', 'contestant'), name='recusal_unique', violation_error_message='已标记过这条回避。'),
                ),
            ],
        ),
    ]

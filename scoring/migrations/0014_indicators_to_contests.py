"""Indicator, IndicatorScore and Recusal move to contests (the setup they belong to) with their
tables: only the models' state leaves scoring; the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("scoring", "0013_append_only")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='indicatorscore',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='indicatorscore',
                    name='contestant',
                ),
                migrations.RemoveField(
                    model_name='recusal',
                    name='contest',
                ),
                migrations.RemoveField(
                    model_name='recusal',
                    name='contestant',
                ),
                migrations.RemoveField(
                    model_name='recusal',
                    name='judge',
                ),
                migrations.DeleteModel(
                    name='Indicator',
                ),
                migrations.DeleteModel(
                    name='IndicatorScore',
                ),
                migrations.DeleteModel(
                    name='Recusal',
                ),
            ],
        ),
    ]

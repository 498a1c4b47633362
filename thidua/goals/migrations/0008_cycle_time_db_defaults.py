# Database defaults for the columns 0007 added, so rows written in bulk by SQL (COPY in the
# benchmarks, imports) need not name them.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0007_cycle_time"),
    ]

    operations = [
        migrations.AlterField(
            model_name="keyresult",
            name="source",
            field=models.CharField(
                choices=[
                    ("manual", "Checked in by people"),
                    ("unit_task_cycle", "Measured: the unit's median task cycle time (days)"),
                ],
                db_default="manual",
                default="manual",
                help_text="A measured key result gets an automatic check-in every night.",
                max_length=20,
                verbose_name="value from",
            ),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="is_automatic",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Recorded by the nightly refresh.",
                verbose_name="measured automatically",
            ),
        ),
    ]

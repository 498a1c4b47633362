# Cycle time (issue 13, point 5): the nightly summary, a key result's measured source,
# automatic check-ins, and indexes for the months' grouped queries.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0006_field_visits_good_practices"),
    ]

    operations = [
        migrations.CreateModel(
            name="CycleTimeStat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="kind of work")),
                ("month", models.DateField(verbose_name="month")),
                ("path", models.CharField(blank=True, max_length=255, verbose_name="tree path")),
                ("items", models.PositiveIntegerField(default=0, verbose_name="items done")),
                (
                    "median_days",
                    models.FloatField(blank=True, null=True, verbose_name="median (days)"),
                ),
                (
                    "p90_days",
                    models.FloatField(blank=True, null=True, verbose_name="90th percentile (days)"),
                ),
                ("open_items", models.PositiveIntegerField(default=0, verbose_name="items open")),
                (
                    "slowest",
                    models.JSONField(blank=True, default=dict, verbose_name="slowest items"),
                ),
                ("computed_on", models.DateField(verbose_name="computed on")),
            ],
            options={
                "verbose_name": "cycle time figure",
                "verbose_name_plural": "cycle time figures",
                "ordering": ["kind", "month", "path"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "month", "path"), name="one_cycle_stat")
                ],
            },
        ),
        migrations.AddField(
            model_name="keyresult",
            name="source",
            field=models.CharField(
                choices=[
                    ("manual", "Checked in by people"),
                    ("unit_task_cycle", "Measured: the unit's median task cycle time (days)"),
                ],
                default="manual",
                help_text="A measured key result gets an automatic check-in every night.",
                max_length=20,
                verbose_name="value from",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="is_automatic",
            field=models.BooleanField(
                default=False,
                help_text="Recorded by the nightly refresh.",
                verbose_name="measured automatically",
            ),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(fields=["verified_at"], name="checkin_verified_idx"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["done_on"], name="task_done_idx"),
        ),
    ]

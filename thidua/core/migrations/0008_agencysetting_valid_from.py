"""Agency settings become dated (issue 11, point 2): a change applies from its `valid_from`,
one row per (key, date).

Existing rows get valid_from = 2000-01-01, not the day they were last saved: until now a row
was overwritten in place and applied to everything, past periods included, so its earlier
values are lost. Dating it from the day it was saved would make every period before that day
read the law's default, which nothing was ever judged with; dating it from before any data in
the platform keeps every result exactly as it was before this migration. An office that knows
when a value really started records it again with that date (audited)."""

import datetime

from django.db import migrations, models

EARLY = datetime.date(2000, 1, 1)


def date_existing(apps, schema_editor):
    AgencySetting = apps.get_model("core", "AgencySetting")
    AgencySetting.objects.filter(valid_from__isnull=True).update(valid_from=EARLY)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_webhooks"),
    ]

    operations = [
        migrations.AddField(
            model_name="agencysetting",
            name="valid_from",
            field=models.DateField(null=True, verbose_name="applies from"),
        ),
        migrations.RunPython(date_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agencysetting",
            name="valid_from",
            field=models.DateField(verbose_name="applies from"),
        ),
        migrations.AlterField(
            model_name="agencysetting",
            name="key",
            field=models.CharField(max_length=120, verbose_name="key"),
        ),
        migrations.AlterModelOptions(
            name="agencysetting",
            options={
                "ordering": ["key", "-valid_from"],
                "verbose_name": "agency setting",
                "verbose_name_plural": "agency settings",
            },
        ),
        migrations.AddConstraint(
            model_name="agencysetting",
            constraint=models.UniqueConstraint(
                fields=("key", "valid_from"), name="core_agencysetting_key_valid_from"
            ),
        ),
    ]

from django.db import migrations, models
from django.db.models import Max


def mark_people_synced_before(apps, schema_editor):
    """People the HR sync created or changed before this field existed come from the HR
    system: their last "org.person.hr_synced" event is when it last wrote them."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    Person = apps.get_model("org", "Person")
    last = (
        AuditEvent.objects.filter(action="org.person.hr_synced", target_type="org.person")
        .values("target_id")
        .annotate(at=Max("created_at"))
        .order_by()
    )
    people = [Person(pk=int(row["target_id"]), hr_synced_at=row["at"]) for row in last]
    known = set(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    Person.objects.bulk_update(
        [p for p in people if p.pk in known], ["hr_synced_at"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("org", "0007_hr_sync"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="hr_synced_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="last written by the HR sync",
            ),
        ),
        migrations.RunPython(mark_people_synced_before, migrations.RunPython.noop),
    ]

"""Classified resolutions (Mật, Tối mật, Tuyệt mật) were copied into the document store,
readable at /assistant/documents/<id>/ (issue 10). They are never copied now; this removes
the copies an existing database holds (their passages go with them)."""

from django.db import migrations


def remove_classified_copies(apps, schema_editor):
    Document = apps.get_model("assistant", "Document")
    Document.objects.filter(source="resolution").exclude(classification="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assistant", "0002_passage_segmentation"),
    ]

    operations = [
        migrations.RunPython(remove_classified_copies, migrations.RunPython.noop),
    ]

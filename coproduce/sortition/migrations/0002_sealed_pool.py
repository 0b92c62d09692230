import json

from django.db import migrations, models

import coproduce.lib.encryption


def seal(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    Selection = apps.get_model("sortition", "Selection")
    for selection in Selection.objects.all():
        selection.sealed_pool = json.dumps(selection.pool or {})
        selection.save(update_fields=["sealed_pool"])


def unseal(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    Selection = apps.get_model("sortition", "Selection")
    for selection in Selection.objects.all():
        selection.pool = json.loads(selection.sealed_pool or "{}")
        selection.save(update_fields=["pool"])


class Migration(migrations.Migration):

    dependencies = [
        ("sortition", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="selection",
            name="sealed_pool",
            field=coproduce.lib.encryption.EncryptedTextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="selection",
            name="special",
            field=models.JSONField(blank=True, default=list, editable=False,
                                   help_text="Features holding special-category information."),
        ),
        migrations.AddField(
            model_name="selection",
            name="source",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveField(model_name="selection", name="pool"),
    ]

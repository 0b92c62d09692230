"""A language choice on each person, for letters, emails and calls.

The free-text ``languages`` field is kept as it was typed. People whose typed list starts
with Welsh (or Cymraeg) are given Welsh as their preferred language; everyone else English.
"""

from typing import Any

from django.db import migrations, models


def from_typed_languages(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("people", "Person")
    welsh = []
    for person in Person.objects.exclude(languages="").only("pk", "languages").iterator():
        first = person.languages.replace(";", ",").split(",")[0].strip().lower()
        if first in {"welsh", "cymraeg", "cy"}:
            welsh.append(person.pk)
    Person.objects.filter(pk__in=welsh).update(preferred_language="cy")


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='preferred_language',
            field=models.CharField(choices=[('en', 'English'), ('cy', 'Welsh')], default='en', max_length=5, verbose_name='language for letters, emails and calls'),
        ),
        migrations.RunPython(from_typed_languages, migrations.RunPython.noop),
    ]

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from coproduce.reciprocity.published import install as install_cards

    install_cards(apps.get_model("reciprocity", "RateCard"), apps.get_model("reciprocity", "Rate"))


class Migration(migrations.Migration):
    dependencies = [("reciprocity", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]

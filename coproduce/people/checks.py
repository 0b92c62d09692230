"""Refuse to start when the encryption key cannot read the special-category data held."""

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.db.models import Q

from .models import SensitiveInfo


def key_problem() -> str | None:
    """Describe why the configured key cannot read the stored data, or None if it can."""
    try:
        held = SensitiveInfo.objects.exclude(
            Q(health="") & Q(disability="") & Q(sexual_orientation="") & Q(gender_identity="")
            & Q(ethnicity="") & Q(housing_situation="")).order_by("pk").first()
    except ImproperlyConfigured:
        return ("The special-category data was encrypted with another key than "
                "COPRODUCE_ENCRYPTION_KEY (or var/coproduce_encryption_key) holds. Put back the "
                "key that goes with this database; to change keys, use `coproduce rotate-key`.")
    except DatabaseError:
        return None  # no database yet, or not migrated: nothing is encrypted
    del held
    return None


@checks.register()
def encryption_key_reads_the_data(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problem = key_problem()
    return [checks.Critical(problem, id="coproduce.E001")] if problem else []


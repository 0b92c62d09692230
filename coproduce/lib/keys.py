"""The local encryption key file, and re-encrypting every encrypted column under the first key.

Knows no model by name: it finds every EncryptedTextField through the app registry.
"""

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .encryption import EncryptedTextField

BATCH = 500


def key_file() -> Path:
    return Path(settings.VAR_DIR) / "coproduce_encryption_key"


def write_key_file(path: Path, keys: list[str]) -> None:
    """Replace the key file in one step (write beside it, then rename), owner-only."""
    temporary = path.with_suffix(".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(",".join(keys))
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def reencrypt_everything(dry_run: bool = False) -> int:
    """Read every encrypted value with any key and write it back under the first; count rows."""
    count = 0
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields()
                  if isinstance(f, EncryptedTextField)]
        if not fields:
            continue
        if dry_run:
            count += model._default_manager.count()
            continue
        with transaction.atomic():
            rows = list(model._default_manager.select_for_update().only("pk", *fields))
            for start in range(0, len(rows), BATCH):
                model._default_manager.bulk_update(rows[start:start + BATCH], fields)
            count += len(rows)
    return count

"""A text field encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

Keys come from settings.ENCRYPTION_KEYS (the environment in production): the first key
encrypts, every key decrypts, so a key can be rotated by putting the new one first.
"""

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "COPRODUCE_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), "
            "comma-separated."
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Encrypted data cannot be read with the configured COPRODUCE_ENCRYPTION_KEY."
        ) from error


class EncryptedTextField(models.TextField):
    """Store text encrypted; the empty string is stored as itself so blanks stay cheap."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

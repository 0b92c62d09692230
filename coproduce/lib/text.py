"""Checks on text people type or import."""

import re
import unicodedata

# C0 and C1 control characters other than tab, newline and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL.search(text))


def tidy(text: str) -> str:
    """Normalise to NFC and trim surrounding white space."""
    return unicodedata.normalize("NFC", text).strip()

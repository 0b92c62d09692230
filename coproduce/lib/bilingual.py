"""Names kept in English and Welsh."""

from django.utils.translation import get_language


def in_language(english: str, welsh: str) -> str:
    """Return the Welsh name on a Welsh page when there is one, else the English."""
    if welsh and (get_language() or "").startswith("cy"):
        return welsh
    return english

"""Checks on text people type or import."""

import re
import unicodedata

# C0 and C1 control characters other than tab, newline and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# Line breaks of any kind, including the Unicode ones mail headers would also split on.
LINE_BREAK = re.compile(r"[\r\n\u0085\u2028\u2029]")


def one_line(text: str) -> str:
    """Join text onto one line, as an e-mail header needs it."""
    return " ".join(LINE_BREAK.sub(" ", text).split())


def has_control_characters(text: str) -> bool:
    return bool(CONTROL.search(text))


def tidy(text: str) -> str:
    """Normalise to NFC and trim surrounding white space."""
    return unicodedata.normalize("NFC", text).strip()

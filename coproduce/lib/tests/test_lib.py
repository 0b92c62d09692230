"""CSV safety, encryption and text checks."""

import csv
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from coproduce.lib.csvsafe import FORMULA_STARTS, safe_cell, write_rows
from coproduce.lib.encryption import decrypt, encrypt
from coproduce.lib.text import has_control_characters


@given(st.text())
def test_no_cell_starts_like_a_formula_and_nothing_is_lost(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in {text, "'" + text}


def test_written_rows_read_back_neutralised() -> None:
    out = io.StringIO()
    write_rows(out, ["name"], [["=1+1"], ["@SUM(A1)"], ["plain"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["name"], ["'=1+1"], ["'@SUM(A1)"], ["plain"]]


def test_encryption_round_trips_and_rotates_keys(settings: object) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]  # type: ignore[attr-defined]
    token = encrypt("Lesbian")
    settings.ENCRYPTION_KEYS = [new, old]  # type: ignore[attr-defined]
    assert decrypt(token) == "Lesbian"
    settings.ENCRYPTION_KEYS = [new]  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        decrypt(token)


@pytest.mark.parametrize(("text", "bad"), [("plain", False), ("tab\tand\nnewline", False),
                                           ("bell\x07", True), ("nul\x00", True),
                                           ("c1\x85", True)])
def test_it_finds_control_characters(text: str, bad: bool) -> None:
    assert has_control_characters(text) is bad

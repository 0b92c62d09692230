"""The interface speaks Welsh, and the Welsh catalogue covers every string we ship."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [ROOT / "locale" / "cy" / "LC_MESSAGES",
              ROOT / "locale-allauth" / "cy" / "LC_MESSAGES"]


def entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """Return (msgid, msgstrs, fuzzy) for each entry of a .po file (a small reader)."""
    result, msgid, strs, fuzzy, current = [], None, [], False, None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if msgid is not None:
                result.append((msgid, strs, fuzzy))
            msgid, strs, fuzzy, current = None, [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = eval(line[6:]), "id"  # noqa: S307 - a quoted string literal
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr"):
            strs.append(eval(line.split(" ", 1)[1]))  # noqa: S307
            current = "str"
        elif line.startswith('"') and current == "id":
            msgid += eval(line)  # noqa: S307
        elif line.startswith('"') and current == "str":
            strs[-1] += eval(line)  # noqa: S307
    return [entry for entry in result if entry[0]]


@pytest.mark.parametrize("folder", CATALOGUES, ids=["coproduce", "allauth"])
def test_every_string_has_welsh(folder: Path) -> None:
    missing = [msgid for msgid, strs, fuzzy in entries(folder / "django.po")
               if fuzzy or not all(strs)]
    assert not missing, f"untranslated or fuzzy in {folder}: {missing[:10]}"


@pytest.mark.parametrize("folder", CATALOGUES, ids=["coproduce", "allauth"])
def test_the_compiled_catalogue_matches_the_source(folder: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")],
                   check=True, capture_output=True)
    with (folder / "django.mo").open("rb") as shipped, fresh.open("rb") as made:
        assert gettext.GNUTranslations(shipped)._catalog == (  # type: ignore[attr-defined]
            gettext.GNUTranslations(made)._catalog)  # type: ignore[attr-defined]


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "coproduce"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        "static", "__pycache__", "tests", "locale-allauth", "migrations"))
    subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "cy", "--no-obsolete",
                    "--pythonpath", str(ROOT.parent), "--settings", "coproduce.settings"],
                   cwd=copy, check=True, capture_output=True,
                   env={**os.environ, "COPRODUCE_VAR_DIR": str(tmp_path / "var")})
    made = {msgid for msgid, _strs, _fuzzy in entries(copy / "locale/cy/LC_MESSAGES/django.po")}
    ours = {msgid for msgid, _strs, _fuzzy in entries(CATALOGUES[0] / "django.po")}
    assert made - ours == set(), "run `make messages` and translate the new strings"


def test_pages_are_in_welsh_when_chosen(client: Any, login: Any, coordinator: Any,
                                        org: Any) -> None:
    client.cookies["django_language"] = "cy"
    sign_in = client.get(reverse("account_login")).content.decode()
    assert "Mewngofnodi" in sign_in and "Cyfrinair" in sign_in
    client = login(coordinator)
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    html = page.content.decode()
    assert '<html lang="cy"' in html and "Dangosfwrdd" in html
    assert "Canolfan Ddydd yr Harbwr" in html  # the organisation's Welsh name

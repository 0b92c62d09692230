"""Frameworks are data files; a schema check names the file and line of anything wrong."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from coproduce.assessments.frameworks import (
    FRAMEWORK_FOLDER,
    SURVEY_FOLDER,
    Framework,
    FrameworkError,
    catalogue,
    check_file,
    frameworks,
    read_folder,
)

SHIPPED = sorted(FRAMEWORK_FOLDER.glob("*.json")) + sorted(SURVEY_FOLDER.glob("*.json"))

GOOD = """{
  "id": "tiny",
  "version": 1,
  "kind": "assessment",
  "name": "Tiny",
  "name_cy": "Bach",
  "summary": "A small framework.",
  "summary_cy": "Fframwaith bach.",
  "source": {"title": "A report", "author": "Someone", "year": 2020},
  "scale": {
    "min": 1,
    "max": 3,
    "question": "How true?",
    "question_cy": "Pa mor wir?",
    "labels": [
      {"value": 1, "en": "No", "cy": "Na"},
      {"value": 2, "en": "Partly", "cy": "Yn rhannol"},
      {"value": 3, "en": "Yes", "cy": "Ie"}
    ]
  },
  "areas": [
    {
      "id": "first",
      "name": "First",
      "name_cy": "Cyntaf",
      "guidance": "Guidance.",
      "guidance_cy": "Canllaw.",
      "starters": [{"en": "Why?", "cy": "Pam?"}],
      "tips": [{"en": "Start.", "cy": "Dechrau."}],
      "items": [
        {"id": "one", "text": "One.", "text_cy": "Un.", "easy_read": "1", "easy_read_cy": "1"},
        {"id": "two", "text": "Two.", "text_cy": "Dau.", "easy_read": "2", "easy_read_cy": "2"}
      ]
    }
  ]
}
"""


def write(folder: Path, text: str, name: str = "tiny.json") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize("path", SHIPPED, ids=[path.name for path in SHIPPED])
def test_it_ships_frameworks_that_pass_the_schema_check(path: Path) -> None:
    assert check_file(path) == []


def test_it_ships_the_four_frameworks_and_two_surveys() -> None:
    assert set(catalogue("assessment")) == {
        "gmcvo-critical-success-factors", "clore-barriers", "ndti-principles-and-jigsaw",
        "five-steps"}
    assert set(catalogue("survey")) == {"meeting-pulse", "participant-outcomes"}
    by_key = {framework.key: framework for framework in frameworks()}
    assert [area.key for area in by_key["clore-barriers"].areas] == [
        "time-resources-skills", "resistance-to-change", "understanding", "power-imbalances",
        "lack-of-engagement", "accessibility", "funding-landscape", "fear-of-getting-it-wrong"]
    assert by_key["clore-barriers"].extras[0].key == "readiness-check"
    ndti = [area.key for area in by_key["ndti-principles-and-jigsaw"].areas]
    assert ndti[:4] == ["equality", "diversity", "accessibility", "reciprocity"]
    assert len(ndti) == 12
    assert [area.key for area in by_key["five-steps"].areas] == [
        "map-it", "focus-it", "people-it", "market-it", "grow-it"]
    assert by_key["five-steps"].extras[0].key == "mainstreaming-barriers"
    assert [area.key for area in by_key["gmcvo-critical-success-factors"].areas] == [
        "enabling-factors", "skills", "processes"]


def test_every_weak_area_has_conversation_starters_and_tips() -> None:
    for framework in frameworks():
        for area in framework.areas:
            assert area.starters and area.tips, f"{framework.key}/{area.key}"


def test_it_accepts_a_well_formed_file(tmp_path: Path) -> None:
    assert check_file(write(tmp_path, GOOD)) == []
    framework = Framework.from_data(json.loads(GOOD))
    assert [item.key for item in framework.items] == ["one", "two"]
    assert framework.scale.values() == [1, 2, 3]


def test_a_new_framework_is_added_by_adding_a_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    assert list(read_folder(tmp_path)) == ["tiny"]


@pytest.mark.parametrize(("change", "fragment", "message"), [
    # a missing translation, named at the line of the English text
    (('"name_cy": "Bach",\n', ""), '"name": "Tiny"', "missing Welsh translation 'name_cy'"),
    (('"text_cy": "Dau.", ', ""), '"text": "Two."', "missing Welsh translation 'text_cy'"),
    (('{"en": "Start.", "cy": "Dechrau."}', '{"en": "Start."}'), '"en": "Start."',
     "missing Welsh translation 'cy'"),
    (('"guidance_cy": "Canllaw."', '"guidance_cy": " "'), '"guidance_cy"', "must be some text"),
    # a bad scale
    (('"max": 3', '"max": 1'), '"max": 1', "'max' must be larger than its 'min'"),
    (('"max": 3', '"max": 30'), '"max": 30', "'max' in the scale must be a whole number"),
    (('{"value": 3, "en": "Yes", "cy": "Ie"}', '{"value": 7, "en": "Yes", "cy": "Ie"}'),
     '"value": 7', "the label for 7 is outside the scale"),
    (('"min": 1', '"min": "one"'), '"min": "one"', "'min' in the scale must be a whole number"),
    # duplicate ids
    (('"id": "two"', '"id": "one"'), '"id": "one", "text": "Two."', "duplicate id 'one'"),
    (('"version": 1,', '"version": 1,\n  "version": 2,'), '"version": 2',
     "'version' appears twice"),
    # other mistakes
    (('"name": "First"', '"nmae": "First"'), '"nmae"', "unknown key 'nmae'"),
    (('"id": "tiny"', '"id": "other"'), '"id": "other"', "must match the file name"),
    (('"kind": "assessment"', '"kind": "quiz"'), '"kind": "quiz"', "'kind' must be one of"),
    (('"starters": [{"en": "Why?", "cy": "Pam?"}]', '"starters": []'), '"starters": []',
     "'starters' in area 'first' must be a list with at least one entry"),
])
def test_it_rejects_a_malformed_file_naming_the_file_and_line(
    tmp_path: Path, change: tuple[str, str], fragment: str, message: str
) -> None:
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    errors = check_file(write(tmp_path, text))
    assert errors, "the malformed file was accepted"
    matching = [error for error in errors if message in error.message]
    assert matching, [str(error) for error in errors]
    assert matching[0].file == "tiny.json"
    assert matching[0].line == line_of(text, fragment)
    assert str(matching[0]).startswith(f"tiny.json, line {line_of(text, fragment)}: ")


def test_it_names_the_line_of_invalid_json(tmp_path: Path) -> None:
    text = GOOD.replace('"version": 1,', '"version": 1', 1)
    errors = check_file(write(tmp_path, text))
    assert [(error.file, error.line) for error in errors] == [
        ("tiny.json", line_of(text, '"kind"'))]
    assert "not valid JSON" in errors[0].message


def test_it_refuses_a_folder_with_a_malformed_file_and_says_where(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace('"id": "tiny"', '"id": "broken"').replace(
        '"name_cy": "Bach",\n', ""), name="broken.json")
    with pytest.raises(FrameworkError) as raised:
        read_folder(tmp_path)
    assert "broken.json, line 5: missing Welsh translation 'name_cy'" in str(raised.value)


def test_it_reports_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(GOOD.replace("Bach", "Bàch").encode("latin-1"))
    assert "UTF-8" in check_file(path)[0].message


def test_it_shows_each_text_in_the_language_of_the_page() -> None:
    framework = Framework.from_data(json.loads(GOOD))
    with translation.override("cy"):
        assert str(framework.name) == "Bach"
        assert str(framework.areas[0].items[1].text) == "Dau."
    with translation.override("en"):
        assert str(framework.name) == "Tiny"


def test_the_command_checks_the_files(tmp_path: Path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("check-frameworks")
    bad = write(tmp_path, GOOD.replace('"name_cy": "Bach",\n', ""))
    with pytest.raises(CommandError):
        call_command("check-frameworks", str(bad))

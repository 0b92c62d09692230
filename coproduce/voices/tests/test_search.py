"""Full-text search behind one function, on SQLite and PostgreSQL."""

import datetime
from typing import Any

from coproduce.voices.models import Voice
from coproduce.voices.search import search

DAY = datetime.date(2025, 1, 1)


def found(org: Any, text: str) -> set[str]:
    return set(search(Voice.objects.filter(organisation=org), text)
               .values_list("text", flat=True))


def test_every_word_must_match_as_a_word_or_its_start(org: Any, other_org: Any) -> None:
    for text in ["Trip to the seaside in August", "Seaside benches are broken",
                 "More trips for carers"]:
        Voice.objects.create(organisation=org, text=text, channel="phone", heard_on=DAY)
    Voice.objects.create(organisation=other_org, text="Seaside trip", channel="phone",
                         heard_on=DAY)
    assert found(org, "seaside") == {"Trip to the seaside in August", "Seaside benches are broken"}
    assert found(org, "trip seaside") == {"Trip to the seaside in August"}
    assert found(org, "carer") == {"More trips for carers"}
    assert found(org, "") == found(org, "   ") == {v.text for v in Voice.objects.filter(
        organisation=org)}
    assert found(org, "\"; DROP TABLE voices_voice; --") == set()


def test_the_index_follows_changes_and_deletions(org: Any) -> None:
    voice = Voice.objects.create(organisation=org, text="Bingo on Tuesdays", channel="phone",
                                 heard_on=DAY)
    voice.text = "Quiz on Tuesdays"
    voice.save()
    assert found(org, "bingo") == set() and found(org, "quiz") == {"Quiz on Tuesdays"}
    voice.delete()
    assert found(org, "quiz") == set()


def test_welsh_and_accents(org: Any) -> None:
    Voice.objects.create(organisation=org, text="Hoffwn gael mwy o dripiau i'r traeth",
                         channel="phone", heard_on=DAY)
    Voice.objects.create(organisation=org, text="Café chwarae i blant", channel="phone",
                         heard_on=DAY)
    assert found(org, "traeth") == {"Hoffwn gael mwy o dripiau i'r traeth"}
    assert found(org, "cafe") == {"Café chwarae i blant"}  # accents are folded
    assert found(org, "café") == {"Café chwarae i blant"}

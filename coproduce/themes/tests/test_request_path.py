"""Requests read stored vectors and embed only the text typed into them; they write nothing;
the public look-up is rate-limited like the public form."""

import datetime
import io
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.lib.tabular import read_rows
from coproduce.themes import engine, store, views
from coproduce.themes.embeddings import BackendChoice, LexicalEmbedder
from coproduce.themes.models import Placement, Theme, VoiceVector
from coproduce.voices.imports import import_voices
from coproduce.voices.models import Voice

from .test_glue import SAYINGS


class CountingEmbedder(LexicalEmbedder):
    """The lexical backend, counting every text it is asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return super().embed(texts)


@pytest.fixture
def counting() -> Iterator[CountingEmbedder]:
    embedder = CountingEmbedder()
    engine.forget_backends()
    engine._shared["lexical"] = BackendChoice(embedder, "using lexical grouping (counted)")
    yield embedder
    engine.forget_backends()


def imported(org: Any, count: int, start: int = 0) -> None:
    texts = [t for texts in SAYINGS.values() for t in texts]
    rows = "external_id,text,date_heard\n" + "".join(
        f"X{i},{texts[i % len(texts)]} ({i}),2025-03-01\n" for i in range(start, start + count))
    report = import_voices(org, read_rows(io.BytesIO(rows.encode()), "v.csv"))
    assert report.created == count


def test_no_get_embeds_the_corpus_or_writes_rows(login: Any, coordinator: Any, org: Any,
                                                 counting: CountingEmbedder) -> None:
    imported(org, 60)  # an import nobody has grouped or placed yet
    store.regroup(org)  # the worker's job: embeds and stores every vector
    imported(org, 40, start=60)  # and 40 more the worker has not reached
    counting.texts.clear()
    before = (VoiceVector.objects.count(), Placement.objects.count(), Theme.objects.count())
    client = login(coordinator)
    typed = "a trip to the seaside"
    suggest = client.get(reverse("themes:suggest", kwargs={"org_slug": org.slug}),
                         {"text": typed})
    assert suggest.status_code == 200 and "seaside" in suggest.content.decode()
    assert counting.texts == [typed]
    assert client.get(reverse("themes:list", kwargs={"org_slug": org.slug})).status_code == 200
    voice = Voice.objects.filter(organisation=org).first()
    assert voice is not None
    client.get(reverse("themes:move", kwargs={"org_slug": org.slug, "voice_id": voice.pk}))
    client.get(reverse("themes:public_suggest", kwargs={"org_slug": org.slug}),
               {"text": "coffee in the cafe is cold"})
    assert counting.texts == [typed, voice.text, "coffee in the cafe is cold"]
    after = (VoiceVector.objects.count(), Placement.objects.count(), Theme.objects.count())
    assert after == before


def test_the_suggestion_shows_one_theme_with_alternatives_apart(
    login: Any, coordinator: Any, org: Any, semantic: None
) -> None:
    imported(org, 30)
    store.regroup(org)
    client = login(coordinator)
    page = client.get(reverse("themes:suggest", kwargs={"org_slug": org.slug}),
                      {"text": "can we have a coach trip to the seaside"}).content.decode()
    seaside = Placement.objects.get(voice__external_id="X0").theme
    assert "Suggested theme" in page and seaside.get_absolute_url() in page
    assert page.index(seaside.label) < page.index("Similar things people said")
    assert "/voices/" in page  # similar voices link to where they can be acted on


def test_it_rate_limits_the_public_suggestions_per_address(
    client: Any, org: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(views, "PUBLIC_SUGGEST_LIMIT", 3)
    url = reverse("themes:public_suggest", kwargs={"org_slug": org.slug})
    codes = [client.get(url, {"text": "buses to the centre please"},
                        REMOTE_ADDR="203.0.113.9").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    other = client.get(url, {"text": "buses to the centre please"}, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 200


def test_the_index_is_rebuilt_after_a_placement_not_on_a_voice_edit(org: Any) -> None:
    imported(org, 30)
    store.regroup(org)
    first = store.index_for(org)
    Voice.objects.filter(organisation=org).update(updated_at=timezone.now()
                                                  + datetime.timedelta(seconds=5))
    assert store.index_for(org) is first
    theme = Theme.objects.filter(organisation=org).first()
    assert theme is not None
    store.rename(theme, "Something else")
    assert store.index_for(org) is not first

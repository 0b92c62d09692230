"""The themes engine over plain data: grouping, stable identity, suggestions, bad input.

Most tests use the lexical backend (fast, always installed); one loads the semantic model
when it is installed.
"""

import csv
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from coproduce.themes import embeddings, engine
from coproduce.themes.embeddings import (
    BackendChoice,
    LexicalEmbedder,
    OnnxSemanticEmbedder,
    SemanticModelUnavailable,
    choose_backend,
    pack_vector,
    unpack_vector,
)
from coproduce.themes.engine import (
    NOT_ENOUGH_VOICES,
    GroupingResult,
    ThemeIndex,
    ThemeState,
    VoiceText,
    embed_voices,
    group_voices,
)

EVAL = Path(__file__).resolve().parents[3] / "bench" / "data" / "themes_eval.csv"

TOPICS = {
    "sea": ["coach trip to the seaside", "a day trip to the seaside please",
            "seaside trip on a coach in summer", "can we have a trip to the seaside",
            "coach trip to the seaside with fish and chips", "seaside day trip for members",
            "trip to the seaside by coach", "summer seaside trip"],
    "damp": ["black mould in the bedroom and damp walls", "damp and mould in my flat",
             "mould on the bathroom walls, damp everywhere", "the flat is damp with black mould",
             "damp walls and mould in the kitchen", "mould and damp in the bedroom again",
             "damp flat, mould on the walls", "black mould and damp"],
    "bus": ["the bus to the centre stopped running", "no bus from the village to the centre",
            "more buses to the centre please", "the bus route to the centre was cut",
            "bus to the centre only every hour", "need a bus to the centre on sundays",
            "the last bus to the centre leaves too early", "a bus from the estate to the centre"],
}


def corpus(topics: Sequence[str] = ("sea", "damp", "bus")) -> list[VoiceText]:
    return [VoiceText(f"{topic}{n}", text) for topic in topics
            for n, text in enumerate(TOPICS[topic])]


def theme_of(result: GroupingResult, voice_id: str) -> engine.Theme | None:
    return result.theme_of(voice_id)


def as_states(result: GroupingResult) -> list[ThemeState]:
    return [ThemeState(id=t.id, label=t.label, confirmed=t.confirmed, locked=t.locked,
                       member_ids=frozenset(t.member_ids)) for t in result.themes]


# --- grouping -----------------------------------------------------------------------------

def test_it_groups_similar_voices_and_labels_each_theme() -> None:
    result = group_voices(corpus(), backend="lexical")
    assert result.backend == "lexical"
    assert "lexical" in result.backend_reason
    assert result.state == engine.GROUPED
    for topic in TOPICS:
        theme = theme_of(result, f"{topic}0")
        assert theme is not None
        same = sum(1 for n in range(8) if f"{topic}{n}" in theme.member_ids)
        assert same >= 6, (topic, theme)
        assert theme.representative_id in theme.member_ids
        assert theme.keywords and theme.label
    sea = theme_of(result, "sea0")
    assert sea is not None and "seaside" in " ".join(sea.keywords)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_it_says_there_are_not_enough_voices_to_group_yet(count: int) -> None:
    voices = corpus()[:count]
    result = group_voices(voices, backend="lexical")
    assert result.state == NOT_ENOUGH_VOICES
    assert result.message == "Not enough voices to group yet"
    assert result.themes == []
    assert result.ungrouped_ids == [v.id for v in voices]
    suggestion = ThemeIndex.build(voices, backend="lexical").suggest("a trip to the sea")
    assert suggestion.themes == []
    assert suggestion.note


def test_it_leaves_a_lone_unrelated_voice_not_yet_grouped() -> None:
    voices = [*corpus(), VoiceText("odd", "xylophone quartet rehearsal schedule")]
    result = group_voices(voices, backend="lexical")
    assert "odd" in result.ungrouped_ids


# --- stable identity ----------------------------------------------------------------------

def test_it_keeps_a_confirmed_theme_with_its_id_label_and_members() -> None:
    confirmed = ThemeState(id=41, label="Beach outings", confirmed=True,
                           member_ids=frozenset({"sea0", "sea1", "damp7"}))
    result = group_voices(corpus(), [confirmed], backend="lexical")
    kept = [t for t in result.themes if t.id == 41]
    assert len(kept) == 1
    assert kept[0].label == "Beach outings"
    assert kept[0].confirmed
    # Its members stay, even one a person put there that the engine would not have.
    assert {"sea0", "sea1", "damp7"} <= set(kept[0].member_ids)
    # And it attracts the free voices of its kind instead of a new automatic theme.
    assert sum(1 for v in kept[0].member_ids if v.startswith("sea")) >= 6


def test_it_never_dissolves_or_renames_a_named_theme_even_when_empty() -> None:
    named = ThemeState(id="t-choir", label="Community choir", locked=True)
    result = group_voices(corpus(), [named], backend="lexical")
    kept = [t for t in result.themes if t.id == "t-choir"]
    assert len(kept) == 1 and kept[0].label == "Community choir" and kept[0].locked
    assert "t-choir" not in result.dissolved_ids


def test_it_keeps_a_voice_a_person_moved() -> None:
    first = group_voices(corpus(), backend="lexical")
    damp = theme_of(first, "damp0")
    assert damp is not None
    states = []
    for state in as_states(first):
        if state.id == damp.id:
            state = ThemeState(id=state.id, label=state.label,
                               member_ids=state.member_ids | {"sea3"},
                               pinned_ids=frozenset({"sea3"}))
        else:
            state = ThemeState(id=state.id, label=state.label,
                               member_ids=state.member_ids - {"sea3"},
                               excluded_ids=frozenset({"sea3"}))
        states.append(state)
    again = group_voices(corpus(), states, backend="lexical")
    moved = theme_of(again, "sea3")
    assert moved is not None and moved.id == damp.id
    # Twice more, to be sure it sticks.
    third = group_voices(corpus(), as_states(again) + [s for s in states if s.pinned_ids],
                         backend="lexical")
    assert theme_of(third, "sea3") is not None
    assert theme_of(third, "sea3").id == damp.id  # type: ignore[union-attr]


def test_it_never_puts_a_voice_back_into_a_theme_a_person_took_it_out_of() -> None:
    theme = ThemeState(id=7, label="Seaside", confirmed=True,
                       member_ids=frozenset({"sea0", "sea1", "sea2"}),
                       excluded_ids=frozenset({"sea4"}))
    result = group_voices(corpus(), [theme], backend="lexical")
    assert "sea4" not in next(t for t in result.themes if t.id == 7).member_ids


def test_it_keeps_a_merge_and_a_split_made_by_staff() -> None:
    merged = ThemeState(id="merged", label="Getting about and getting away", locked=True,
                        member_ids=frozenset({"sea0", "sea1", "bus0", "bus1"}))
    split_a = ThemeState(id="mould", label="Mould", locked=True,
                         member_ids=frozenset({"damp0", "damp1", "damp2"}))
    split_b = ThemeState(id="walls", label="Damp walls", locked=True,
                         member_ids=frozenset({"damp3", "damp4"}))
    result = group_voices(corpus(), [merged, split_a, split_b], backend="lexical")
    by_id = {t.id: t for t in result.themes}
    assert {"merged", "mould", "walls"} <= set(by_id)
    assert {"sea0", "sea1", "bus0", "bus1"} <= set(by_id["merged"].member_ids)
    assert {"damp0", "damp1", "damp2"} <= set(by_id["mould"].member_ids)
    assert {"damp3", "damp4"} <= set(by_id["walls"].member_ids)
    assert by_id["merged"].label == "Getting about and getting away"
    assert not result.dissolved_ids


def test_it_keeps_automatic_theme_ids_by_overlap_when_voices_are_added() -> None:
    first = group_voices(corpus(), backend="lexical")
    ids_before = {topic: theme_of(first, f"{topic}0").id for topic in TOPICS}  # type: ignore[union-attr]
    more = [*corpus(), VoiceText("sea9", "seaside coach trip in august"),
            VoiceText("bus9", "the bus to the centre is always late")]
    second = group_voices(list(reversed(more)), as_states(first), backend="lexical")
    for topic, theme_id in ids_before.items():
        theme = theme_of(second, f"{topic}0")
        assert theme is not None and theme.id == theme_id and not theme.is_new
    assert not second.dissolved_ids


def test_it_reports_new_and_dissolved_automatic_themes() -> None:
    first = group_voices(corpus(("sea", "damp")), backend="lexical")
    second = group_voices(corpus(("bus", "damp")), as_states(first), backend="lexical")
    sea_id = theme_of(first, "sea0").id  # type: ignore[union-attr]
    assert sea_id in second.dissolved_ids
    bus = theme_of(second, "bus0")
    assert bus is not None and bus.is_new
    assert theme_of(second, "damp0").id == theme_of(first, "damp0").id  # type: ignore[union-attr]


# --- suggestions --------------------------------------------------------------------------

def test_it_suggests_the_nearest_themes_and_similar_voices() -> None:
    themes = [ThemeState(id=t, label=t, confirmed=True,
                         member_ids=frozenset({f"{t}0", f"{t}1", f"{t}2"})) for t in TOPICS]
    index = ThemeIndex.build(corpus(), themes, backend="lexical")
    suggestion = index.suggest("is there a seaside coach trip this year", limit=3)
    assert [s.id for s in suggestion.themes][0] == "sea"
    assert len(suggestion.themes) == 3
    assert suggestion.themes[0].score > suggestion.themes[1].score
    assert suggestion.similar and suggestion.similar[0].id.startswith("sea")
    assert index.assign("mould and damp in the bathroom") is not None
    assert index.assign("mould and damp in the bathroom").id == "damp"  # type: ignore[union-attr]
    assert index.similar("damp", exclude=["damp7"])[0].id != "damp7"


def _accuracy(rows: list[dict[str, str]], per_theme: int) -> float:
    rng = random.Random(3)
    by_theme: dict[str, list[str]] = {}
    for r in rows:
        by_theme.setdefault(r["theme"], []).append(r["id"])
    themes = [ThemeState(id=t, confirmed=True, member_ids=frozenset(rng.sample(ids, per_theme)))
              for t, ids in sorted(by_theme.items())]
    index = ThemeIndex.build([VoiceText(r["id"], r["text"]) for r in rows], themes,
                             backend="lexical")
    confirmed = {v for t in themes for v in t.member_ids}
    hits = total = 0
    for i, r in enumerate(rows):
        if r["id"] in confirmed:
            continue
        hits += index.theme_scores(index.vectors[i], limit=1)[0].id == r["theme"]
        total += 1
    return hits / total


def test_it_suggests_better_the_more_staff_confirm() -> None:
    with EVAL.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    one, ten = _accuracy(rows, 1), _accuracy(rows, 10)
    assert ten > one + 0.1, (one, ten)


# --- bad input ----------------------------------------------------------------------------

def test_it_copes_with_empty_short_long_emoji_welsh_and_other_scripts() -> None:
    awkward = [
        VoiceText("empty", ""), VoiceText("spaces", "   "), VoiceText("dots", "..."),
        VoiceText("emoji", "🚌🚌🚌"), VoiceText("word", "minibus"),
        VoiceText("long", "damp " * 2000),  # 10,000 characters
        VoiceText("welsh1", "Hoffwn i fynd ar drip i lan y môr"),
        VoiceText("welsh2", "Trip i lan y môr gyda'r clwb"),
        VoiceText("arabic", "نريد رحلة إلى البحر"),
        VoiceText("chinese", "我们想去海边旅行"),
        VoiceText("mixed", "seaside trip 🌊☀️ please!!"),
        VoiceText("dup1", "no bus from the village to the centre"),
        VoiceText("dup2", "no bus from the village to the centre"),
    ]
    result = group_voices([*corpus(), *awkward], backend="lexical")
    assert {"empty", "spaces", "dots", "emoji"} <= set(result.ungrouped_ids)
    everyone = set(result.ungrouped_ids) | {v for t in result.themes for v in t.member_ids}
    assert everyone == {v.id for v in [*corpus(), *awkward]}
    dup = theme_of(result, "dup1")
    assert dup is not None and "dup2" in dup.member_ids
    index = ThemeIndex.build([*corpus(), *awkward], as_states(result), backend="lexical")
    for text in ("", "🙂", "x", "damp " * 2000, "نريد رحلة", "我们想去海边", "lleithder"):
        suggestion = index.suggest(text)
        assert suggestion.backend == "lexical"
    assert index.suggest("").note == "nothing to match in this text"


def test_it_groups_a_welsh_only_organisation() -> None:
    welsh = ["trip i lan y môr", "trip i'r traeth yn yr haf", "hoffwn i drip i lan y môr",
             "lleithder yn y tŷ", "llwydni a lleithder yn y fflat", "lleithder ar y waliau"]
    result = group_voices([VoiceText(str(i), t) for i, t in enumerate(welsh)], backend="lexical")
    assert result.state == engine.GROUPED
    sea, damp = theme_of(result, "0"), theme_of(result, "3")
    assert sea is not None and damp is not None and sea.id != damp.id


# --- backends and the cache ---------------------------------------------------------------

def test_it_falls_back_to_lexical_with_a_reason_when_the_model_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "_package_dir", lambda name: None)
    engine.forget_backends()
    try:
        choice = choose_backend("auto")
        assert choice.name == "lexical"
        assert choice.reason.startswith("using lexical grouping: the semantic model is not")
        result = group_voices(corpus())
        assert result.backend == "lexical"
        assert result.message == result.backend_reason
        assert "not available" in result.backend_reason
    finally:
        engine.forget_backends()


def test_it_reports_a_broken_model_file_as_unavailable(tmp_path: Path) -> None:
    broken = tmp_path / "model.onnx"
    broken.write_bytes(b"not a model")
    tokenizer = tmp_path / "tokenizer.json"
    tokenizer.write_text("{}")
    embedder = OnnxSemanticEmbedder(model_path=broken, tokenizer_path=tokenizer)
    with pytest.raises(SemanticModelUnavailable):
        embedder.embed(["hello"])


def test_it_packs_vectors_compactly_and_knows_when_they_are_stale() -> None:
    vector = np.random.default_rng(1).normal(size=384).astype(np.float32)
    vector /= np.linalg.norm(vector)
    blob = pack_vector(vector, "model-a", "hello there")
    assert len(blob) < 450
    cached = unpack_vector(blob)
    assert float(cached.vector @ vector) > 0.999
    assert cached.is_current("hello  there", "model-a")  # whitespace does not matter
    assert not cached.is_current("hello again", "model-a")
    assert not cached.is_current("hello there", "model-b")
    with pytest.raises(ValueError):
        unpack_vector(b"garbage")


class CountingEmbedder:
    """A stand-in semantic backend: vectors from hashed words, counting texts embedded."""

    name = "semantic"
    model_id = "counting-v1"
    cacheable = True
    dimension = 64

    def __init__(self) -> None:
        self.embedded: list[str] = []
        self._lexical = LexicalEmbedder()

    def fit(self, corpus: Sequence[str]) -> None:
        pass

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, sum(map(ord, word)) % self.dimension] += 1.0
        out[:, 0] += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_it_reembeds_only_voices_whose_text_or_backend_changed() -> None:
    counting = CountingEmbedder()
    choice = BackendChoice(counting, "test")
    voices = corpus()
    _, first = embed_voices(voices, choice)
    assert len(first) == len(voices) and len(counting.embedded) == len(set(
        v.text for v in voices))
    counting.embedded.clear()
    changed = [VoiceText(v.id, v.text + " again") if v.id == "sea0" else v for v in voices]
    _, second = embed_voices(changed, choice, first)
    assert list(second) == ["sea0"] and counting.embedded == ["coach trip to the seaside again"]
    counting.model_id = "counting-v2"
    counting.embedded.clear()
    _, third = embed_voices(changed, choice, {**first, **second})
    assert len(third) == len(voices)
    counting.model_id = "counting-v1"
    result = group_voices(voices, backend=choice, cache=first)
    assert result.vectors == {} and result.backend == "semantic"


def test_it_groups_paraphrases_with_the_installed_semantic_model() -> None:
    OnnxSemanticEmbedder().files()  # the model is a pinned requirement: it must be there
    choice = choose_backend("semantic")
    assert choice.name == "semantic"
    vectors = choice.embedder.embed(["a day out at the beach", "coach trip to the seaside",
                                     "black mould in my bedroom"])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2
    result = group_voices(corpus(), backend=choice)
    assert result.backend == "semantic" and len(result.vectors) == len(corpus())
    for topic in TOPICS:
        theme = theme_of(result, f"{topic}0")
        assert theme is not None
        assert all(f"{topic}{n}" in theme.member_ids for n in range(8))

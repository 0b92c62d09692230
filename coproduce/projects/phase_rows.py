"""Rows other apps add to a project's list of phases: a budget vote's dated stages, for one.

Projects may not import the apps built on them, so each registers a function here when it
starts. A function takes the project and returns its rows, in a fixed number of queries.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Project


@dataclass(frozen=True)
class PhaseRow:
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None = None
    detail: str = ""
    url: str = ""


Collect = Callable[[Project], Iterable[PhaseRow]]
_collectors: dict[str, Collect] = {}


def register(key: str, collect: Collect) -> None:
    """Add (or replace) the rows `key` contributes; `collect(project)` returns them."""
    _collectors[key] = collect


def rows_for(project: Project) -> list[PhaseRow]:
    rows = [row for collect in _collectors.values() for row in collect(project)]
    return sorted(rows, key=lambda row: (row.starts_on or datetime.date.max, row.title))

"""What each app that imports files tells the import pages: its fields and how to import.

The imports app knows nothing of people or voices: each registers an `Importer` from its
AppConfig.ready(), and the pages, the worker and the remembered mappings use it by kind.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from coproduce.lib.tabular import ImportReport, Row

Run = Callable[..., ImportReport]  # (organisation, rows, user, mapping, add_people, dry_run)


@dataclass
class Importer:
    kind: str  # "voices", "people": used in addresses
    title: Any  # "Import voices" (lazily translated)
    permission: str
    fields: dict[str, Any]  # field -> label people see
    required: list[str]
    guess: Callable[[list[str]], dict[str, str]]
    check_mapping: Callable[[dict[str, str]], list[str]]
    run: Run
    preview: Callable[[Any, Row], list[tuple[Any, str]]]  # (organisation, mapped row)
    help_text: Any = ""
    offers_new_people: bool = False
    back_url_name: str = ""  # where "back" leads, e.g. "voices:list"
    noun: Callable[[int], str] = field(default=lambda n: str(n))  # "3 voices"


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.kind] = importer


def importer_of(kind: str) -> Importer | None:
    return _importers.get(kind)


def kinds() -> Iterable[str]:
    return _importers.keys()

"""The pieces a report is made of, and how each figure is written in each format.

A report is a list of sections; a section is a list of figures. A figure that belongs to a
breakdown names its table and row, so the web page and the PDF draw the table (and its chart)
while the CSV and XLSX write one `section, measure, value` row per figure: all formats are
written from the same figures, so they cannot disagree.
"""

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeString

from coproduce.lib import smallnumbers
from coproduce.lib.charts import bar_chart


class Kind:
    COUNT = "count"
    MONEY = "money"  # pence
    HOURS = "hours"  # minutes, shown as hours
    PERCENT = "percent"  # a share from 0 to 1
    SCORE = "score"  # a mean on an assessment scale
    DAYS = "days"
    DATE = "date"  # ISO text
    TEXT = "text"


@dataclass
class Figure:
    measure: str
    value: Any
    kind: str = Kind.COUNT
    table: str = ""  # the breakdown this figure is a row of
    hidden: bool = False  # held back by the small-number rule

    @property
    def text(self) -> str:
        return shown(self)

    @property
    def label(self) -> str:
        """The measure as the CSV names it: the breakdown, then its row."""
        return f"{self.table}: {self.measure}" if self.table else self.measure


@dataclass
class Table:
    caption: str
    figures: list[Figure]

    @property
    def chartable(self) -> bool:
        return all(f.kind == Kind.COUNT for f in self.figures) and any(
            not f.hidden and f.value for f in self.figures)

    @property
    def chart(self) -> SafeString:
        """A bar chart of the rows shown (the table beside it holds every figure)."""
        if not self.chartable:
            return SafeString("")
        rows = [(f.measure, float(f.value)) for f in self.figures if not f.hidden]
        return bar_chart(rows, max(value for _label, value in rows), self.caption)


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    def add(self, measure: str, value: Any, kind: str = Kind.COUNT) -> None:
        # Kept as JSON when published, so no Decimals.
        self.figures.append(Figure(str(measure), float(value) if isinstance(value, Decimal)
                                   else value, kind))

    def hold_back_small_counts(self) -> None:
        """Where counts are read on their own, away from the report's breakdowns (the
        governance summary), a count of 1-4 is held back too: too few to show safely."""
        for figure in self.figures:
            if (figure.kind == Kind.COUNT and isinstance(figure.value, int)
                    and smallnumbers.is_small(figure.value)):
                figure.hidden = True

    def breakdown(self, caption: str, rows: Sequence[tuple[Any, int]], parts: bool = False) -> None:
        """Add a breakdown of counts, holding back 1-4. Where the rows are `parts` of a total
        shown elsewhere and one alone is held back, hold back the next smallest too, so that
        the total cannot give it away."""
        hidden = [smallnumbers.is_small(n) for _label, n in rows]
        if parts and sum(hidden) == 1:
            others = [(n, i) for i, (_label, n) in enumerate(rows) if not hidden[i] and n > 0]
            if others:
                hidden[min(others)[1]] = True
        for (label, n), hide in zip(rows, hidden, strict=True):
            self.figures.append(Figure(str(label), None if hide else n, Kind.COUNT,
                                       table=str(caption), hidden=hide))

    @property
    def headline(self) -> list[Figure]:
        return [f for f in self.figures if not f.table]

    @property
    def tables(self) -> list[Table]:
        found: dict[str, list[Figure]] = {}
        for figure in self.figures:
            if figure.table:
                found.setdefault(figure.table, []).append(figure)
        return [Table(caption, rows) for caption, rows in found.items()]


@dataclass
class Report:
    organisation: str
    title: str
    start: str
    end: str
    language: str
    built_on: str
    project: str = ""
    empty: bool = False
    sections: list[Section] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, str]]:
        """Every figure as (section, measure, value), the value as plain text."""
        return [(s.title, f.label, plain(f)) for s in self.sections for f in s.figures]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Report":
        sections = [Section(key=s["key"], title=s["title"],
                            figures=[Figure(**f) for f in s["figures"]],
                            notes=s.get("notes", []), quotes=s.get("quotes", []))
                    for s in data["sections"]]
        return cls(**{**data, "sections": sections})

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def figure(self, key: str, measure: str) -> Figure | None:
        found = self.section(key)
        return next((f for f in found.figures if f.label == measure), None) if found else None


def held_back() -> str:
    return smallnumbers.fewer_than()


def plain(figure: Figure) -> str:
    """The value for a spreadsheet: numbers without grouping or currency signs."""
    if figure.hidden:
        return held_back()
    value = figure.value
    if value is None:
        return ""
    if figure.kind == Kind.MONEY:
        return f"{Decimal(value) / 100:.2f}"
    if figure.kind == Kind.HOURS:
        return f"{Decimal(value) / 60:.1f}"
    if figure.kind == Kind.PERCENT:
        return f"{Decimal(str(value)) * 100:.0f}"
    if figure.kind in (Kind.SCORE, Kind.DAYS):
        return f"{Decimal(str(value)):.1f}"
    return str(value)


def number(value: Any, places: int = 0) -> str:
    return formats.number_format(Decimal(str(value)), places, use_l10n=True, force_grouping=True)


def shown(figure: Figure) -> str:
    """The value for a reader, in the active language's conventions."""
    if figure.hidden:
        return held_back()
    value = figure.value
    if value is None:
        return "–"
    if figure.kind == Kind.COUNT:
        return number(value)
    if figure.kind == Kind.MONEY:
        pounds = Decimal(value) / 100  # a gap can be below nothing: "-£5.00", not "£-5.00"
        return ("-" if pounds < 0 else "") + "£" + number(abs(pounds), 2)
    if figure.kind == Kind.HOURS:
        return number(Decimal(value) / 60, 1)
    if figure.kind == Kind.PERCENT:
        return number(Decimal(str(value)) * 100, 0) + "%"
    if figure.kind in (Kind.SCORE, Kind.DAYS):
        return number(value, 1)
    if figure.kind == Kind.DATE:
        return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    return str(value)


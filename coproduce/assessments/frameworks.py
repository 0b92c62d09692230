"""Frameworks and survey forms kept as data: the schema check, loading, and what views use.

Each assessment framework is a JSON file in ``frameworks/``; each survey form is one in
``surveys/``. Adding a file adds a framework. The schema check names the file and the line
of anything wrong, so whoever adds or translates a file can fix it without reading Python.
Files are read on first use (never at import time) and kept for the life of the process.
A round keeps a copy of the framework it used, so later edits never change old results.
"""

import bisect
import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from coproduce.lib.bilingual import in_language

HERE = Path(__file__).resolve().parent
FRAMEWORK_FOLDER = HERE / "frameworks"
SURVEY_FOLDER = HERE / "surveys"
KINDS = ("assessment", "survey")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WHITESPACE = re.compile(r"[ \t\n\r]*")
LARGEST_SCALE = 10


# --- Reading JSON with line numbers -------------------------------------------------------

class Node(dict[str, Any]):
    """A JSON object that remembers the line it starts on and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.repeated: list[tuple[str, int]] = []

    def line_of(self, key: str | None) -> int:
        return self.key_lines.get(key, self.line) if key else self.line


class LineDecoder(json.JSONDecoder):
    """The standard decoder, with objects parsed into Nodes that know their lines."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.newlines = [index for index, char in enumerate(text) if char == "\n"]
        self.parse_object = self.node  # type: ignore[assignment]
        # The C scanner ignores parse_object; the pure-Python one calls it.
        self.scan_once = py_make_scanner(self)

    def line(self, index: int) -> int:
        return bisect.bisect_left(self.newlines, index) + 1

    def node(self, s_and_end: tuple[str, int], strict: bool,
             scan_once: Callable[[str, int], tuple[Any, int]], *_hooks: Any) -> tuple[Node, int]:
        text, end = s_and_end
        node = Node(self.line(end - 1))
        end = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if text[end:end + 1] == "}":
            return node, end + 1
        while True:
            if text[end:end + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", text, end)
            key_line = self.line(end)
            key, end = scanstring(text, end + 1, strict)
            end = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
            if text[end:end + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", text, end)
            end = WHITESPACE.match(text, end + 1).end()  # type: ignore[union-attr]
            try:
                value, end = scan_once(text, end)
            except StopIteration as stop:
                raise json.JSONDecodeError("Expecting value", text, stop.value) from None
            if key in node:
                node.repeated.append((key, key_line))
            node[key] = value
            node.key_lines[key] = key_line
            end = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
            delimiter = text[end:end + 1]
            end += 1
            if delimiter == "}":
                return node, end
            if delimiter != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, end - 1)
            end = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]


# --- The schema check ---------------------------------------------------------------------

@dataclass(frozen=True)
class SchemaError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}"


class FrameworkError(Exception):
    """A framework file is malformed; the message lists each problem with file and line."""

    def __init__(self, errors: list[SchemaError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


TOP_KEYS = {"id", "version", "kind", "name", "name_cy", "summary", "summary_cy", "source",
            "scale", "areas", "extras", "comment"}
SOURCE_KEYS = {"title", "author", "year", "url", "note"}
SCALE_KEYS = {"min", "max", "question", "question_cy", "labels"}
LABEL_KEYS = {"value", "en", "cy", "easy_read", "easy_read_cy"}
AREA_KEYS = {"id", "name", "name_cy", "guidance", "guidance_cy", "starters", "tips", "items"}
ITEM_KEYS = {"id", "text", "text_cy", "easy_read", "easy_read_cy"}
EXTRA_KEYS = {"id", "title", "title_cy", "intro", "intro_cy", "items"}
PAIR_KEYS = {"en", "cy"}
COMMENT_KEYS = {"en", "cy", "easy_read", "easy_read_cy"}


class Checker:
    """Collect every problem in one file (not just the first), each with its line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[SchemaError] = []

    def fail(self, node: Node, key: str | None, message: str) -> None:
        self.errors.append(SchemaError(self.name, node.line_of(key), message))

    def shape(self, node: Node, allowed: set[str], where: str) -> None:
        for key, line in node.repeated:
            self.errors.append(SchemaError(self.name, line, f"'{key}' appears twice in {where}"))
        for key in node:
            if key not in allowed:
                self.fail(node, key, f"unknown key '{key}' in {where}")

    def node(self, parent: Node, key: str, where: str, required: bool = True) -> Node | None:
        if key not in parent:
            if required:
                self.fail(parent, None, f"{where} has no '{key}'")
            return None
        value = parent[key]
        if not isinstance(value, Node):
            self.fail(parent, key, f"'{key}' in {where} must be an object")
            return None
        return value

    def nodes(self, parent: Node, key: str, where: str, required: bool = True,
              allow_empty: bool = False) -> list[Node]:
        if key not in parent:
            if required:
                self.fail(parent, None, f"{where} has no '{key}'")
            return []
        value = parent[key]
        if not isinstance(value, list) or not (value or allow_empty):
            self.fail(parent, key, f"'{key}' in {where} must be a list with at least one entry")
            return []
        found = []
        for entry in value:
            if isinstance(entry, Node):
                found.append(entry)
            else:
                self.fail(parent, key, f"every entry of '{key}' in {where} must be an object")
        return found

    def text(self, node: Node, key: str, where: str, required: bool = True) -> None:
        if key not in node:
            if required:
                self.fail(node, None, f"{where} has no '{key}'")
            return
        value = node[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(node, key, f"'{key}' in {where} must be some text")

    def bilingual(self, node: Node, key: str, where: str, required: bool = True,
                  welsh: str = "") -> None:
        """Check English text and its Welsh translation (`key`_cy unless `welsh` is given)."""
        welsh = welsh or f"{key}_cy"
        self.text(node, key, where, required)
        if key in node and welsh not in node:
            self.fail(node, key, f"missing Welsh translation '{welsh}' for '{key}' in {where}")
        elif welsh in node:
            self.text(node, welsh, where)

    def integer(self, node: Node, key: str, where: str, low: int, high: int) -> int | None:
        if key not in node:
            self.fail(node, None, f"{where} has no '{key}'")
            return None
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(node, key, f"'{key}' in {where} must be a whole number from {low} to {high}")
            return None
        return value

    def key(self, node: Node, where: str, seen: dict[str, str]) -> str:
        value = node.get("id")
        if "id" not in node:
            self.fail(node, None, f"{where} has no 'id'")
            return ""
        if not isinstance(value, str) or not KEY.match(value) or len(value) > 60:
            self.fail(node, "id", f"the id of {where} must be lower-case letters, digits and "
                                  "hyphens (at most 60)")
            return ""
        if value in seen:
            self.fail(node, "id", f"duplicate id '{value}': already used by {seen[value]}")
        seen[value] = where
        return value

    def pairs(self, parent: Node, key: str, where: str, required: bool) -> None:
        for index, pair in enumerate(self.nodes(parent, key, where, required,
                                                allow_empty=not required), start=1):
            place = f"{key} {index} of {where}"
            self.shape(pair, PAIR_KEYS, place)
            self.bilingual(pair, "en", place, welsh="cy")

    def framework(self, root: Node, stem: str) -> None:
        where = "the framework"
        self.shape(root, TOP_KEYS, where)
        key = self.key(root, where, {})
        if key and key != stem:
            self.fail(root, "id", f"the id '{key}' must match the file name '{stem}.json'")
        self.integer(root, "version", where, 1, 10_000)
        kind = root.get("kind")
        if kind not in KINDS:
            self.fail(root, "kind" if "kind" in root else None,
                      f"'kind' must be one of {', '.join(KINDS)}")
        self.bilingual(root, "name", where)
        self.bilingual(root, "summary", where)
        self.source(root)
        self.scale(root)
        self.areas(root, assessment=kind == "assessment")
        self.extras(root)
        comment = self.node(root, "comment", where, required=False)
        if comment is not None:
            self.shape(comment, COMMENT_KEYS, "the comment")
            self.bilingual(comment, "en", "the comment", welsh="cy")
            self.bilingual(comment, "easy_read", "the comment")

    def source(self, root: Node) -> None:
        source = self.node(root, "source", "the framework")
        if source is not None:
            self.shape(source, SOURCE_KEYS, "the source")
            self.text(source, "title", "the source")
            self.text(source, "author", "the source")
            self.integer(source, "year", "the source", 1900, 2100)
            self.text(source, "url", "the source", required=False)
            self.text(source, "note", "the source", required=False)

    def scale(self, root: Node) -> None:
        scale = self.node(root, "scale", "the framework")
        if scale is None:
            return
        self.shape(scale, SCALE_KEYS, "the scale")
        self.bilingual(scale, "question", "the scale")
        low = self.integer(scale, "min", "the scale", 0, LARGEST_SCALE - 1)
        high = self.integer(scale, "max", "the scale", 1, LARGEST_SCALE)
        if low is not None and high is not None and low >= high:
            self.fail(scale, "max", "the scale's 'max' must be larger than its 'min'")
            return
        labelled: set[int] = set()
        for label in self.nodes(scale, "labels", "the scale"):
            self.shape(label, LABEL_KEYS, "a scale label")
            value = self.integer(label, "value", "a scale label", 0, LARGEST_SCALE)
            self.bilingual(label, "en", "a scale label", welsh="cy")
            self.bilingual(label, "easy_read", "a scale label", required=False)
            if value is None or low is None or high is None:
                continue
            if not low <= value <= high:
                self.fail(label, "value", f"the label for {value} is outside the scale "
                                          f"({low} to {high})")
            elif value in labelled:
                self.fail(label, "value", f"the scale has two labels for {value}")
            labelled.add(value)
        if low is not None and high is not None and "labels" in scale:
            missing = sorted(set(range(low, high + 1)) - labelled)
            if missing:
                self.fail(scale, "labels", "the scale has no label for "
                                           + ", ".join(str(value) for value in missing))

    def areas(self, root: Node, assessment: bool) -> None:
        area_ids: dict[str, str] = {}
        item_ids: dict[str, str] = {}
        for area in self.nodes(root, "areas", "the framework"):
            where = f"area '{area.get('id', '?')}'"
            self.shape(area, AREA_KEYS, where)
            self.key(area, where, area_ids)
            self.bilingual(area, "name", where)
            self.bilingual(area, "guidance", where, required=assessment)
            self.pairs(area, "starters", where, required=assessment)
            self.pairs(area, "tips", where, required=assessment)
            for item in self.nodes(area, "items", where):
                place = f"item '{item.get('id', '?')}' of {where}"
                self.shape(item, ITEM_KEYS, place)
                self.key(item, place, item_ids)
                self.bilingual(item, "text", place)
                self.bilingual(item, "easy_read", place)

    def extras(self, root: Node) -> None:
        extra_ids: dict[str, str] = {}
        for extra in self.nodes(root, "extras", "the framework", required=False,
                                allow_empty=True):
            where = f"extra section '{extra.get('id', '?')}'"
            self.shape(extra, EXTRA_KEYS, where)
            self.key(extra, where, extra_ids)
            self.bilingual(extra, "title", where)
            self.bilingual(extra, "intro", where, required=False)
            self.pairs(extra, "items", where, required=True)


def check_text(text: str, name: str, stem: str) -> list[SchemaError]:
    """Return every problem with a framework file's text (empty when it is well formed)."""
    try:
        root = json.loads(text, cls=LineDecoder, text=text)  # type: ignore[call-arg]
    except json.JSONDecodeError as error:
        return [SchemaError(name, error.lineno, f"not valid JSON: {error.msg}")]
    if not isinstance(root, Node):
        return [SchemaError(name, 1, "the file must hold one JSON object")]
    checker = Checker(name)
    checker.framework(root, stem)
    return sorted(checker.errors, key=lambda error: error.line)


def check_file(path: Path) -> list[SchemaError]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [SchemaError(path.name, 1, "the file must be saved as UTF-8")]
    return check_text(text, path.name, path.stem)


# --- What the rest of the app uses --------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """Words in English and Welsh; shown in the language of the page."""

    en: str
    cy: str

    def __str__(self) -> str:
        return in_language(self.en, self.cy)


def text(data: dict[str, Any], key: str, welsh: str = "") -> Text:
    return Text(data.get(key, ""), data.get(welsh or f"{key}_cy", ""))


def pairs(data: dict[str, Any], key: str) -> tuple[Text, ...]:
    return tuple(Text(pair["en"], pair["cy"]) for pair in data.get(key, []))


@dataclass(frozen=True)
class Item:
    key: str
    area_key: str
    text: Text
    easy_read: Text

    def wording(self, easy_read: bool) -> Text:
        return self.easy_read if easy_read else self.text


@dataclass(frozen=True)
class Area:
    key: str
    name: Text
    guidance: Text
    starters: tuple[Text, ...]
    tips: tuple[Text, ...]
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Point:
    value: int
    label: Text
    easy_read: Text

    def wording(self, easy_read: bool) -> Text:
        return self.easy_read if easy_read else self.label


@dataclass(frozen=True)
class Scale:
    minimum: int
    maximum: int
    question: Text
    points: tuple[Point, ...]

    def contains(self, value: object) -> bool:
        return (isinstance(value, int) and not isinstance(value, bool)
                and self.minimum <= value <= self.maximum)

    def values(self) -> list[int]:
        return list(range(self.minimum, self.maximum + 1))


@dataclass(frozen=True)
class Extra:
    key: str
    title: Text
    intro: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Source:
    title: str
    author: str
    year: int
    url: str


@dataclass(frozen=True)
class Framework:
    key: str
    version: int
    kind: str
    name: Text
    summary: Text
    source: Source
    scale: Scale
    areas: tuple[Area, ...]
    extras: tuple[Extra, ...]
    comment: Text | None
    comment_easy_read: Text | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Framework":
        """Build from a framework's data, which has passed the schema check."""
        scale = data["scale"]
        points = tuple(
            Point(label["value"], text(label, "en", "cy"),
                  text(label, "easy_read") if "easy_read" in label else text(label, "en", "cy"))
            for label in sorted(scale["labels"], key=lambda label: label["value"])
        )
        areas = tuple(
            Area(area["id"], text(area, "name"), text(area, "guidance"),
                 pairs(area, "starters"), pairs(area, "tips"),
                 tuple(Item(item["id"], area["id"], text(item, "text"), text(item, "easy_read"))
                       for item in area["items"]))
            for area in data["areas"]
        )
        source = data["source"]
        comment = data.get("comment")
        return cls(
            key=data["id"], version=data["version"], kind=data["kind"],
            name=text(data, "name"), summary=text(data, "summary"),
            source=Source(source["title"], source["author"], source["year"],
                          source.get("url", "")),
            scale=Scale(scale["min"], scale["max"], text(scale, "question"), points),
            areas=areas,
            extras=tuple(Extra(extra["id"], text(extra, "title"), text(extra, "intro"),
                               pairs(extra, "items")) for extra in data.get("extras", [])),
            comment=text(comment, "en", "cy") if comment else None,
            comment_easy_read=text(comment, "easy_read") if comment else None,
        )

    @property
    def items(self) -> list[Item]:
        return [item for area in self.areas for item in area.items]

    def area(self, key: str) -> Area | None:
        return next((area for area in self.areas if area.key == key), None)


def read_folder(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the data of every framework file in `folder`; refuse if any is malformed."""
    found: dict[str, dict[str, Any]] = {}
    errors: list[SchemaError] = []
    for path in sorted(folder.glob("*.json")):
        problems = check_file(path)
        if problems:
            errors.extend(problems)
            continue
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    if errors:
        raise FrameworkError(errors)
    return found


@cache
def catalogue(kind: str) -> dict[str, dict[str, Any]]:
    """Return the shipped frameworks (or survey forms) of `kind`, read once per process."""
    folder = FRAMEWORK_FOLDER if kind == "assessment" else SURVEY_FOLDER
    return {key: data for key, data in read_folder(folder).items() if data["kind"] == kind}


def frameworks() -> list[Framework]:
    return [Framework.from_data(data) for data in catalogue("assessment").values()]


def framework_data(key: str, kind: str = "assessment") -> dict[str, Any]:
    """Return a copy of a framework's current data, to keep with a round (KeyError if unknown).

    A copy, so that nothing done with a round can change the catalogue shared by the process.
    """
    return copy.deepcopy(catalogue(kind)[key])

"""Read rows from an uploaded CSV or XLSX file, streaming, whatever its encoding.

Rows are numbered as people count them in a spreadsheet's data: the first row after the
header is row 1, and a quoted newline inside a cell does not start a new row.
"""

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

Row = dict[str, str]


@dataclass
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    """What an import did: rows added, rows already present, and each row refused."""

    created: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})

    def summary_lines(self) -> Iterator[str]:
        """The report as lines for a terminal."""
        yield (f"{self.created} added, {self.unchanged} already present, "
               f"{self.rows_with_errors} rows with errors.")
        for column in self.ignored_columns:
            yield f"Ignored column: {column}"

    def error_lines(self) -> Iterator[str]:
        for error in self.errors:
            yield f"row {error.row}: {error.field or '-'}: {error.message}"


class TableError(Exception):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


def header_key(name: object) -> str:
    return str(name or "").strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def detect_encoding(stream: IO[bytes]) -> str:
    """Return 'utf-8-sig' if the whole stream is valid UTF-8, else Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    stream.seek(0)
    return encoding


def check_header(header: list[str]) -> list[str]:
    keys = [header_key(name) for name in header]
    seen: set[str] = set()
    for key in keys:
        if key and key in seen:
            raise TableError(_("The column “%(name)s” appears twice.") % {"name": key})
        seen.add(key)
    if not any(keys):
        raise TableError(_("The first row must name the columns."))
    return keys


def csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    encoding = detect_encoding(stream)
    text = codecs.getreader(encoding)(stream, errors="replace")  # type: ignore[call-arg]
    reader = csv.reader(text)
    try:
        header = check_header(next(reader))
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    except csv.Error as error:
        raise TableError(
            _("The file is not a readable CSV file (%(error)s).") % {"error": error}
        ) from error
    number = 0
    try:
        for cells in reader:
            number += 1
            if any(cell.strip() for cell in cells):
                yield number, dict(zip(header, cells, strict=False))
    except csv.Error as error:
        raise TableError(
            _("Row %(row)s could not be read as CSV (%(error)s).")
            % {"row": number + 1, "error": error}
        ) from error


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        try:
            header = check_header([cell_text(cell) for cell in next(rows)])
        except StopIteration:
            raise TableError(_("The file is empty.")) from None
        for number, cells in enumerate(rows, start=1):
            texts = [cell_text(cell) for cell in cells]
            if any(text.strip() for text in texts):
                yield number, dict(zip(header, texts, strict=False))
    finally:
        book.close()


def read_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, Row]]:
    """Yield (row number, {column: text}) for each non-empty data row."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return xlsx_rows(stream)
    if name.endswith((".csv", ".txt")):
        return csv_rows(stream)
    raise TableError(_("Choose a CSV (.csv) or Excel (.xlsx) file."))

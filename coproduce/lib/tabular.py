"""Read rows from an uploaded CSV or XLSX file, streaming, in the one encoding it is written in.

Rows are numbered as people count them in a spreadsheet's data: the first row after the
header is row 1 (line 2 of the sheet), and a quoted newline inside a cell does not start a new
row. Anything that stops the file being read as a whole raises `TableError`, whose message
says why and where, for the person uploading.
"""

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

Row = dict[str, str]
MAX_COLUMNS = 500
MAX_ROWS = 1_000_000
# A sheet formatted down to its last row holds a million empty rows; stop reading after this
# many empty rows in a row, since nothing people typed lies beyond them.
MAX_EMPTY_RUN = 10_000
MAX_UNPACKED = 512 * 1024 * 1024  # bytes an .xlsx may unpack to (a zip bomb unpacks to more)
SHOWN_VALUE = 60  # characters of a refused value shown in a report


@dataclass
class RowError:
    row: int
    field: str
    message: str
    value: str = ""

    @property
    def line(self) -> int:
        """The line a spreadsheet shows for this row (the header is line 1)."""
        return self.row + 1

    @property
    def shown_value(self) -> str:
        text = " ".join(self.value.split())
        return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE - 1] + "…"


@dataclass
class ImportReport:
    """What an import did: rows added, rows already present, people added, each row refused."""

    created: int = 0
    unchanged: int = 0
    people_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    refused_rows: dict[int, Row] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})

    def summary_lines(self) -> Iterator[str]:
        """The report as lines for a terminal."""
        verb = "would be" if self.dry_run else ""
        yield (f"{self.created} {verb + ' ' if verb else ''}added, {self.unchanged} already "
               f"present, {self.people_created} people {verb + ' ' if verb else ''}added, "
               f"{self.rows_with_errors} rows with errors.")
        for column in self.ignored_columns:
            yield f"Ignored column: {column}"

    def error_lines(self) -> Iterator[str]:
        for error in self.errors:
            shown = f" (“{error.shown_value}”)" if error.shown_value else ""
            yield (f"row {error.row} (line {error.line} in the sheet): {error.field or '-'}:"
                   f" {error.message}{shown}")


class TableError(Exception):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


@dataclass
class Table:
    """A file's column keys (its header, tidied) and an iterator over its data rows."""

    columns: list[str]
    rows: Iterator[tuple[int, Row]]
    headers: list[str] = field(default_factory=list)  # as the file writes them


def header_key(name: object) -> str:
    return str(name or "").strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


# Valid UTF-8 sequences of two or more bytes: text in another encoding rarely contains them.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
HIGH_PAIR = re.compile(rb"[\x80-\xff]{2}")
HIGH = re.compile(rb"[\x80-\xff]")


def where(data: bytes, offset: int) -> dict[str, int]:
    """Line (from 1) and byte within the line (from 1) of `offset` in `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    return {"line": data.count(b"\n", 0, offset) + 1, "byte": offset - line_start + 1}


def decode(stream: IO[bytes]) -> tuple[str, str]:
    """Return the file's encoding (UTF-8, UTF-16 with a BOM or Windows-1252) and text.

    A file that is valid UTF-8 except in places is refused at the first bad byte rather than
    read as Windows-1252, which would garble every accented letter in it.
    """
    data = stream.read()
    stream.seek(0)
    encoding = find_encoding(data)
    return encoding, data.decode(encoding)


def find_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encoding, body, skip = "utf-8-sig", data[3:], 3
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TableError(_("The file says it is UTF-16 but byte %(byte)s is not.")
                             % {"byte": error.start}) from None
        return "utf-16"
    else:
        encoding, body, skip = "utf-8", data, 0
    if b"\x00" in body:
        raise TableError(_("The file is not text: save it from your spreadsheet as “CSV UTF-8” "
                           "and try again (line %(line)s, byte %(byte)s).")
                         % where(data, skip + body.index(b"\x00")))
    try:
        body.decode("utf-8")
        return encoding
    except UnicodeDecodeError as error:
        bad = skip + error.start
    in_utf8 = sum(len(match) for match in UTF8_MULTIBYTE.findall(body))
    if skip or in_utf8 * 2 >= len(HIGH.findall(body)):
        raise TableError(_("The file mixes two encodings: most of it is UTF-8, but line "
                           "%(line)s, byte %(byte)s is not. Save the whole file again as "
                           "“CSV UTF-8” and try again.") % where(data, bad))
    try:
        body.decode("cp1252")
    except UnicodeDecodeError as error:
        raise TableError(_("The file is not in UTF-8 or Windows-1252 (line %(line)s, byte "
                           "%(byte)s). Save it as “CSV UTF-8” and try again.")
                         % where(data, error.start)) from None
    # Accented letters in Windows-1252 text stand among plain letters; runs of high bytes
    # are the mark of another encoding (Shift-JIS, GBK, KOI8…).
    high = len(HIGH.findall(body))
    if high >= 4 and 2 * len(HIGH_PAIR.findall(body)) > high * 0.6:
        first = HIGH_PAIR.search(body)
        raise TableError(_("The file is not in UTF-8 or Windows-1252 (line %(line)s, byte "
                           "%(byte)s). Save it as “CSV UTF-8” and try again.")
                         % where(data, first.start() if first else 0))
    return "cp1252"


def check_header(header: list[str]) -> list[str]:
    if len(header) > MAX_COLUMNS:
        raise TableError(_("The file has %(count)s columns; Coproduce reads at most %(limit)s.")
                         % {"count": len(header), "limit": MAX_COLUMNS})
    keys = [header_key(name) or f"column_{number}" for number, name in enumerate(header, 1)]
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise TableError(_("The column “%(name)s” appears twice. Give each column its own "
                               "name.") % {"name": key})
        seen.add(key)
    if all(key.startswith("column_") for key in keys):
        raise TableError(_("The first row must name the columns."))
    return keys


def data_rows(cells: Iterator[list[str]], header: list[str]) -> Iterator[tuple[int, Row]]:
    """Number the rows after the header and skip empty ones, within the limits."""
    empty_run = 0
    for number, row in enumerate(cells, start=1):
        if number > MAX_ROWS:
            raise TableError(_("The file has more than %(limit)s rows: split it into smaller "
                               "files.") % {"limit": f"{MAX_ROWS:,}"})
        if any(str(cell).strip() for cell in row):
            empty_run = 0
            yield number, dict(zip(header, row, strict=False))
        else:
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                return


def csv_table(stream: IO[bytes]) -> Table:
    reader = csv.reader(io.StringIO(decode(stream)[1], newline=""), strict=True)
    state = {"start": 1}

    def cells() -> Iterator[list[str]]:
        while True:
            state["start"] = reader.line_num + 1
            try:
                yield next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "end of data" in str(error):
                    message = _("A quote opened on line %(line)s is never closed: close it, "
                                "or remove it.")
                else:
                    message = _("Line %(line)s could not be read as CSV (%(error)s).")
                raise TableError(message % {"line": state["start"], "error": error}) from None

    rows = cells()
    try:
        names = next(rows)
    except StopIteration:
        raise TableError(_("The file is empty.")) from None
    header = check_header(names)
    return Table(header, data_rows(rows, header), [name.strip() for name in names])


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


def check_workbook(stream: IO[bytes]) -> None:
    """Refuse a file that is not a workbook, or that unpacks to far more than it weighs."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names:
        raise TableError(_("The file is not a readable Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED:
        raise TableError(_("The workbook unpacks to more than %(limit)s MB: save its first "
                           "sheet as CSV and import that.") % {"limit": MAX_UNPACKED >> 20})


def xlsx_table(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    check_workbook(stream)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("The file is not a readable Excel workbook (.xlsx).")) from error
    if first is None:
        book.close()
        raise TableError(_("The file is empty."))
    names = [cell_text(cell) for cell in first]
    header = check_header(names)

    def cells() -> Iterator[list[str]]:
        try:
            for values in rows:
                yield [cell_text(cell) for cell in values]
        except TableError:
            raise
        except Exception as error:  # a damaged sheet part-way through
            raise TableError(_("The workbook is damaged and could not be read to the end."
                               )) from error
        finally:
            book.close()

    return Table(header, data_rows(cells(), header), [name.strip() for name in names])


def open_table(stream: IO[bytes], filename: str) -> Table:
    """Read the header of a CSV or XLSX file now, and its rows as they are iterated."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return xlsx_table(stream)
    if name.endswith((".csv", ".txt")):
        return csv_table(stream)
    raise TableError(_("Choose a CSV (.csv) or Excel (.xlsx) file."))


def read_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, Row]]:
    """Yield (row number, {column: text}) for each non-empty data row."""
    return open_table(stream, filename).rows


def preview(stream: IO[bytes], filename: str, count: int = 5) -> tuple[list[str], list[Row]]:
    """The file's column keys and its first rows, for choosing what each column holds."""
    table = open_table(stream, filename)
    sample = [row for _index, (_number, row) in zip(range(count), table.rows, strict=False)]
    stream.seek(0)
    return table.columns, sample

"""One report, written as a web page, a PDF, a CSV and an XLSX workbook from the same figures."""

import csv
import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, TypeVar, cast

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from weasyprint import HTML

from coproduce.lib.csvsafe import safe_cell

from .builder import period_text
from .figures import Figure, Kind, Report, plain

FORMATS = ["html", "pdf", "csv", "xlsx"]
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER = ["section", "measure", "value"]


F = TypeVar("F", bound=Callable[..., Any])


def in_report_language(write: F) -> F:
    """Write the report in its own language, whatever language the caller is in."""
    @wraps(write)
    def wrapped(report: Report, *args: Any, **kwargs: Any) -> Any:
        with translation.override(report.language):
            return write(report, *args, **kwargs)
    return cast(F, wrapped)


def context(report: Report, **extra: Any) -> dict[str, Any]:
    """What the report's templates need, with dates written in the report's language."""
    with translation.override(report.language):
        built = formats.date_format(datetime.date.fromisoformat(report.built_on), "j F Y")
        return {"report": report, "period": period_text(report), "built_on": built, **extra}


NUMBER = re.compile(r"-?\d+(\.\d+)?")


@in_report_language
def as_csv(report: Report) -> str:
    """Rows of section, measure, value; text made formula-safe, numbers left as numbers (a
    negative gap stays -210.16, which a spreadsheet reads as a number, not a formula)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for section, measure, value in report.rows():
        writer.writerow([safe_cell(section), safe_cell(measure),
                         value if NUMBER.fullmatch(value) else safe_cell(value)])
    return out.getvalue()


def cell(figure: Figure) -> object:
    """A number where the figure is one (so a spreadsheet can add it up), else safe text."""
    if figure.hidden or figure.value is None or figure.kind in (Kind.TEXT, Kind.DATE):
        return safe_cell(plain(figure))
    if figure.kind == Kind.COUNT:
        return int(figure.value)
    return float(Decimal(plain(figure)))


@in_report_language
def as_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    sheet.append(HEADER)
    for section in report.sections:
        for figure in section.figures:
            sheet.append([safe_cell(section.title), safe_cell(figure.label), cell(figure)])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 20
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@in_report_language
def as_html_page(report: Report, **extra: Any) -> str:
    """The report on its own, as the print page WeasyPrint turns into the PDF."""
    return render_to_string("reports/report_print.html", context(report, **extra))


@in_report_language
def as_pdf(report: Report, **extra: Any) -> bytes:
    return HTML(string=as_html_page(report, **extra)).write_pdf()


@in_report_language
def write(report: Report, kind: str, **extra: Any) -> bytes:
    """The report in `kind` (one of FORMATS) as bytes, in the report's language."""
    if kind == "pdf":
        return as_pdf(report, **extra)
    if kind == "xlsx":
        return as_xlsx(report)
    if kind == "csv":
        return as_csv(report).encode()
    return as_html_page(report, **extra).encode()

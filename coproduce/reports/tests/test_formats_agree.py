"""The web page, PDF, CSV and XLSX are written from one builder and agree figure by figure."""

import csv
import datetime
import io
import re
import subprocess
from typing import Any

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from coproduce.demo.build import build as build_demo
from coproduce.organisations.models import Organisation
from coproduce.reports.builder import build, default_period
from coproduce.reports.figures import Report
from coproduce.reports.formats import as_csv, as_html_page, as_pdf, as_xlsx

from .records import record


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode()
    return re.sub(r"\s+", " ", out)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def squeeze(text: str) -> str:
    """Without spaces or hyphens: a PDF breaks long cells over lines, hyphenating words."""
    return re.sub(r"[\s\-\u2010]", "", text)


def check_agree(report: Report) -> None:
    with translation.override(report.language):
        check_formats(report)


def check_formats(report: Report) -> None:
    rows = report.rows()
    assert rows, "the report has figures"
    read = list(csv.reader(io.StringIO(as_csv(report))))
    assert read[0] == ["section", "measure", "value"]
    assert [tuple(row) for row in read[1:]] == rows
    sheet = load_workbook(io.BytesIO(as_xlsx(report))).active
    cells = [tuple("" if c is None else c for c in row) for row in
             sheet.iter_rows(min_row=2, values_only=True)]
    assert len(cells) == len(rows)
    for (section, measure, value), (s2, m2, v2) in zip(rows, cells, strict=True):
        assert (section, measure) == (s2, m2)
        if isinstance(v2, int | float):
            assert float(value) == pytest.approx(v2), measure
        else:
            assert str(v2) == value, measure
    text = pdf_text(as_pdf(report))
    squeezed = squeeze(text)
    page = flat(as_html_page(report))
    figures = [f for s in report.sections for f in s.figures]
    for figure in figures:
        # Each figure's label and value sit side by side in a table row of the page and PDF.
        assert squeeze(figure.measure) in squeezed, figure.measure
        assert squeeze(figure.text) in squeezed, (figure.measure, figure.text)
        assert f">{figure.text}</td>" in page.replace("&#x27;", "'"), figure.measure
    assert report.organisation in text and f"{translation.gettext('Page')} 1 " in text


@pytest.mark.django_db
def test_it_agrees_figure_by_figure_on_the_demo_data() -> None:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC),
                             tick=False):
        build_demo("demo-password-for-tests")
        for organisation in Organisation.objects.order_by("slug")[:2]:
            check_agree(build(organisation, *default_period()))
        check_agree(build(Organisation.objects.get(slug="northgate-homes"),
                          *default_period(), language="cy"))


def test_it_holds_back_every_breakdown_under_five_in_every_format(org: Any) -> None:
    record(org, people=4, small_group=2)
    report = build(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    participation = report.section("participation")
    breakdowns = [f for f in participation.figures if f.table and f.table.startswith("People")]
    assert breakdowns and all(f.hidden or f.value == 0 for f in breakdowns)
    assert participation.figures[0].value == 4  # the total is kept
    csv_text = as_csv(report)
    assert "Who took part,People by group: Carers,fewer than 5" in csv_text
    assert "Who took part,People by group: Young people,fewer than 5" in csv_text
    sheet = load_workbook(io.BytesIO(as_xlsx(report))).active
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["People by group: Carers"] == "fewer than 5"
    assert values["People the organisation works with"] == 4
    text = pdf_text(as_pdf(report))
    assert re.search(r"Carers fewer than 5", text)
    assert re.search(r"People the organisation works with 4", text)

"""The evidence pack: one page on the organisation's co-production record, for a funding bid
written at short notice. Its figures are the report's, for the last twelve months."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from .builder import build, default_period, period_text
from .figures import Figure, Report

# (section, measure) of each headline figure, in the order the pack gives them.
PICKS = [
    ("activity", "All Co's: projects (each counted once)"),
    ("activity", "All Co's: joint meetings (staff and participants together)"),
    ("activity", "Decisions made"),
    ("participation", "People the organisation works with"),
    ("participation", "People heard"),
    ("participation", "Voices heard"),
    ("outcomes", "Outcomes delivered"),
    ("outcomes", "Median days from hearing a voice to its first answer"),
    ("cost", "Hours given by participants"),
    ("cost", "Value of participants' time"),
    ("cost", "True cost"),
    ("cost", "Share of the true cost given in kind by participants"),
    ("commissioning", "Grants awarded"),
    ("commissioning", "Votes cast in budget votes"),
]


def headline(report: Report) -> list[Figure]:
    found = []
    for key, measure in PICKS:
        section = report.section(key)
        figure = next((f for f in section.headline if f.measure == _(measure)), None) \
            if section else None
        if figure is not None:
            found.append(figure)
    return found


def pack(organisation: Any, language: str) -> dict[str, Any]:
    start, end = default_period()
    report = build(organisation, start, end, None, language)
    with translation.override(language):
        activity, assessment, quotes = (report.section(k) for k in
                                        ("activity", "assessment", "quotes"))
        return {
            "report": report, "period": period_text(report), "figures": headline(report),
            "levels": [t for t in activity.tables if t.figures and t.figures[0].kind == "text"]
            if activity else [],
            "assessment": assessment.tables[-1:] if assessment else [],
            "quote": quotes.quotes[0] if quotes and quotes.quotes else None,
        }


def evidence_pdf(organisation: Any, language: str) -> bytes:
    data = pack(organisation, language)
    with translation.override(language):
        html = render_to_string("reports/evidence_print.html", data)
    return HTML(string=html).write_pdf()


def evidence_text(organisation: Any, language: str) -> str:
    """The same page as plain paragraphs that paste cleanly into a word processor."""
    data = pack(organisation, language)
    report: Report = data["report"]
    with translation.override(language):
        lines = [report.organisation, _("Our co-production record"), data["period"], ""]
        lines += [f"{figure.measure}: {figure.text}" for figure in data["figures"]]
        for table in data["levels"] + data["assessment"]:
            lines += ["", table.caption]
            lines += [f"{figure.measure}: {figure.text}" for figure in table.figures]
        if data["quote"]:
            lines += ["", f"“{data['quote']['text']}” — {data['quote']['who']}"]
        lines += ["", _("Built from the record on %(day)s. Counts of 1 to 4 are not shown.")
                  % {"day": report.built_on}]
    return "\r\n".join(lines) + "\r\n"

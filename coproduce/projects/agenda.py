"""The large-print agenda, as a PDF."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML

from .models import Meeting


def agenda_pdf(request: HttpRequest, meeting: Meeting) -> bytes:
    html = render_to_string("projects/agenda_print.html", {"meeting": meeting}, request=request)
    return HTML(string=html).write_pdf()

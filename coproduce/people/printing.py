"""Everything held about one person, as a PDF they can read."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML


def export_pdf(request: HttpRequest | None, context: dict[str, Any]) -> bytes:
    html = render_to_string("people/person_export_print.html", context, request=request)
    return bytes(HTML(string=html).write_pdf())

"""Letters on paper: one per A4 page, the address placed for a window envelope."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML

from .models import Notice


def letters_html(request: HttpRequest, notices: list[Notice]) -> str:
    return render_to_string("notices/letters_print.html", {"letters": notices}, request=request)


def letters_pdf(request: HttpRequest, notices: list[Notice]) -> bytes:
    html = render_to_string("notices/letters_print.html",
                            {"letters": notices, "pdf": True}, request=request)
    return bytes(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf())

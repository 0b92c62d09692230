"""The printable paper form, matching the web form's questions, in standard or large print."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML

from coproduce.organisations.models import Organisation

from .forms import PublicVoiceForm


def paper_form_pdf(request: HttpRequest, organisation: Organisation, large: bool) -> bytes:
    html = render_to_string("voices/paper_form.html", {
        "organisation": organisation, "form": PublicVoiceForm(), "large": large,
    }, request=request)
    return HTML(string=html).write_pdf()

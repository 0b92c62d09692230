"""Certificates of thanks for confirmed time given, in English or Welsh, with a public check."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, Min, Sum
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from coproduce.people.models import Person

from .models import Activity, Certificate, HoursStatus, Settings


def issue(person: Person, language: str, by: Any) -> Certificate:
    """Freeze the person's confirmed hours into a certificate; pending or disputed never count."""
    confirmed = person.contributions.filter(status=HoursStatus.CONFIRMED)
    totals = confirmed.aggregate(minutes=Sum("minutes"), first=Min("on"), last=Max("on"))
    if not totals["minutes"]:
        raise ValidationError(_("%(name)s has no confirmed hours yet.") % {"name": person.name})
    settings = Settings.of(person.organisation)
    with translation.override(language):
        activities = [
            [str(Activity(kind).label), minutes] for kind, minutes in
            confirmed.values_list("activity").annotate(m=Sum("minutes")).order_by("activity")]
    return Certificate.objects.create(
        organisation=person.organisation, person=person, language=language, name=person.name,
        minutes=totals["minutes"], activities=activities, first_on=totals["first"],
        last_on=totals["last"], signatory=settings.signatory,
        thanks=(settings.thanks_cy if language == "cy" and settings.thanks_cy
                else settings.thanks), by=by)


def certificate_pdf(certificate: Certificate, check_url: str) -> bytes:
    """The certificate as a PDF; `check_url` is the public page that confirms it."""
    with translation.override(certificate.language):
        html = render_to_string("reciprocity/certificate_print.html",
                                {"certificate": certificate, "check_url": check_url,
                                 "organisation": certificate.organisation})
    return HTML(string=html).write_pdf()

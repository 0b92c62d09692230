"""Demo outcomes: each organisation's biggest theme answered with a progress step (sent and
published) and its second theme answered but not yet sent, plus letter and contact settings."""

import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from coproduce.people.models import Language, Person
from coproduce.themes.models import Theme
from coproduce.voices import answering
from coproduce.voices.models import Outcome, OutcomeKind, Voice

STEP = ("Thank you: a group of members is planning this with us. The first planning meeting "
        "is booked, and everyone who asked is welcome.")
STEP_CY = ("Diolch: mae grŵp o aelodau'n cynllunio hyn gyda ni. Mae'r cyfarfod cynllunio cyntaf "
           "wedi'i drefnu, ac mae croeso i bawb a ofynnodd.")
DONE = "We have done this. Thank you to everyone who asked, and to the members who helped."
DONE_CY = ("Rydyn ni wedi gwneud hyn. Diolch i bawb a ofynnodd, ac i'r aelodau a fu'n "
           "helpu.")


def make_outcomes(organisation: Any, by: Any) -> int:
    """Answer the two biggest themes once; return how many outcomes were made."""
    if Outcome.objects.filter(organisation=organisation).exists():
        return 0
    if not organisation.postal_address:
        organisation.postal_address = f"{organisation.name}\n1 High Street\nCardiff CF10 1AA"
        organisation.contact_phone, organisation.sign_off = "029 2000 0000", "The coordinator"
        organisation.contact_email = f"hello@{organisation.slug}.example"
        organisation.save()
    welsh = Person.objects.filter(organisation=organisation, languages__icontains="welsh")
    Person.objects.filter(pk__in=list(welsh.values_list("pk", flat=True)[::2])).update(
        preferred_language=Language.WELSH)
    themes = list(Theme.objects.filter(organisation=organisation)
                  .annotate(n=Count("placements")).order_by("-n")[:2])
    today = timezone.localdate()
    made = 0
    for index, theme in enumerate(themes):
        voices = list(Voice.objects.filter(placement__theme=theme).select_related("person"))
        outcome = answering.answer(
            voices, OutcomeKind.PROGRESS if index == 0 else OutcomeKind.DONE,
            STEP if index == 0 else DONE, by, text_cy=STEP_CY if index == 0 else DONE_CY,
            title=theme.label, asked=f"People asked for: {theme.label}.", publish=index == 0,
            happened_on=today - datetime.timedelta(days=14 if index == 0 else 0))
        if index == 0:
            answering.send(outcome, by)
        made += 1
    return made

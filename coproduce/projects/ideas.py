"""Starting a project from an idea (often a back-burner one): the project takes every voice of
the idea (its theme's waiting voices, or the one voice) and everyone behind them who may be
contacted goes on its list of people to get back in touch with."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.people.models import ConsentPurpose, Person
from coproduce.voices.answering import gather
from coproduce.voices.models import Interest, Status, Voice

from .models import Contact, Project


def people_behind(voices: list[Voice]) -> tuple[list[Person], list[Person]]:
    """Everyone behind `voices`, once each: (those who may be contacted, those who may not).

    Someone who only asked to hear counts as contactable when they said we may get back in
    touch; everyone needs a consent record that allows contact.
    """
    keen = set(Interest.objects.filter(voice__in=voices, may_recontact=True)
               .values_list("person_id", flat=True))
    yes, no = [], []
    for recipient in gather(voices):
        wants_contact = bool(recipient.raised) or recipient.person.pk in keen
        if wants_contact and recipient.person.has_consent(ConsentPurpose.CONTACT):
            yes.append(recipient.person)
        else:
            no.append(recipient.person)
    return yes, no


def routes_for(person: Person) -> list[str]:
    routes = []
    if person.email:
        routes.append(f"email: {person.email}")
    if person.phone:
        routes.append(f"phone: {person.phone}")
    if person.address and "post" in person.contact_ways:
        routes.append(_("post"))
    return routes


@transaction.atomic
def start_from_idea(organisation: Any, voices: list[Voice], title: str, purpose: str,
                    by: Any) -> Project:
    """Make the project, link the idea's voices, move them on and carry its people over."""
    project = Project.objects.create(organisation=organisation, title=title, purpose=purpose,
                                     created_by=by)
    project.voices.add(*voices)
    contactable, _others = people_behind(voices)
    Contact.objects.bulk_create(Contact(project=project, person=person,
                                        routes=routes_for(person)) for person in contactable)
    note = _("Became the project “%(title)s”") % {"title": title}
    for voice in voices:
        if voice.status not in {Status.IN_PROGRESS, Status.DONE}:
            voice.change_status(Status.IN_PROGRESS, by, note=note)
    return project

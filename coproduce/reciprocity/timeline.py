"""Reciprocity's part of a person's timeline: the time they gave and what they were paid."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.people.models import Person
from coproduce.people.timeline import Event, labels, register

from .models import Activity, Claim, ClaimKind, ClaimStatus, Contribution, HoursStatus
from .money import pounds


def given(person: Person) -> Iterable[Event]:
    """Hours given, and expenses and recognition paid, one query each."""
    url = reverse("reciprocity:person", kwargs={"org_slug": person.organisation.slug,
                                                "person_id": person.pk})
    activities, states = labels(Activity), labels(HoursStatus)
    for on, minutes, activity, status, description in Contribution.objects.filter(
            person=person).values_list("on", "minutes", "activity", "status", "description"):
        yield Event(on, "given", _("Gave %(hours)s hours: %(activity)s") % {
            "hours": f"{minutes / 60:g}", "activity": activities[activity]},
            description, url, (states[status],))
    kinds, claim_states = labels(ClaimKind), labels(ClaimStatus)
    for spent_on, kind, amount, status in Claim.objects.filter(person=person).values_list(
            "spent_on", "kind", "amount_pence", "status"):
        yield Event(spent_on, "given", _("%(kind)s: %(amount)s") % {
            "kind": kinds[kind], "amount": "£" + pounds(amount)}, "", url, (claim_states[status],))


def register_section() -> None:
    register("given", gettext_lazy("Time given and payments"), given)

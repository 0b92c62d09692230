"""Demo data for people's rights: a retention rule, a past export and a past erasure."""

from django.contrib.auth.models import User

from coproduce.audit.models import Action, AuditEvent, record
from coproduce.organisations.models import Organisation

# Organisations whose documented choice is to erase people after years of silence.
RETENTION_YEARS = {"harbour-day-centre": 6, "northgate-homes": 7}


def make_rights_history(organisation: Organisation) -> None:
    """Set the retention rule and leave an export and an erasure in the audit log, once."""
    years = RETENTION_YEARS.get(organisation.slug)
    if years and organisation.retention_years != years:
        organisation.retention_years = years
        organisation.save(update_fields=["retention_years"])
    if AuditEvent.objects.filter(organisation=organisation,
                                 action=Action.PERSON_ERASED).exists():
        return
    admin = User.objects.filter(email=f"admin@{organisation.slug}.example").first()
    person = organisation.people.order_by("pk").first()
    if person is not None:
        record(Action.PERSON_EXPORTED, user=admin, organisation=organisation,
               target=f"person {person.pk}")
    record(Action.PERSON_ERASED, user=admin, organisation=organisation,
           target="erased person", voices="kept anonymised")

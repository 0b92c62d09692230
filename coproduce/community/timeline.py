"""The community record's part of a person's story: roles, training, checks, sessions."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.people.models import Person
from coproduce.people.timeline import Event


def community_events(person: Person) -> Iterable[Event]:
    """Four queries whatever their number. Session notes stay on the staff-only page, which
    each event links to."""
    url = reverse("community:person", kwargs={"org_slug": person.organisation.slug,
                                              "person_id": person.pk})
    for holder in person.community_roles.select_related("role"):
        yield Event(holder.since, "community", _("Took on the role: %(role)s")
                    % {"role": holder.role}, url=url)
    for taken in person.courses_taken.select_related("course"):
        yield Event(taken.taken_on, "community", _("Training: %(course)s")
                    % {"course": taken.course}, taken.provider, url)
    for check in person.checks.all():
        yield Event(check.checked_on, "community", str(check.get_level_display()),
                    _("Recheck by %(day)s") % {"day": check.expires_on}, url)
    for session in person.support_sessions.all():
        yield Event(session.on, "community", str(session.get_kind_display()),
                    _("With %(who)s") % {"who": session.with_whom}, url)

"""Demo outreach: at the day centre, a Welsh-speaking coordinator whose meeting invitation
comes in Welsh; everywhere, the open assessment round's link sent to two members through the
outbox (one in Welsh)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User

from coproduce.assessments.models import Invitation as AssessmentLink
from coproduce.assessments.models import Round, Status
from coproduce.assessments.sending import send_link
from coproduce.notices.models import Notice, Purpose
from coproduce.organisations.languages import remember_language
from coproduce.organisations.models import Role
from coproduce.people.models import ConsentPurpose, Person
from coproduce.projects.invitations import invite_staff
from coproduce.projects.models import MeetingStatus

SITE = "http://127.0.0.1:8000"
WELSH_STAFF_AT = "harbour-day-centre"


def make_outreach(organisation: Any, coordinator: Any, password: str,
                  ensure_login: Callable[[Any, str, str, str], Any]) -> list[Any]:
    """Once per organisation; return the Welsh-speaking coordinator's login, if any."""
    send_round_links(organisation, coordinator)
    if organisation.slug != WELSH_STAFF_AT:
        return []
    login = ensure_login(organisation, "cydlynydd", Role.COORDINATOR, password)
    welsh = User.objects.get(email=login.email)
    remember_language(welsh, "cy")
    project = organisation.projects.filter(
        meetings__status=MeetingStatus.UPCOMING).order_by("pk").first()
    if project is not None:
        upcoming = project.meetings.filter(status=MeetingStatus.UPCOMING).order_by(
            "starts_at").first()
        upcoming.staff.add(welsh)
        invite_staff(upcoming, coordinator)  # once per member of staff
    return [login]


def send_round_links(organisation: Any, coordinator: Any) -> None:
    """Send the open round's link to a Welsh and an English speaker who may be contacted."""
    round_ = Round.objects.filter(organisation=organisation, status=Status.OPEN).first()
    if round_ is None or Notice.objects.filter(organisation=organisation,
                                               purpose=Purpose.ASSESSMENT).exists():
        return
    reachable = [person for person in Person.objects.filter(
        organisation=organisation).exclude(email="").order_by("pk")[:60]
        if (consent := person.current_consents().get(ConsentPurpose.CONTACT)) is not None
        and consent.is_held]
    if len(reachable) < 2:
        return
    welsh, english = reachable[0], reachable[1]
    Person.objects.filter(pk=welsh.pk).update(preferred_language="cy")  # a Welsh speaker
    welsh.refresh_from_db()
    chosen = [welsh, english]
    for person in chosen:
        link, token = AssessmentLink.issue(round_, "lived_experience", 21, by=coordinator,
                                           person=person)
        send_link(link, SITE, token, by=coordinator)

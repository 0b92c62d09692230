"""Community records for tests: a role with its requirements, a person's check and an
agreement, an asset and a group, in any organisation."""

import datetime
from typing import Any

from coproduce.people.models import Group

from ..models import (
    Agreement,
    Asset,
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    RoleHolder,
    SupportSession,
)


def tenancy_objects(organisation: Any, person: Any) -> dict[str, Any]:
    course = Course.objects.create(organisation=organisation, name="Safeguarding basics",
                                   valid_months=36)
    role = CommunityRole.objects.create(organisation=organisation, name="Volunteer driver",
                                        skills="driving", check_level="enhanced",
                                        hosts_meetings=True)
    role.courses.add(course)
    group = Group.objects.create(organisation=organisation, name="Older members")
    return {
        "role": role, "group": group,
        "holder": RoleHolder.objects.create(role=role, person=person,
                                            since=datetime.date(2025, 1, 1)),
        "check": Check.objects.create(person=person, level="enhanced",
                                      checked_on=datetime.date(2025, 1, 1),
                                      expires_on=datetime.date(2028, 1, 1),
                                      certificate_number="001234567890"),
        "agreement": Agreement.objects.create(
            organisation=organisation, person=person, role=role, what="Drive members",
            time_asked="One morning a week", support="Monthly supervision",
            contact="The coordinator", review_on=datetime.date(2027, 1, 1)),
        "taken": CourseTaken.objects.create(person=person, course=course,
                                            taken_on=datetime.date(2025, 1, 1)),
        "session": SupportSession.objects.create(person=person, kind="debrief",
                                                 on=datetime.date(2025, 2, 1), with_whom="B"),
        "asset": Asset.objects.create(organisation=organisation, kind="transport",
                                      name="Church minibus", postcode="CF10 1AA"),
    }

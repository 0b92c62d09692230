import datetime
from typing import Any

import pytest

from coproduce.community.models import CommunityRole, Course


@pytest.fixture
def course(org: Any) -> Course:
    return Course.objects.create(organisation=org, name="Safeguarding", valid_months=24)


@pytest.fixture
def driver_role(org: Any, course: Course) -> CommunityRole:
    role = CommunityRole.objects.create(organisation=org, name="Volunteer driver",
                                        skills="driving", check_level="enhanced",
                                        needs_agreement=True, hosts_meetings=True)
    role.courses.add(course)
    return role


TODAY = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coproduce.conftest import make_member
from coproduce.organisations.models import Membership, Role
from coproduce.projects.models import Meeting, Project


@pytest.fixture
def project(org: Any) -> Project:
    return Project.objects.create(organisation=org, title="Welcome packs", purpose="Packs")


@pytest.fixture
def meeting(project: Project, person: Any, coordinator: Any) -> Meeting:
    start = timezone.make_aware(datetime.datetime(2026, 4, 1, 10, 0))
    made = Meeting.objects.create(project=project, title="Planning day", starts_at=start,
                                  ends_at=start + datetime.timedelta(hours=2, minutes=30),
                                  status="held")
    made.attendees.add(person)
    made.staff.add(coordinator)
    return made


@pytest.fixture
def participant(org: Any, person: Any) -> Any:
    """A peer mentor whose login is linked to Sian's People record."""
    user = make_member(org, "sian@harbour.example", Role.PEER_MENTOR)
    Membership.objects.filter(user=user).update(person=person)
    return user

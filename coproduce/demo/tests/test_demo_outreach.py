"""The demo has a Welsh-speaking coordinator in each organisation, invited to a meeting in
Welsh, and assessment links sent to two members through the outbox, one in Welsh."""

import pytest
from django.contrib.auth.models import User

from coproduce.demo.build import build
from coproduce.notices.models import Notice, Purpose
from coproduce.organisations.models import LoginPreference

pytestmark = pytest.mark.django_db


def test_the_demo_has_welsh_staff_emails_and_links_sent_through_the_outbox() -> None:
    logins = build("a demo password 42")
    assert "cydlynydd@harbour-day-centre.example" in {login.email for login in logins}
    welsh = User.objects.get(email="cydlynydd@harbour-day-centre.example")
    assert LoginPreference.objects.get(user=welsh).language == "cy"
    invitation = Notice.objects.get(to_member=welsh)
    assert invitation.language == "cy" and invitation.subject.startswith("Gwahoddiad:")
    links = Notice.objects.filter(organisation__slug="harbour-day-centre",
                                  purpose=Purpose.ASSESSMENT)
    assert sorted(links.values_list("language", flat=True)) == ["cy", "en"]
    build("a demo password 42")  # building again sends nothing twice
    assert Notice.objects.filter(to_member=welsh).count() == 1 and links.count() == 2

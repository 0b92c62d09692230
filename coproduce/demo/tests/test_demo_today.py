"""The demo shows what to do today: a meeting whose interpreter is not booked, a decision
proposed by a member (on their timeline), and assessment results with a link a member used."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.demo.build import build
from coproduce.organisations.models import Organisation
from coproduce.projects.models import Decision

pytestmark = pytest.mark.django_db


def test_the_demo_dashboard_and_timelines_show_the_days_work() -> None:
    build("a demo password 42")
    organisation = Organisation.objects.get(slug="harbour-day-centre")
    client = Client()
    client.force_login(User.objects.get(email="coordinator@harbour-day-centre.example"))
    page = client.get(reverse("reports:dashboard", args=[organisation.slug])).content.decode()
    assert "accessibility not yet arranged" in page
    assert "British Sign Language interpreter booked" in page
    decision = Decision.objects.get(project__organisation=organisation,
                                    proposer__isnull=False)
    assert decision.proposer is not None
    decisions = Decision.objects.filter(project__organisation=organisation).count()
    story = client.get(reverse("people:detail", args=[organisation.slug,
                                                      decision.proposer.pk])).content.decode()
    assert "Proposed a decision in" in story
    build("a demo password 42")  # building again changes nothing
    assert Decision.objects.filter(project__organisation=organisation).count() == decisions

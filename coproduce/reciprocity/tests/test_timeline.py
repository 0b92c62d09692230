"""A person's timeline shows the time they gave and what they were paid."""

import datetime
from typing import Any

from django.urls import reverse

from coproduce.reciprocity.models import Claim, Contribution


def test_the_persons_story_includes_time_given_and_payments(login: Any, coordinator: Any,
                                                            org: Any, person: Any) -> None:
    Contribution.objects.create(organisation=org, side="participant", person=person,
                                on=datetime.date(2026, 3, 2), minutes=90, activity="meeting",
                                status="confirmed", description="Planning the garden")
    Claim.objects.create(organisation=org, person=person, spent_on=datetime.date(2026, 3, 2),
                         kind="travel", amount_pence=1240,
                         description="Bus fare", entered_by=coordinator)
    page = login(coordinator).get(reverse("people:detail", kwargs={
        "org_slug": org.slug, "person_id": person.pk})).content.decode()
    assert "Gave 1.5 hours" in page and "Planning the garden" in page and "£12.40" in page

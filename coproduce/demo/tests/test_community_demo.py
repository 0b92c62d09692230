"""The demo organisations have roles, training, checks, offers and a small asset register."""

from typing import Any

import pytest
from django.utils import timezone

from coproduce.community.matching import find
from coproduce.community.models import Asset, Check, CommunityRole, CourseTaken, Offer
from coproduce.community.requirements import expiring
from coproduce.demo.build import build
from coproduce.organisations.models import Organisation


@pytest.mark.django_db
def test_every_demo_organisation_has_a_community_record(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build("demo password 42")
    for organisation in Organisation.objects.all():
        assert CommunityRole.objects.filter(organisation=organisation).count() == 4
        assert Check.objects.filter(person__organisation=organisation).exists()
        assert CourseTaken.objects.filter(person__organisation=organisation).exists()
        assert Offer.objects.filter(person__organisation=organisation).count() >= 20
        assert Asset.objects.filter(organisation=organisation).count() >= 2
        assert expiring(organisation, timezone.localdate())
    club = Organisation.objects.get(slug="evergreen-circle")
    minibus = Asset.objects.get(organisation=club, name__startswith="Minibus")
    assert minibus.voices.exists() and minibus.themes.exists()
    driver = CommunityRole.objects.get(organisation=club, name="Volunteer driver")
    assert any(c.matched and not c.missing for c in find(
        club, timezone.localdate(), role=driver).candidates)
    build("demo password 42")  # a second build adds nothing
    assert CommunityRole.objects.filter(organisation=club).count() == 4

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coproduce.conftest import make_member
from coproduce.organisations.models import Membership, Role
from coproduce.projects.models import Meeting, Project
from coproduce.reciprocity import claims, credits
from coproduce.reciprocity.certificates import issue
from coproduce.reciprocity.models import Claim, Offer, Published, RateCard, Receipt

from .factories import worked_example


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


@pytest.fixture
def record(org: Any, coordinator: Any, admin_user: Any, person: Any) -> dict[str, Any]:
    project = worked_example(org, coordinator, admin_user)
    claim = Claim.objects.filter(status="approved").first()
    assert claim is not None
    receipt = Receipt.objects.create(claim=claim, filename="r.pdf",
                                     content_type="application/pdf", content=b"%PDF-1", size=6)
    claims.pay(claim, datetime.date(2026, 4, 3), "bank", "X", admin_user)
    transfer = credits.transfer(credits.organisation_account(org), credits.account_of(person),
                                90, "issue", datetime.date(2026, 4, 1), coordinator)
    card = RateCard.objects.create(organisation=org, name="Our card", source_title="Board")
    entry = project.contributions.filter(side="participant").first()
    return {"project_id": project.pk, "meeting_id": None, "contribution_id": entry.pk,
            "claim_id": claim.pk, "receipt_id": receipt.pk,
            "submitted_claim_id": Claim.objects.get(status="submitted").pk,
            "offer_id": Offer.objects.first().pk, "transfer_id": transfer.pk,
            "card_id": card.pk, "person_id": entry.person_id,
            "certificate_id": issue(entry.person, "en", coordinator).pk,
            "published_id": Published.objects.create(organisation=org, title="Q1",
                                                     figures={"excluded": {}}).pk}

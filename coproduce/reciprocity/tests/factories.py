"""Builders for reciprocity tests: a project with the worked example's figures."""

import datetime
from typing import Any

from django.contrib.auth.models import User

from coproduce.people.models import Person
from coproduce.projects.models import Project
from coproduce.reciprocity import claims
from coproduce.reciprocity.hours import Giver, record_hours
from coproduce.reciprocity.models import (
    Claim,
    Costing,
    Funding,
    Offer,
    OfferKind,
    OfferStatus,
    StaffCost,
)


def staff_member(org: Any, email: str, hourly_pence: int) -> User:
    user = User.objects.get_or_create(username=email, defaults={"email": email})[0]
    StaffCost.objects.get_or_create(organisation=org, user=user,
                                    effective_from=datetime.date(2024, 1, 1),
                                    defaults={"hourly_pence": hourly_pence})
    return user


def worked_example(org: Any, coordinator: Any, approver: Any,
                   day: datetime.date = datetime.date(2026, 4, 1)) -> Project:
    """The issue's worked example: true cost £1,255.70 against £900 funded."""
    project = Project.objects.create(organisation=org, title="Welcome packs", purpose="Packs")
    Costing.objects.create(project=project, overhead_percent=15, overhead_base="staff")
    Funding.objects.create(project=project, funder="Community Foundation", amount_pence=90000)
    first = staff_member(org, "worker@harbour.example", 2140)
    second = staff_member(org, "manager@harbour.example", 3410)
    record_hours(org, Giver(staff=first), day, 450, "preparation", coordinator, project=project,
                 confirmed=True)
    record_hours(org, Giver(staff=first), day + datetime.timedelta(days=1), 300, "meeting",
                 coordinator, project=project, confirmed=True)
    record_hours(org, Giver(staff=second), day, 360, "meeting", coordinator, project=project,
                 confirmed=True)
    people = [Person.objects.create(organisation=org, name=f"Member {n}") for n in range(9)]
    for person in people:
        record_hours(org, Giver(person=person), day, 150, "meeting", coordinator,
                     project=project, confirmed=True)
    for pence, approve in [(4680, True), (6000, True), (9500, True), (1200, False),
                           (840, None)]:
        claim = claims.submit(Claim(organisation=org, person=people[0], kind="travel",
                                    amount_pence=pence, spent_on=day, project=project),
                              coordinator)
        if approve is not None:
            claims.decide(claim, approve, approver, reason="" if approve else "No receipt")
    for person in people:
        Offer.objects.create(organisation=org, person=person, kind=OfferKind.VOUCHER,
                             amount_pence=2500, activity="Planning day", project=project,
                             offered_on=day, status=OfferStatus.ACCEPTED)
    return project


def tenancy_objects(other_org: Any, other_person: Any, project: Project) -> dict[str, Any]:
    """One of each reciprocity record in organisation B, for the tenancy walk."""
    from coproduce.reciprocity import credits
    from coproduce.reciprocity.models import Published, RateCard, Receipt

    user = User.objects.create_user(username="b-staff@example.org", email="b-staff@example.org")
    entry = record_hours(other_org, Giver(person=other_person), datetime.date(2026, 4, 2), 60,
                         "meeting", user, project=project, confirmed=True)
    claim = claims.submit(Claim(organisation=other_org, person=other_person, kind="travel",
                                amount_pence=500, spent_on=datetime.date(2026, 4, 2)), user)
    receipt = Receipt.objects.create(claim=claim, filename="r.pdf", content_type="application/pdf",
                                     content=b"%PDF-1.4", size=8)
    offer = Offer.objects.create(organisation=other_org, person=other_person, kind="voucher",
                                 amount_pence=1000, activity="B", offered_on=entry.on)
    transfer = credits.transfer(credits.organisation_account(other_org),
                                credits.account_of(other_person), 60, "issue", entry.on, user)
    card = RateCard.objects.create(organisation=other_org, name="B's card", source_title="B")
    from coproduce.reciprocity.certificates import issue

    certificate = issue(other_person, "en", user)
    published = Published.objects.create(organisation=other_org, title="B", figures={})
    return {"contribution": entry, "claim": claim, "receipt": receipt, "offer": offer,
            "transfer": transfer, "card": card, "certificate": certificate,
            "published": published}

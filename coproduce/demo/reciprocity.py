"""Demo hours, expenses, recognition and time credits for each organisation's project."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from coproduce.people.models import Person
from coproduce.reciprocity import claims, credits, recognition
from coproduce.reciprocity.hours import Giver, dispute, record_hours
from coproduce.reciprocity.models import (
    Claim,
    Contribution,
    Costing,
    Funding,
    Offer,
    Rate,
    RateCard,
    RecognitionPreference,
    Settings,
    StaffCost,
)

# funder, amount (pence), overhead %, what volunteers do most
FUNDING = {
    "harbour-day-centre": ("City Homelessness Fund", 450000, 15, "mentoring"),
    "unity-community-network": ("Sport Wales Community Chest", 300000, 10, "hosting"),
    "evergreen-circle": ("Ageing Well Small Grants", 250000, 12, "hosting"),
    "rainbow-cancer-voices": ("Macmillan Community Grant", 600000, 18, "training"),
    "northgate-homes": ("Northgate Homes Community Fund", 150000, 20, "panel"),
}
CLAIMS = [("travel", 640, "Bus fares to the planning meeting"),
          ("care", 2400, "Childminder for the evening session"),
          ("interpreter", 4500, "Interpreter for the workshop"),
          ("refreshments", 1870, "Tea, coffee and biscuits"),
          ("travel", 1280, "Taxi: step-free transport"),
          ("equipment", 899, "Printer ink for easy-read papers")]


def make_reciprocity(organisation: Any, coordinator: User) -> None:
    """Create the organisation's reciprocity record once."""
    if organisation.slug not in FUNDING or Contribution.objects.filter(
            organisation=organisation).exists():
        return
    project = organisation.projects.order_by("pk").first()
    if project is None:
        return
    rng = random.Random(f"reciprocity-{organisation.slug}")
    funder, funded, overheads, main_activity = FUNDING[organisation.slug]
    admin = User.objects.get(email=f"admin@{organisation.slug}.example")
    today = timezone.localdate()
    Settings.objects.update_or_create(organisation=organisation, defaults={
        "issue_credits": True, "credit_ratio": Decimal("1"),
        "benefits_weekly_limit_pence": 2000, "benefits_monthly_limit_pence": 8000,
        "benefits_note": "We pay vouchers or time credits by default. Anyone on benefits "
                         "is offered a chat first; we signpost Citizens Advice for advice.",
        "signatory": "The volunteer coordinator",
        "thanks": "Thank you for everything you have given to our community.",
        "thanks_cy": "Diolch am bopeth rydych wedi'i roi i'n cymuned."})
    for user, pence in [(coordinator, 1980 + rng.randint(0, 300)), (admin, 3120)]:
        StaffCost.objects.get_or_create(organisation=organisation, user=user,
                                        effective_from=today - datetime.timedelta(days=400),
                                        defaults={"hourly_pence": pence})
    Costing.objects.get_or_create(project=project, defaults={"overhead_percent": overheads})
    Funding.objects.get_or_create(project=project, funder=funder, defaults={
        "amount_pence": funded, "starts_on": today - datetime.timedelta(days=180),
        "ends_on": today + datetime.timedelta(days=185)})
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:12])
    make_hours(organisation, project, people, coordinator, admin, main_activity, rng, today)
    make_payments(organisation, project, people, coordinator, admin, rng, today)
    if organisation.slug == "evergreen-circle":
        card = RateCard.objects.create(
            organisation=organisation, name="Evergreen volunteer hour",
            name_cy="Awr wirfoddol Evergreen", source_title="Trustees' decision, March 2025")
        Rate.objects.create(card=card, amount_pence=1500,
                            effective_from=datetime.date(2025, 4, 1))


def make_hours(organisation: Any, project: Any, people: list[Person], coordinator: User,
               admin: User, main_activity: str, rng: random.Random,
               today: datetime.date) -> None:
    for week in range(10, 0, -1):
        day = today - datetime.timedelta(days=7 * week + rng.randint(0, 4))
        for person in rng.sample(people, k=min(len(people), rng.randint(4, 8))):
            entry = record_hours(organisation, Giver(person=person), day,
                                 rng.choice([60, 90, 120, 150, 180]),
                                 rng.choice([main_activity, "meeting", "preparation"]),
                                 coordinator, project=project, confirmed=week > 1)
            if week == 3 and person == people[0]:
                dispute(entry, "I stayed an extra hour to clear up.", None)
        record_hours(organisation, Giver(staff=coordinator), day, 240, "meeting", coordinator,
                     project=project, confirmed=True)
        if week % 3 == 0:
            record_hours(organisation, Giver(staff=admin), day, 90, "preparation", coordinator,
                         project=project, confirmed=True)
    giver, friend = credits.account_of(people[1]), credits.account_of(people[2])
    credits.transfer(giver, friend, 60, "gift", today - datetime.timedelta(days=20), coordinator,
                     note="Thank you for the lift")
    credits.transfer(credits.account_of(people[3]), credits.organisation_account(organisation),
                     120, "spend", today - datetime.timedelta(days=10), coordinator,
                     note="Swimming lessons with a partner leisure centre")


def make_payments(organisation: Any, project: Any, people: list[Person], coordinator: User,
                  admin: User, rng: random.Random, today: datetime.date) -> None:
    for index, (kind, pence, description) in enumerate(CLAIMS):
        claim = claims.submit(Claim(
            organisation=organisation, person=people[index % len(people)], kind=kind,
            amount_pence=pence + rng.randint(0, 200), description=description,
            spent_on=today - datetime.timedelta(days=5 + 9 * index), project=project,
            in_advance=kind == "care", supplier="Language Link" if kind == "interpreter"
            else ""), coordinator)
        if index < 4:
            claims.decide(claim, True, admin)
        if index < 2:
            claims.pay(claim, today - datetime.timedelta(days=2 + index), "bank",
                       f"BACS-{index + 1:03d}", admin)
        if index == 4:
            claims.decide(claim, False, admin, "Please send the taxi receipt")
    RecognitionPreference.objects.update_or_create(
        person=people[4], defaults={"receives_benefits": "yes",
                                    "preference": "Time credits or vouchers"})
    for index, person in enumerate(people[:6]):
        offer = recognition.make_offer(Offer(
            organisation=organisation, person=person, kind="voucher" if index % 2 else "cash",
            amount_pence=2500, activity="Planning day", project=project,
            offered_on=today - datetime.timedelta(days=14)), coordinator, warnings_seen=True)
        answer = ["accepted", "charity", "declined", "accepted", "credits", "part"][index]
        recognition.answer(offer, answer, taken_pence=1000 if answer == "part" else None,
                           charity="Shelter Cymru" if answer == "charity" else "",
                           credit_minutes=150 if answer == "credits" else None)
        if index < 2:
            recognition.pay(offer, today - datetime.timedelta(days=7), "voucher", "", admin)

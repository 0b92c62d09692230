"""Demo roles, training, checks, offers, agreements and a small asset register for each
organisation, modelled on its reference case."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from coproduce.community.models import (
    Agreement,
    Asset,
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    GroupReview,
    Offer,
    RoleHolder,
    SupportSession,
)
from coproduce.people.models import Group, Person
from coproduce.themes.models import Theme
from coproduce.voices.models import Voice

COURSES = [("Safeguarding adults", "Diogelu oedolion", 24), ("First aid", "Cymorth cyntaf", 36),
           ("Peer mentoring skills", "Sgiliau mentora cymheiriaid", None),
           ("Minibus driving (MiDAS)", "Gyrru bws mini (MiDAS)", 48)]

# name, Welsh name, skills, courses, check level, hosts meetings
ROLES = [
    ("Peer mentor", "Mentor cymheiriaid", "listening, mentoring, welcoming",
     ["Safeguarding adults", "Peer mentoring skills"], "enhanced", True),
    ("Event host", "Gwesteiwr digwyddiadau", "hosting, welcoming, cooking",
     ["Safeguarding adults", "First aid"], "basic", True),
    ("Volunteer driver", "Gyrrwr gwirfoddol", "driving",
     ["Safeguarding adults", "Minibus driving (MiDAS)"], "enhanced", False),
    ("Panel member", "Aelod o'r panel", "reading bids, scoring", [], "", False),
]

SKILLS = ["driving", "cooking", "listening", "welcoming", "hosting", "gardening",
          "Welsh speaker", "IT help", "sign language (BSL)", "photography", "first aid",
          "mentoring", "reading bids", "art and crafts"]
INTERESTS = ["outings", "music", "sport", "food", "history", "walking", "gardening"]
EXPERIENCE = ["Used the service for two years", "Lived in a hostel", "Carer for a parent",
              "Came to the UK as a refugee", "Recovering from cancer"]

# name, kind, postcode, latitude, longitude, access, contact, words that link it to voices
ASSETS: dict[str, list[tuple[str, str, str, str, str, list[str], str, list[str]]]] = {
    "harbour-day-centre": [
        ("St Anne's church hall", "place", "M2 4WU", "53.48150", "-2.24580",
         ["step_free", "toilets", "transport"], "Revd Sue, 0161 000 0001", ["meeting", "hall"]),
        ("Day centre kitchen", "equipment", "M3 5AS", "53.48390", "-2.25120",
         ["step_free"], "Kitchen lead", ["breakfast", "food", "meal"]),
        ("Welcome pack donations (local chemist)", "group", "M1 1AD", "53.47960", "-2.23810",
         [], "Pharmacy manager", ["welcome pack", "toiletries"]),
    ],
    "unity-community-network": [
        ("Leisure centre women-only swim", "place", "M14 5TQ", "53.44870", "-2.22250",
         ["step_free", "toilets", "parking"], "Centre manager", ["sports", "swimming"]),
        ("Mosque community room", "place", "M16 7AX", "53.45950", "-2.26020",
         ["toilets"], "Community officer", ["room", "meeting"]),
        ("Somali women's network", "group", "", "", "", [], "Network chair", ["women"]),
    ],
    "evergreen-circle": [
        ("Minibus owned by St Mary's church", "transport", "CF11 9LJ", "51.47620", "-3.19320",
         ["step_free"], "Church warden", ["seaside", "trip", "outing"]),
        ("Seafront café (step-free, hearing loop)", "place", "CF64 3AU", "51.43100",
         "-3.16710", ["step_free", "hearing_loop", "toilets"], "Café owner",
         ["seaside", "tea", "café"]),
        ("Library hall", "place", "CF14 2DY", "51.51200", "-3.20520",
         ["step_free", "hearing_loop", "toilets", "transport"], "Branch librarian",
         ["talk", "hall", "dance"]),
        ("Walking group", "group", "", "", "", [], "Walk leader", ["walk"]),
    ],
    "rainbow-cancer-voices": [
        ("LGBT centre meeting room", "place", "M1 3HZ", "53.47560", "-2.23480",
         ["step_free", "toilets", "transport"], "Centre bookings", ["safe space", "meeting"]),
        ("Hospital information centre", "place", "M20 4BX", "53.40580", "-2.23340",
         ["step_free", "hearing_loop", "toilets", "parking"], "Information nurse",
         ["training", "nurses", "hospital"]),
    ],
    "northgate-homes": [
        ("Tenants' hall, Northgate estate", "place", "NP20 1AA", "51.58700", "-2.99800",
         ["step_free", "toilets", "parking"], "Estate officer", ["hall", "community"]),
        ("Community garden", "place", "NP20 2BB", "51.58300", "-3.00400", ["step_free"],
         "Garden volunteers", ["garden", "green"]),
        ("Tool library", "equipment", "NP19 7AA", "51.59100", "-2.98200", [],
         "Caretaker", ["tools", "repairs"]),
    ],
}


def make_community(organisation: Any, coordinator: User) -> None:
    """Create the organisation's community record once."""
    if CommunityRole.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(f"community:{organisation.slug}")
    today = timezone.localdate()
    courses = {name: Course.objects.create(organisation=organisation, name=name, name_cy=cy,
                                           valid_months=months)
               for name, cy, months in COURSES}
    roles = []
    for name, cy, skills, needs, level, hosts in ROLES:
        role = CommunityRole.objects.create(
            organisation=organisation, name=name, name_cy=cy, skills=skills, check_level=level,
            hosts_meetings=hosts, description=f"{name} at {organisation.name}.")
        role.courses.set([courses[need] for need in needs])
        roles.append(role)
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")[:40])
    make_offers(people, rng, today)
    for index, person in enumerate(people[:16]):
        role = roles[index % len(roles)]
        RoleHolder.objects.create(role=role, person=person, given_by=coordinator,
                                  since=today - datetime.timedelta(days=rng.randint(60, 700)))
        make_records(person, role, coordinator, rng, today, lapse=index in {2, 5})
    make_assets(organisation, rng)
    for group in Group.objects.filter(organisation=organisation)[:2]:
        GroupReview.objects.create(group=group, reviewed_on=today - datetime.timedelta(days=90),
                                   next_review_on=today + datetime.timedelta(days=90),
                                   notes="Looked at with the group at its meeting.",
                                   reviewed_by=coordinator)


def make_offers(people: list[Person], rng: random.Random, today: datetime.date) -> None:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    for index, person in enumerate(people):
        skills = rng.sample(SKILLS, k=rng.randint(1, 3))
        if index % 5 == 0:
            skills = ["driving", *[s for s in skills if s != "driving"]]
        Offer.objects.create(
            person=person, skills=", ".join(skills),
            interests=", ".join(rng.sample(INTERESTS, k=2)),
            lived_experience=rng.choice(EXPERIENCE) if rng.random() < 0.4 else "",
            days=sorted(rng.sample(days, k=rng.randint(1, 4)), key=days.index),
            times=rng.sample(["morning", "afternoon", "evening"], k=rng.randint(1, 2)),
            max_asks=rng.choice([None, 2, 4]), asks_per="month",
            share_skills=rng.random() < 0.3)
    if len(people) > 7:
        people[7].break_until = today + datetime.timedelta(days=45)
        people[7].save(update_fields=["break_until"])


def make_records(person: Person, role: CommunityRole, coordinator: User, rng: random.Random,
                 today: datetime.date, lapse: bool) -> None:
    """Training and a check for the role (a few lapse, or soon will), an agreement, sessions."""
    for course in role.courses.all():
        taken = today - datetime.timedelta(days=rng.randint(30, 500))
        expires = (datetime.date(taken.year + course.valid_months // 12, taken.month,
                                 min(taken.day, 28)) if course.valid_months else None)
        CourseTaken.objects.create(person=person, course=course, taken_on=taken,
                                   provider="Local council training team", expires_on=expires,
                                   recorded_by=coordinator)
    if role.check_level:
        expires = today + datetime.timedelta(days=-10 if lapse else rng.choice([20, 400, 800]))
        Check.objects.create(person=person, level=role.check_level,
                             checked_on=expires - datetime.timedelta(days=3 * 365),
                             expires_on=expires, verified_by=coordinator,
                             certificate_number=f"00{rng.randint(10**9, 10**10 - 1)}")
    Agreement.objects.create(
        organisation=person.organisation, person=person, role=role,
        language=person.preferred_language, what=f"Being a {role.name.lower()} with us.",
        time_asked="About two hours a week, on days that suit you.",
        support="A named coordinator, a debrief after each session and supervision every "
                "month.", recognition="Travel paid; time credits for hours given.",
        contact=f"{coordinator.email}", review_on=today + datetime.timedelta(days=180),
        agreed_on=today - datetime.timedelta(days=rng.randint(10, 300)),
        created_by=coordinator)
    SupportSession.objects.create(person=person, kind="supervision",
                                  on=today - datetime.timedelta(days=rng.randint(5, 40)),
                                  with_whom=coordinator.email,
                                  notes="Going well; would like to try hosting an event.",
                                  recorded_by=coordinator)


def make_assets(organisation: Any, rng: random.Random) -> None:
    groups = list(Group.objects.filter(organisation=organisation))
    for name, kind, postcode, lat, lng, access, contact, words in ASSETS.get(
            organisation.slug, []):
        asset = Asset.objects.create(
            organisation=organisation, name=name, kind=kind, postcode=postcode,
            latitude=Decimal(lat) if lat else None, longitude=Decimal(lng) if lng else None,
            access=access, contact=contact, description=f"{name}, offered to the community.")
        match = Q()
        for word in words:
            match |= Q(text__icontains=word)
        asset.voices.set(Voice.objects.filter(match, organisation=organisation)[:5])
        asset.themes.set(Theme.objects.filter(placements__voice__assets=asset).distinct())
        if groups:
            asset.groups.set(rng.sample(groups, k=min(2, len(groups))))

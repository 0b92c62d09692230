"""Build the demo organisations: idempotent, deterministic, realistic enough to try things on."""

import datetime
import random
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import (
    AccessNeed,
    Consent,
    ConsentPurpose,
    ContactWay,
    Group,
    JourneyStage,
    JourneyStep,
    NeedKind,
    Person,
    RecordedHow,
    SensitiveInfo,
)
from coproduce.themes.store import regroup

from .assessments import make_assessments
from .budgets import make_budgets
from .cases import CASES, FIRST_NAMES, STREETS, SURNAMES, Case
from .commissioning import make_grant_rounds
from .community import make_community
from .decisions import make_decision_record
from .emerging import make_emerging
from .meetings import make_meeting_record
from .outcomes import make_outcomes
from .outreach import make_outreach
from .panels import make_people_panel
from .participants import make_participants
from .projects import make_project
from .reciprocity import make_reciprocity
from .reports import make_published_report
from .rights import make_rights_history
from .voices import make_voices
from .year import make_year

POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LOGIN_ROLES = [("admin", Role.ADMIN), ("coordinator", Role.COORDINATOR), ("viewer", Role.VIEWER)]


@dataclass
class Login:
    email: str
    organisation: str
    role: str


def demo_password() -> str:
    return secrets.token_urlsafe(12)


def ensure_login(organisation: Organisation, prefix: str, role: str, password: str) -> Login:
    email = f"{prefix}@{organisation.slug}.example"
    user = User.objects.filter(email=email).first() or User(username=email, email=email)
    user.set_password(password)
    user.save()
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"primary": True, "verified": True})
    Membership.objects.update_or_create(
        user=user, organisation=organisation,
        defaults={"role": role, "may_view_sensitive": role in {Role.ADMIN, Role.COORDINATOR}},
    )
    return Login(email, organisation.name, str(Role(role).label))


def make_people(organisation: Organisation, case: Case) -> int:
    """Create the case's people once; return how many were made."""
    if Person.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(case.slug)  # the same people every time
    groups = [Group.objects.get_or_create(organisation=organisation, name=name)[0]
              for name in case.groups]
    stages = list(JourneyStage.objects.filter(organisation=organisation))
    today = timezone.localdate()
    people = []
    for index in range(case.people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        joined = today - datetime.timedelta(days=rng.randint(0, 365 * 4))
        has_email = rng.random() < 0.55
        people.append(Person(
            organisation=organisation,
            name=f"{first} {last}" if rng.random() < 0.85 else f"{first} {last[0]}.",
            email=f"{first}.{last}{index}@mail.example".lower() if has_email else "",
            phone=f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.7 else "",
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}" if rng.random() < 0.5 else "",
            postcode=f"CF{rng.randint(1, 48)} {rng.randint(1, 9)}"
                     f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}",
            contact_ways=rng.sample(
                [ContactWay.EMAIL] * has_email + [ContactWay.PHONE, ContactWay.TEXT,
                                                  ContactWay.POST, ContactWay.IN_PERSON],
                k=rng.randint(1, 2)),
            languages=", ".join(sorted({"English", rng.choice(case.languages)})),
            date_joined=joined,
            external_id=f"{case.slug[:3].upper()}-{index + 1:04d}",
            import_key=f"ext:{case.slug[:3].upper()}-{index + 1:04d}",
        ))
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    memberships, needs, consents, steps, sensitive = [], [], [], [], []
    Through = Person.groups.through
    for person in people:
        for group in rng.sample(groups, k=rng.choice([1, 1, 1, 2])):
            memberships.append(Through(person_id=person.pk, group_id=group.pk))
        for kind in rng.sample(list(NeedKind), k=rng.choice([0, 0, 0, 1, 1, 2])):
            detail = {NeedKind.INTERPRETER: rng.choice(case.languages[1:] or ["Polish"]),
                      NeedKind.OTHER: "Quiet room, short breaks"}.get(kind, "")
            needs.append(AccessNeed(person=person, kind=kind, detail=detail))
        for purpose in ConsentPurpose:
            if rng.random() < 0.8:
                consents.append(Consent(
                    person=person, purpose=purpose, given=rng.random() < 0.85,
                    how=rng.choice([RecordedHow.IN_PERSON, RecordedHow.PAPER, RecordedHow.WEB]),
                    recorded_on=person.date_joined))
        reached = rng.choices(range(len(stages)), weights=[40, 30, 10, 12, 8][:len(stages)])[0]
        for position in range(reached + 1):
            on = min(today, person.date_joined + datetime.timedelta(days=120 * position))
            steps.append(JourneyStep(person=person, stage=stages[position], on=on))
        if case.sensitive and rng.random() < 0.6:
            sensitive.append(SensitiveInfo(
                person=person,
                **{name: rng.choice(values) for name, values in case.sensitive.items()}))
    Through.objects.bulk_create(memberships)
    AccessNeed.objects.bulk_create(needs)
    Consent.objects.bulk_create(consents)
    JourneyStep.objects.bulk_create(steps)
    SensitiveInfo.objects.bulk_create(sensitive)
    return len(people)


@transaction.atomic
def count_what_was_written() -> None:
    """On PostgreSQL, let the planner see the thousands of rows just written (ANALYZE),
    so the report built next, and the first pages, do not plan for empty tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def build(password: str) -> list[Login]:
    """Create (or bring up to date) every demo organisation; return the logins."""
    logins = []
    for case in CASES:
        organisation, _created = Organisation.found(case.slug, case.name, case.name_cy)
        make_people(organisation, case)
        for prefix, role in LOGIN_ROLES:
            logins.append(ensure_login(organisation, prefix, role, password))
        coordinator = User.objects.get(email=f"coordinator@{case.slug}.example")
        make_project(organisation, coordinator)
        make_meeting_record(organisation, coordinator)
        make_reciprocity(organisation, coordinator)
        logins += make_grant_rounds(organisation, password, ensure_login)
        make_budgets(organisation, coordinator)
        make_people_panel(organisation, coordinator)
        if make_voices(organisation):
            regroup(organisation)
        make_emerging(organisation)
        make_outcomes(organisation, coordinator)
        make_rights_history(organisation)
        logins += make_participants(organisation, coordinator, password, ensure_login)
        make_community(organisation, coordinator)
        make_assessments(organisation, coordinator)
        make_decision_record(organisation)
        make_year(organisation, coordinator)
        logins += make_outreach(organisation, coordinator, password, ensure_login)
        count_what_was_written()
        make_published_report(organisation, coordinator)
    return logins

"""Shared test fixtures: two organisations and the people every test talks about.

Organisation A (Harbour) has an administrator, a coordinator, a viewer, a peer mentor and a
participant record; organisation B (Northgate) has an outsider coordinator and its own people.
"""

import datetime
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import ConsentPurpose, Person, RecordedHow, SensitiveInfo


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings: object) -> None:
    # Tests run background tasks in the request that enqueues them (no worker process).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",  # type: ignore[attr-defined]  # noqa: E501
                                  "QUEUES": ["default", "themes-regroup"]}}
    settings.COPRODUCE_THEMES_BACKEND = "lexical"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def language_reset_after_each_test() -> Iterator[None]:
    # A Welsh page requested by one test leaves Welsh active in the thread; without this, the
    # next test's gettext answers in Welsh and fails depending on the order tests run in.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    # Argon2 is slow on purpose and dominated the suite's time; the test of hashing itself
    # (organisations/tests/test_accounts.py) puts the real hashers back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]  # noqa: E501


@pytest.fixture(autouse=True)
def plain_static_files(settings: object) -> None:
    # The hashed-name manifest is made by collectstatic at deployment, not in tests.
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def org(db: None) -> Organisation:
    return Organisation.found("harbour", "Harbour Day Centre", "Canolfan Ddydd yr Harbwr")[0]


@pytest.fixture
def other_org(db: None) -> Organisation:
    return Organisation.found("northgate", "Northgate Homes")[0]


def make_member(organisation: Organisation, email: str, role: str,
                sensitive: bool = False) -> User:
    user = User.objects.create_user(username=email, email=email, password="a long test pass 42")
    Membership.objects.create(user=user, organisation=organisation, role=role,
                              may_view_sensitive=sensitive)
    return user


@pytest.fixture
def admin_user(org: Organisation) -> User:
    return make_member(org, "admin@harbour.example", Role.ADMIN, sensitive=True)


@pytest.fixture
def coordinator(org: Organisation) -> User:
    return make_member(org, "coordinator@harbour.example", Role.COORDINATOR, sensitive=True)


@pytest.fixture
def viewer(org: Organisation) -> User:
    return make_member(org, "viewer@harbour.example", Role.VIEWER)


@pytest.fixture
def peer_mentor(org: Organisation) -> User:
    return make_member(org, "mentor@harbour.example", Role.PEER_MENTOR)


@pytest.fixture
def outsider(other_org: Organisation) -> User:
    return make_member(other_org, "coordinator@northgate.example", Role.COORDINATOR, True)


def make_person(organisation: Organisation, name: str, sensitive_consent: bool = True) -> Person:
    person = Person.objects.create(organisation=organisation, name=name,
                                   email=f"{name.split()[0].lower()}@mail.example",
                                   date_joined=datetime.date(2024, 5, 1))
    person.record_consent(ConsentPurpose.SENSITIVE, sensitive_consent, RecordedHow.PAPER,
                          datetime.date(2024, 5, 1))
    SensitiveInfo.objects.create(person=person, health="Diabetes", housing_situation="Hostel")
    return person


@pytest.fixture
def person(org: Organisation) -> Person:
    return make_person(org, "Sian Roberts")


@pytest.fixture
def other_person(other_org: Organisation) -> Person:
    return make_person(other_org, "Tomasz Nowak")


@pytest.fixture
def login() -> Callable[[User], Client]:
    def logged_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return logged_in


from coproduce.tests.browser import browser_page, chromium  # noqa: E402, F401

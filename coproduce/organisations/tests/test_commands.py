"""The create-org and demo commands."""

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from coproduce.organisations.models import Membership, Organisation, Role
from coproduce.people.models import Person


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_an_organisation_with_its_administrator(db: None) -> None:
    output = run("create-org", "--slug", "riverside", "--name", "Riverside Tenants",
                 "--admin", "chair@riverside.example")
    assert "Created organisation Riverside Tenants" in output
    org = Organisation.objects.get(slug="riverside")
    assert org.journey_stages.count() == 5
    assert Membership.objects.get(organisation=org).role == Role.ADMIN


def test_it_says_so_and_changes_nothing_when_the_organisation_exists(db: None) -> None:
    run("create-org", "--slug", "riverside", "--name", "Riverside Tenants")
    output = run("create-org", "--slug", "riverside", "--name", "Another name")
    assert "already exists" in output
    assert Organisation.objects.get(slug="riverside").name == "Riverside Tenants"
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("args", [["--slug", "no spaces", "--name", "X"],
                                  ["--slug", "ok", "--name", "X", "--admin", "not-an-email"],
                                  ["--slug", "ok", "--name", "   "]])
def test_it_refuses_bad_arguments(db: None, args: list[str]) -> None:
    with pytest.raises(CommandError):
        run("create-org", *args)
    assert not Organisation.objects.exists()


def test_it_builds_the_demo_once_and_sets_the_password(db: None) -> None:
    output = run("demo", "--password", "demo pass 123")
    assert Organisation.objects.count() == 5
    counts = {org.slug: org.people.count() for org in Organisation.objects.all()}
    assert all(30 <= n <= 500 for n in counts.values())
    emails = [line.split()[0] for line in output.splitlines() if "@" in line]
    assert any("coordinator" in e for e in emails) and any("viewer" in e for e in emails)
    # Admin, coordinator, viewer, peer mentor and panel member in each, and the day centre's
    # Welsh-speaking coordinator.
    assert len(emails) == 26
    user = authenticate(username="coordinator@evergreen-circle.example", password="demo pass 123")
    assert user is not None
    again = run("demo")
    assert {org.slug: org.people.count() for org in Organisation.objects.all()} == counts
    generated = again.split("Password: ")[1].strip()
    assert authenticate(username=emails[0], password=generated) is not None


def test_it_gives_demo_people_groups_needs_consents_and_journeys(db: None) -> None:
    run("demo", "--password", "demo pass 123")
    people = Person.objects.filter(organisation__slug="rainbow-cancer-voices")
    assert people.filter(groups__isnull=False).exists()
    assert people.filter(access_needs__isnull=False).exists()
    assert people.filter(consents__given=True).exists()
    assert people.filter(journey__isnull=False).exists()
    assert people.filter(sensitive__isnull=False).exists()
    for org in Organisation.objects.all():
        project = org.projects.get()
        assert project.phases.exists() and project.boundaries.exists()
        assert project.meetings.exists() and project.decisions.exists()
        assert org.voices.count() >= 120 and org.themes.exists()  # plus emerging ones


def test_the_command_line_refuses_an_unknown_organisation(db: None, tmp_path: Any) -> None:
    with pytest.raises(CommandError):
        run("export-people", "--org", "nowhere")

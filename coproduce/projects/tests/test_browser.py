"""A coordinator runs a co-production project in a real Chromium; a peer mentor sees only theirs."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from coproduce.organisations.models import Membership
from coproduce.people.models import AccessNeed, NeedKind, Person
from coproduce.projects.models import Project
from coproduce.tests.browser import CheckedPage, sign_in
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_runs_a_project_and_a_peer_mentor_sees_only_theirs(
    browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
    peer_mentor: Any, org: Any,
) -> None:
    page, p = browser_page, browser_page.page
    amira = Person.objects.create(organisation=org, name="Amira Farah")
    AccessNeed.objects.create(person=amira, kind=NeedKind.INTERPRETER, detail="Somali")
    voice = Voice.objects.create(organisation=org, text="Welcome packs for people arriving",
                                 channel="conversation", heard_on=datetime.date(2025, 3, 1),
                                 person=amira)
    Project.objects.create(organisation=org, title="Someone else's project", purpose="x")
    sign_in(page, coordinator.email)

    page.goto(f"/o/{org.slug}/projects/")
    p.get_by_role("link", name="Start a project").click()
    page.check()
    p.get_by_label("Title").fill("Welcome packs")
    p.get_by_label("Purpose, in plain language").fill("Packs made with peer mentors.")
    p.get_by_role("button", name="Save").click()
    page.check()
    project = Project.objects.get(title="Welcome packs")

    p.get_by_role("link", name="State a boundary").click()
    page.check()
    p.get_by_label("What", exact=True).fill("What goes in the pack")
    p.get_by_label("Open within limits").check()
    p.get_by_label("The limits").fill("Up to £10 a pack")
    p.get_by_label("Why").fill("The grant covers 100 packs")
    p.get_by_role("button", name="Save").click()
    page.check()
    assert "Up to £10 a pack" in p.inner_text("main")

    p.get_by_role("link", name="Add a phase").click()
    page.check()
    p.get_by_label("Kind of phase").select_option("peer_support")
    p.get_by_role("button", name="Save").click()
    page.check()
    p.get_by_role("link", name="Add who takes part").click()
    page.check()
    p.get_by_label("Participant", exact=True).check()
    p.get_by_label("Delivers").check()
    p.locator("#id_person").press_sequentially("Amira")  # the people picker
    p.get_by_role("option").filter(has_text="Amira Farah").click()
    p.get_by_role("button", name="Save").click()
    page.check()

    p.get_by_role("link", name="Plan a meeting").click()
    page.check()
    start = timezone.localtime() + datetime.timedelta(days=14)
    p.get_by_label("Title").fill("Planning the packs")
    p.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT10:00"))
    p.get_by_label("Ends").fill(start.strftime("%Y-%m-%dT12:00"))
    p.get_by_label("Place").fill("Community hall")
    p.get_by_label("Amira Farah").check()
    p.get_by_label(coordinator.email).check()
    p.get_by_role("button", name="Save").click()
    page.check()
    warning = p.locator(".govuk-warning-text").inner_text()
    assert "Interpreter booked (Somali)" in warning and "Amira Farah" in warning

    page.goto(f"/o/{org.slug}/projects/{project.pk}/decisions/add/")
    p.get_by_label("What was decided").fill("Peer mentors hand out the packs from June.")
    p.get_by_label("Participant", exact=True).check()
    p.get_by_label("Consensus").check()
    p.get_by_label("Welcome packs for people arriving").check()
    p.get_by_label("Close the voices it answers").check()
    p.get_by_role("button", name="Save").click()
    page.check()
    voice.refresh_from_db()
    assert voice.status == "done"
    assert p.locator("#level").inner_text() in {"Intermediate", "Simple", "Transformational"}

    # The peer mentor, linked to Amira's record, sees this project and nothing else.
    Membership.objects.filter(user=peer_mentor).update(person=amira)
    context = chromium.new_context()
    mentor = CheckedPage(context.new_page(), live_server.url)
    sign_in(mentor, peer_mentor.email)
    mentor.goto(f"/o/{org.slug}/projects/")
    listing = mentor.page.inner_text("main")
    assert "Welcome packs" in listing and "Someone else's project" not in listing
    mentor.page.get_by_role("link", name="Welcome packs").click()
    mentor.check()
    assert "What goes in the pack" in mentor.page.inner_text("main")
    assert mentor.page.get_by_role("link", name="People").count() == 0
    assert not mentor.unchecked()
    context.close()

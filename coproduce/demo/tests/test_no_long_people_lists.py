"""A crawl of every demo page of the 500-member club finds no select or checkbox group that
lists more than 50 people: people are always found with the picker."""

from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.demo.build import build
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import Person
from coproduce.projects.models import Invitation, Meeting
from coproduce.tests.test_tenancy import project_patterns
from coproduce.themes.models import Theme
from coproduce.voices.models import Voice

pytestmark = pytest.mark.django_db
LIMIT = 50


class Choices(HTMLParser):
    """Each select's option labels, and each checkbox or radio group's labels, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, str] = {}  # id -> group name
        self.select: str | None = None
        self.label_for: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "select":
            self.select = f"select {a.get('name')}"
            self.groups.setdefault(self.select, [])
        elif tag == "input" and a.get("type") in {"checkbox", "radio"} and a.get("id"):
            self.inputs[str(a["id"])] = f"{a.get('type')} {a.get('name')}"
        elif tag in {"option", "label"}:
            self.text = []
            self.label_for = a.get("for") if tag == "label" else None

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "option" and self.select:
            self.groups[self.select].append("".join(self.text).strip())
        elif tag == "label" and self.label_for:
            self.labels[self.label_for] = "".join(self.text).strip()

    def people_lists(self, names: set[str]) -> dict[str, int]:
        for input_id, group in self.inputs.items():
            self.groups.setdefault(group, []).append(self.labels.get(input_id, ""))
        return {group: count for group, labels in self.groups.items()
                if (count := sum(any(label.startswith(n) for n in names) for label in labels))
                > LIMIT}


def test_no_demo_page_lists_more_than_50_people() -> None:
    build("a demo password 42")
    organisation = max(Organisation.objects.all(), key=lambda o: o.people.count())
    assert organisation.people.count() >= 500
    admin = User.objects.get(memberships__organisation=organisation, memberships__role="admin")
    names = set(Person.objects.filter(organisation=organisation).values_list("name", flat=True))
    meeting = Meeting.objects.filter(project__organisation=organisation).first()
    objects: dict[str, Any] = {
        "person_id": organisation.people.first().pk,
        "voice_id": Voice.objects.filter(organisation=organisation).first().pk,
        "project_id": meeting.project_id, "meeting_id": meeting.pk,
        "phase_id": meeting.project.phases.first().pk,
        "boundary_id": meeting.project.boundaries.first().pk,
        "membership_id": Membership.objects.get(user=admin, organisation=organisation).pk,
        "rsvp_token": Invitation.objects.filter(meeting=meeting).first().token,
    }
    theme = Theme.objects.filter(organisation=organisation).first()
    if theme is not None:
        objects["theme_id"] = theme.pk
    client = Client()
    client.force_login(admin)
    crawled, long_lists = 0, Counter[str]()
    for name, kwargs, _route in project_patterns():
        if "org_slug" not in kwargs or not kwargs - {"org_slug"} <= set(objects):
            continue
        url = reverse(name, kwargs={"org_slug": organisation.slug,
                                    **{k: objects[k] for k in kwargs if k != "org_slug"}})
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        crawled += 1
        parser = Choices()
        parser.feed(response.content.decode())
        for group, count in parser.people_lists(names).items():
            long_lists[f"{url} {group}"] = count
    assert crawled > 40
    assert not long_lists, long_lists


def test_the_crawl_would_notice_a_long_list_of_people() -> None:
    names = {f"Member {n}" for n in range(60)}
    select = "<select name='person'>" + "".join(
        f"<option value='{n}'>Member {n}</option>" for n in range(60)) + "</select>"
    boxes = "".join(f"<input type='checkbox' name='attendees' id='a{n}'>"
                    f"<label for='a{n}'>Member {n}</label>" for n in range(51))
    parser = Choices()
    parser.feed(select + boxes)
    assert parser.people_lists(names) == {"select person": 60, "checkbox attendees": 51}

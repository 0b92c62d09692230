"""A person's whole story: what they said and what happened, what they were told, what they
took part in, their consent; filterable; the same number of queries at any length."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.notices.models import Notice
from coproduce.projects.models import Invitation, Meeting, Phase, Project
from coproduce.voices.models import Interest, Voice

pytestmark = pytest.mark.django_db


def story(org: Any, person: Any, n: int) -> None:
    voices = Voice.objects.bulk_create(
        Voice(organisation=org, text=f"Said thing {i}", channel="phone", person=person,
              heard_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
              status="done" if i % 2 else "new", outcome="We did it" if i % 2 else "")
        for i in range(n))
    Notice.objects.bulk_create(Notice(organisation=org, person=person, purpose="outcome",
                                      method="letter", state="to_print", subject=v.text,
                                      body=v.outcome) for v in voices[1::2])
    other = Voice.objects.create(organisation=org, text="Someone else's idea", channel="web",
                                 heard_on=datetime.date(2025, 6, 1))
    Interest.objects.create(voice=other, person=person, may_recontact=True)
    project = Project.objects.create(organisation=org, title="Garden", purpose="Grow")
    phase = Phase.objects.create(project=project, kind="co_design")
    phase.roles.create(side="participant", involvement="decides", person=person)
    for i in range(n // 10 + 1):
        start = timezone.now() - datetime.timedelta(days=i + 1)
        meeting = Meeting.objects.create(project=project, title=f"Meeting {i}", starts_at=start,
                                         ends_at=start + datetime.timedelta(hours=1),
                                         status="held")
        Invitation.objects.create(meeting=meeting, person=person, token=f"tok{n}-{i}",
                                  reply="coming", attendance="came")
    Notice.objects.create(organisation=org, person=person, purpose="invitation",
                          method="letter", state="to_print", subject="Invitation: Garden",
                          body="...")


def page(client: Any, person: Any, **query: Any) -> str:
    response = client.get(reverse("people:detail", kwargs={
        "org_slug": person.organisation.slug, "person_id": person.pk}), query)
    return str(response.content.decode())


def test_it_tells_the_whole_story(login: Any, coordinator: Any, org: Any, person: Any) -> None:
    story(org, person, 4)
    html = page(login(coordinator), person)
    for expected in ("Said thing 3", "We did it", "Asked to hear about: Someone else",
                     "Said thing 3", "Letter", "Plans and decides",
                     "Meeting 0", "Came", "Invitation: Garden", "Keep sensitive information"):
        assert expected in html, expected
    only_said = page(login(coordinator), person, show="said")
    assert "Said thing 3" in only_said and "Meeting 0" not in only_said


def test_it_never_shows_another_organisations_person(login: Any, coordinator: Any,
                                                     other_person: Any) -> None:
    url = reverse("people:detail", kwargs={"org_slug": "harbour",
                                           "person_id": other_person.pk})
    assert login(coordinator).get(url).status_code == 404


def test_it_keeps_the_query_count_flat(login: Any, coordinator: Any, org: Any,
                                       person: Any) -> None:
    client = login(coordinator)
    counts = []
    for n in (10, 200):
        Voice.objects.all().delete()
        Meeting.objects.all().delete()
        Project.objects.all().delete()
        Notice.objects.all().delete()
        story(org, person, n)
        with CaptureQueriesContext(connection) as queries:
            html = page(client, person)
        counts.append(len(queries))
    assert f"Said thing {199}" in html
    assert counts[0] == counts[1]


def test_it_escapes_what_people_typed(login: Any, coordinator: Any, org: Any,
                                      person: Any) -> None:
    Voice.objects.create(organisation=org, text="<script>alert(1)</script>", channel="web",
                         heard_on=datetime.date(2025, 1, 1), person=person)
    html = page(login(coordinator), person)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html

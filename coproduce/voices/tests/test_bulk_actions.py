"""Bulk actions on the voice list: one transaction, one history entry per voice, one audit."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import StatusChange, Voice, VoiceChange

pytestmark = pytest.mark.django_db


def voices(org: Any, n: int, **extra: Any) -> list[Voice]:
    return Voice.objects.bulk_create(
        Voice(organisation=org, text=f"Idea number {i}", channel="phone",
              heard_on=datetime.date(2025, 1, 1), **extra) for i in range(n))


def bulk_url(org: Any) -> str:
    return reverse("voices:bulk", kwargs={"org_slug": org.slug})


def test_it_acknowledges_every_voice_matching_the_filter(login: Any, coordinator: Any,
                                                         org: Any) -> None:
    voices(org, 60)
    voices(org, 3, status="done", outcome="Done")
    response = login(coordinator).post(bulk_url(org), {"action": "acknowledge",
                                                       "all_matching": "on",
                                                       "filter": "status=new"})
    assert response.status_code == 302 and response["Location"].endswith("?status=new")
    assert Voice.objects.filter(status="acknowledged").count() == 60
    assert StatusChange.objects.count() == 60
    assert AuditEvent.objects.filter(action=Action.VOICES_CHANGED).count() == 1


def test_it_tags_assigns_and_moves_ticked_voices(login: Any, coordinator: Any, org: Any) -> None:
    chosen = voices(org, 3)
    ids = [v.pk for v in chosen[:2]]
    client = login(coordinator)
    client.post(bulk_url(org), {"action": "tag", "voice": ids, "tag": "benches",
                                "confirm": "1"})
    assert sorted(Voice.objects.filter(tags__name="benches").values_list("pk", flat=True)) \
        == sorted(ids)
    client.post(bulk_url(org), {"action": "assign", "voice": ids,
                                "assignee": coordinator.pk, "confirm": "1"})
    assert Voice.objects.filter(assigned_to=coordinator).count() == 2
    theme = Theme.objects.create(organisation=org, key="t", label="Seating")
    client.post(bulk_url(org), {"action": "theme", "voice": ids, "theme": theme.pk,
                                "confirm": "1"})
    assert Placement.objects.filter(theme=theme, pinned=True).count() == 2
    assert VoiceChange.objects.filter(voice_id=ids[0]).count() == 3


def test_it_asks_why_before_the_back_burner(login: Any, coordinator: Any, org: Any) -> None:
    chosen = voices(org, 2)
    client = login(coordinator)
    page = client.post(bulk_url(org), {"action": "back_burner", "voice": [chosen[0].pk],
                                       "confirm": "1"})
    assert "Say why they are going on the back burner" in page.content.decode()
    assert not Voice.objects.filter(status="back_burner").exists()
    client.post(bulk_url(org), {"action": "back_burner", "voice": [chosen[0].pk],
                                "confirm": "1", "reason": "No money this year",
                                "review_on": "2099-01-01"})
    chosen[0].refresh_from_db()
    assert chosen[0].status == "back_burner" and chosen[0].review_on == datetime.date(2099, 1, 1)
    assert StatusChange.objects.get(voice=chosen[0]).note == "No money this year"


def test_it_refuses_voices_of_another_organisation_and_changes_nothing(
        login: Any, coordinator: Any, org: Any, other_org: Any) -> None:
    mine, theirs = voices(org, 1)[0], voices(other_org, 1)[0]
    response = login(coordinator).post(bulk_url(org), {"action": "acknowledge",
                                                       "voice": [mine.pk, theirs.pk]})
    assert response.status_code == 404
    assert not Voice.objects.filter(status="acknowledged").exists()


def test_it_refuses_a_role_that_may_not_change_voices(login: Any, viewer: Any,
                                                      org: Any) -> None:
    mine = voices(org, 1)[0]
    assert login(viewer).post(bulk_url(org), {"action": "acknowledge",
                                              "voice": [mine.pk]}).status_code == 403
    assert Voice.objects.get().status == "new"


def test_it_filters_by_theme_person_and_state(login: Any, coordinator: Any, org: Any,
                                              person: Any) -> None:
    a, b, c = voices(org, 3)
    theme = Theme.objects.create(organisation=org, key="t", label="Seating")
    Placement.objects.create(voice=a, theme=theme)
    Voice.objects.filter(pk=b.pk).update(person=person, status="done", outcome="Done")
    url = reverse("voices:list", kwargs={"org_slug": org.slug})
    client = login(coordinator)

    def listed(**query: Any) -> set[int]:
        return {v.pk for v in client.get(url, query).context["page"]}

    assert listed(theme=theme.pk) == {a.pk}
    assert listed(theme="none") == {b.pk, c.pk}
    assert listed(person=person.pk) == {b.pk}
    assert listed(state="open") == {a.pk, c.pk}
    assert listed(state="closed") == {b.pk}


def test_it_keeps_the_query_count_flat_in_the_number_of_voices(login: Any, coordinator: Any,
                                                                 org: Any) -> None:
    client = login(coordinator)
    counts = []
    for n in (10, 100):
        Voice.objects.all().delete()
        voices(org, n)
        with CaptureQueriesContext(connection) as queries:
            client.post(bulk_url(org), {"action": "acknowledge", "all_matching": "on",
                                        "filter": ""})
        counts.append(len(queries))
    assert Voice.objects.filter(status="acknowledged").count() == 100
    assert counts[0] == counts[1]


def test_it_sends_voices_to_one_outcome_or_merges_them(login: Any, coordinator: Any, org: Any,
                                                       person: Any) -> None:
    first, second = voices(org, 2)
    Voice.objects.filter(pk=second.pk).update(person=person, heard_on=datetime.date(2025, 2, 1))
    client = login(coordinator)
    response = client.post(bulk_url(org), {"action": "outcome", "voice": [first.pk]})
    assert response.status_code == 302
    response = client.post(bulk_url(org), {"action": "merge", "voice": [first.pk, second.pk]})
    assert response["Location"] == first.get_absolute_url()
    assert list(Voice.objects.all()) == [first]
    assert [p.pk for p in Voice.objects.get(pk=first.pk).raisers()] == [person.pk]

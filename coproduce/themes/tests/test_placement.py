"""New voices from every channel are embedded and placed by the worker, one task per batch;
a voice that fits no theme stays "not yet grouped"; a regrouping a stopped worker left behind
does not stay "running" for ever."""

import datetime
import io
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from coproduce.lib.tabular import read_rows
from coproduce.organisations.models import ApiToken
from coproduce.themes import store
from coproduce.themes.models import Placement, Regrouping, RunStatus, Theme, VoiceVector
from coproduce.themes.tasks import REGROUP_QUEUE, place_new_voices, regroup_organisation
from coproduce.voices.capture import announce_new
from coproduce.voices.imports import import_voices
from coproduce.voices.models import Channel, Voice

from .test_glue import SAYINGS

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                     "QUEUES": ["default", REGROUP_QUEUE]}}


@pytest.fixture
def grouped(org: Any, semantic: None) -> dict[str, Theme]:
    """Three themes made by a regrouping, by what their voices are about."""
    for topic, texts in SAYINGS.items():
        for n, text in enumerate(texts):
            Voice.objects.create(organisation=org, text=text, channel="phone",
                                 heard_on=datetime.date(2025, 1, 1), external_id=f"{topic}-{n}")
    store.regroup(org)
    return {topic: Placement.objects.get(voice__external_id=f"{topic}-0").theme
            for topic in SAYINGS}


def announce(org: Any, ids: list[int], capture: Any) -> None:
    with capture(execute=True):
        announce_new(org.pk, ids)


def test_it_places_a_public_form_an_imported_and_an_api_voice_in_the_worker(
    org: Any, grouped: dict[str, Theme], django_capture_on_commit_callbacks: Any
) -> None:
    public = Voice.objects.create(organisation=org, text="a seaside trip in the summer please",
                                  channel=Channel.WEB, heard_on=timezone.localdate(),
                                  import_key="form:" + "f" * 32)
    easy = Voice.objects.create(organisation=org, text="more buses to the centre please",
                                channel=Channel.EASY_READ, heard_on=timezone.localdate(),
                                import_key="form:" + "e" * 32)
    rows = "external_id,text,date_heard\nI1,hot food and coffee in the cafe,2025-03-01\n"
    report = import_voices(org, read_rows(io.BytesIO(rows.encode()), "v.csv"))
    assert report.created == 1
    imported = Voice.objects.get(external_id="I1")
    token = ApiToken.issue(org, "survey tool")[1]
    response = Client(headers={"Authorization": f"Bearer {token}"}).post(
        "/api/v1/voices", {"text": "the bus stop by the centre has no shelter",
                           "channel": "survey", "date_heard": "2025-05-05", "kind": "idea",
                           "external_id": "A1"}, content_type="application/json")
    assert response.status_code == 201
    api_voice = Voice.objects.get(external_id="A1")
    new = [public, easy, imported, api_voice]
    assert not Placement.objects.filter(voice__in=new).exists()

    announce(org, [v.pk for v in new], django_capture_on_commit_callbacks)

    expected = {public: "seaside", easy: "bus", imported: "cafe", api_voice: "bus"}
    for voice, topic in expected.items():
        placement = Placement.objects.get(voice=voice)
        assert placement.theme == grouped[topic] and not placement.pinned
        assert VoiceVector.objects.filter(voice=voice).exists()


def test_it_leaves_a_voice_that_fits_no_theme_not_yet_grouped(
    org: Any, grouped: dict[str, Theme], django_capture_on_commit_callbacks: Any
) -> None:
    cold = Voice.objects.create(organisation=org, text="the hall is far too cold in winter",
                                channel=Channel.PHONE, heard_on=timezone.localdate())
    announce(org, [cold.pk], django_capture_on_commit_callbacks)
    assert not Placement.objects.filter(voice=cold).exists()
    assert VoiceVector.objects.filter(voice=cold).exists()  # embedded, ready for later


def test_it_queues_one_placement_task_per_batch_on_the_quick_queue(org: Any) -> None:
    with override_settings(TASKS=DUMMY):
        default_task_backend.clear()  # type: ignore[attr-defined]
        place_new_voices(org.pk, list(range(1, 2501)))
        results = list(default_task_backend.results)  # type: ignore[attr-defined]
        assert len(results) == 2  # 2,000 a batch
        assert {r.task.queue_name for r in results} == {"default"}
        assert regroup_organisation.queue_name == REGROUP_QUEUE != "default"


def test_it_does_not_place_twice_or_move_a_voice_staff_placed(
    org: Any, grouped: dict[str, Theme], django_capture_on_commit_callbacks: Any
) -> None:
    voice = Voice.objects.create(organisation=org, text="a day at the seaside with the group",
                                 channel=Channel.PHONE, heard_on=timezone.localdate())
    store.put(voice, grouped["cafe"])
    announce(org, [voice.pk, voice.pk], django_capture_on_commit_callbacks)
    placement = Placement.objects.get(voice=voice)
    assert placement.theme == grouped["cafe"] and placement.pinned


def test_it_marks_a_regrouping_a_stopped_worker_left_as_stopped(
    login: Any, coordinator: Any, org: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC))
    left = Regrouping.objects.create(organisation=org, status=RunStatus.RUNNING)
    client = login(coordinator)
    client.post(reverse("themes:regroup", kwargs={"org_slug": org.slug}))
    assert Regrouping.objects.count() == 1  # still running: no second run on top of it
    time_machine.move_to(datetime.datetime(2025, 6, 1, 9, 45, tzinfo=datetime.UTC))
    page = client.get(reverse("themes:list", kwargs={"org_slug": org.slug})).content.decode()
    assert "Stopped before it finished" in page
    left.refresh_from_db()
    assert left.status == RunStatus.RUNNING  # a GET writes nothing
    client.post(reverse("themes:regroup", kwargs={"org_slug": org.slug}))
    left.refresh_from_db()
    assert left.status == RunStatus.FAILED and "Stopped" in left.message
    assert Regrouping.objects.filter(status=RunStatus.DONE).count() == 1


def test_it_refuses_a_regrouping_by_get_or_by_a_viewer(login: Any, viewer: Any, coordinator: Any,
                                                       org: Any) -> None:
    url = reverse("themes:regroup", kwargs={"org_slug": org.slug})
    assert login(coordinator).get(url).status_code == 405
    assert login(viewer).post(url).status_code in (403, 404)
    assert not Regrouping.objects.exists()

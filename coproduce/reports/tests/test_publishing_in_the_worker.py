"""Publish records a request and the worker builds both languages: the request itself builds
nothing, the page says the report is on its way, a failure is told in words and can be tried
again, and two clicks make one version."""

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coproduce.audit.models import AuditEvent
from coproduce.reports import builder, publishing
from coproduce.reports.models import Publication, PublicationStatus, PublishedReport
from coproduce.reports.publishing import carry_out, frozen

from .records import record

TODAY = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
ASKED = {"start": "2026-01-01", "end": "2026-12-31", "note": "For the lottery fund",
         "key": "click-1"}


@pytest.fixture(autouse=True)
def frozen_today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def publish_url(org: Any) -> str:
    return reverse("reports:publish", args=[org.slug])


def test_the_post_records_the_request_and_builds_nothing(org: Any, coordinator: Any,
                                                        login: Any,
                                                        django_assert_max_num_queries: Any
                                                        ) -> None:
    record(org)
    client = login(coordinator)
    # Building the report takes dozens of queries; recording the request takes a handful.
    with django_assert_max_num_queries(12):
        response = client.post(publish_url(org), ASKED)
    asked = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == asked.get_absolute_url()
    assert not PublishedReport.objects.exists()
    assert asked.status == PublicationStatus.WAITING and asked.requested_by == coordinator
    assert (asked.start, asked.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert asked.note == "For the lottery fund" and asked.requested_at == TODAY
    page = client.get(asked.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Publishing… this page will show it when it is ready." in text
    assert "Refresh this page" in text and "For the lottery fund" in text
    listing = client.get(reverse("reports:index", args=[org.slug])).content.decode()
    assert asked.get_absolute_url() in listing


def test_the_worker_makes_the_version_and_the_page_leads_to_it(
        org: Any, coordinator: Any, login: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    record(org)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(org), ASKED)
    report = PublishedReport.objects.get()
    asked = Publication.objects.get()
    assert asked.status == PublicationStatus.DONE and asked.report == report
    assert report.version == 1 and report.published_by == coordinator
    assert report.note == "For the lottery fund"
    assert frozen(report, "cy").section("participation").title == "Pwy gymerodd ran"  # type: ignore[union-attr]  # noqa: E501
    assert AuditEvent.objects.filter(target=f"report {report.pk}", user=coordinator).exists()
    page = client.get(asked.get_absolute_url(), follow=True)
    assert page.redirect_chain[-1][0] == report.get_absolute_url()
    assert "Report published." in page.content.decode()
    polled = client.get(asked.get_absolute_url(), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == report.get_absolute_url()
    # A second request for the same period makes version 2, linked to the first.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(org), {**ASKED, "key": "click-2", "note": "Late voices"})
    second = PublishedReport.objects.get(version=2)
    assert second.previous == report and second.note == "Late voices"


def test_a_failure_is_told_in_words_and_can_be_tried_again(
        org: Any, coordinator: Any, login: Any, monkeypatch: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    record(org)
    client = login(coordinator)
    real_build = builder.build

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("The rate card could not be read")

    monkeypatch.setattr(publishing, "build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(org), ASKED)
    asked = Publication.objects.get()
    assert asked.status == PublicationStatus.FAILED and not PublishedReport.objects.exists()
    page = client.get(asked.get_absolute_url()).content.decode()
    assert "Building the report failed, so nothing was published" in page
    assert "The rate card could not be read" in page and "Try again" in page
    listing = client.get(reverse("reports:index", args=[org.slug])).content.decode()
    assert "failed" in listing
    # The button posts the same period and note with a new key.
    form = page[page.index('action="' + publish_url(org)):]
    assert 'value="2026-01-01"' in form and 'value="For the lottery fund"' in form
    key = form.split('name="key" value="')[1].split('"')[0]
    assert key and key != "click-1"
    monkeypatch.setattr(publishing, "build", real_build)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(org), {**ASKED, "key": key})
    assert PublishedReport.objects.get().version == 1
    # Tried again and published: the reports page no longer lists the failure.
    listing = client.get(reverse("reports:index", args=[org.slug])).content.decode()
    assert asked.get_absolute_url() not in listing and "Being published" not in listing


def test_two_clicks_make_one_version(org: Any, coordinator: Any, login: Any,
                                    django_capture_on_commit_callbacks: Any) -> None:
    record(org)
    client = login(coordinator)
    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(publish_url(org), ASKED)
        assert response.status_code == 302
    assert Publication.objects.count() == 1 and PublishedReport.objects.count() == 1


def test_a_second_tab_finds_the_request_still_waiting(org: Any, coordinator: Any,
                                                     login: Any) -> None:
    record(org)
    client = login(coordinator)
    first = client.post(publish_url(org), ASKED)
    second = client.post(publish_url(org), {**ASKED, "key": "another-tab"})
    assert first["Location"] == second["Location"] and Publication.objects.count() == 1
    asked = Publication.objects.get()
    assert carry_out(asked.pk) is not None and carry_out(asked.pk) is None
    assert PublishedReport.objects.count() == 1


def test_a_request_left_by_a_killed_worker_is_taken_up_again(org: Any, coordinator: Any,
                                                            login: Any) -> None:
    record(org)
    login(coordinator).post(publish_url(org), ASKED)
    asked = Publication.objects.get()
    Publication.objects.filter(pk=asked.pk).update(
        status=PublicationStatus.BUILDING, started_at=TODAY - datetime.timedelta(minutes=2))
    assert carry_out(asked.pk) is None  # another worker may still be building it
    Publication.objects.filter(pk=asked.pk).update(
        started_at=TODAY - datetime.timedelta(minutes=30))
    assert carry_out(asked.pk) is not None
    asked.refresh_from_db()
    assert asked.status == PublicationStatus.DONE


def test_another_organisation_gets_404(org: Any, coordinator: Any, outsider: Any,
                                       login: Any) -> None:
    record(org)
    login(coordinator).post(publish_url(org), ASKED)
    asked = Publication.objects.get()
    assert login(outsider).get(asked.get_absolute_url()).status_code == 404


def test_a_viewer_may_not_publish_or_follow_publishing(org: Any, coordinator: Any,
                                                      viewer: Any, login: Any) -> None:
    record(org)
    client = login(viewer)
    assert client.post(publish_url(org), ASKED).status_code == 403
    assert not Publication.objects.exists()
    login(coordinator).post(publish_url(org), ASKED)
    asked = Publication.objects.get()
    assert client.get(asked.get_absolute_url()).status_code == 403
    listing = client.get(reverse("reports:index", args=[org.slug])).content.decode()
    assert asked.get_absolute_url() not in listing

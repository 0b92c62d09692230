"""Published reports stay as they were sent; share links let a funder read one, for a while."""

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coproduce.reports.models import PublishedReport, ShareLink
from coproduce.reports.publishing import frozen, publish
from coproduce.voices.models import Voice

from .records import DAY, QUOTE, record

TODAY = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


@pytest.fixture(autouse=True)
def frozen_today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def voices_heard(report: PublishedReport) -> Any:
    return frozen(report, "en").figure("participation", "Voices heard").value  # type: ignore


def test_it_publishes_from_the_page_and_keeps_the_figures(
        org: Any, coordinator: Any, login: Any, django_capture_on_commit_callbacks: Any) -> None:
    made = record(org)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the worker builds it
        response = client.post(reverse("reports:publish", args=[org.slug]), PERIOD)
    report = PublishedReport.objects.get()
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == report.get_absolute_url()
    assert report.version == 1 and voices_heard(report) == 12
    Voice.objects.create(organisation=org, text="Later", channel="phone", heard_on=DAY)
    made["quoted"].record_consent("quote", False, "phone", DAY + datetime.timedelta(days=2))
    report.refresh_from_db()
    assert voices_heard(report) == 12  # the record changed; what was sent did not
    assert voices_heard(report) == 12
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Version 1" in page
    # The figures stay as sent, but a withdrawn quote is not shown again, in any format.
    assert QUOTE in str(report.content["en"])
    assert QUOTE not in page and "since withdrawn their consent" in page
    assert QUOTE not in client.get(report.get_absolute_url(), {"format": "csv"}).content.decode()
    assert report.content["cy"]["sections"][1]["title"] == "Pwy gymerodd ran"


def test_a_new_version_says_what_changed(org: Any, coordinator: Any) -> None:
    record(org)
    first = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None, coordinator)
    Voice.objects.create(organisation=org, text="Later", channel="phone", heard_on=DAY)
    second = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator, note="One voice entered late")
    assert second.version == 2 and second.previous == first
    assert ["Who took part", "Voices heard", "12", "13"] in second.changes
    assert voices_heard(first) == 12 and voices_heard(second) == 13


def test_it_refuses_publishing_to_a_viewer(org: Any, viewer: Any, login: Any) -> None:
    record(org)
    response = login(viewer).post(reverse("reports:publish", args=[org.slug]), PERIOD)
    assert response.status_code == 403 and not PublishedReport.objects.exists()


def test_a_share_link_works_until_it_expires_or_is_revoked(org: Any, coordinator: Any,
                                                          client: Any, login: Any) -> None:
    record(org)
    report = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator)
    staff = login(coordinator)
    response = staff.post(reverse("reports:share", args=[org.slug, report.pk]),
                          {"shared_with": "Lottery fund", "expires_on": "2026-12-20"},
                          follow=True)
    address = re.search(r"https?://\S+/reports/shared/[\w-]+/", response.content.decode())
    assert address is not None
    path = address.group(0).split("testserver", 1)[1]
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "Co-production report" in page.content.decode()
    assert client.get(path, {"format": "pdf"})["Content-Type"] == "application/pdf"
    with time_machine.travel(datetime.datetime(2026, 12, 21, 12, tzinfo=datetime.UTC)):
        ended = client.get(path)
    assert ended.status_code == 410 and "expired on 20 December 2026" in ended.content.decode()
    link = ShareLink.objects.get()
    staff.post(reverse("reports:revoke", args=[org.slug, report.pk, link.pk]))
    revoked = client.get(path)
    assert revoked.status_code == 410 and "withdrawn" in revoked.content.decode()
    assert client.get(path.replace("/shared/", "/shared/x")).status_code == 404


def test_it_refuses_a_share_link_that_never_ends(org: Any, coordinator: Any,
                                                login: Any) -> None:
    record(org)
    report = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator)
    page = login(coordinator).post(reverse("reports:share", args=[org.slug, report.pk]),
                                   {"shared_with": "Funder", "expires_on": "2030-01-01"})
    assert page.status_code == 400
    assert "A share link can stay open for a year at most." in page.content.decode()
    assert not ShareLink.objects.exists()


def test_viewers_read_published_reports_and_the_governance_summary(org: Any, viewer: Any,
                                                                  coordinator: Any,
                                                                  login: Any) -> None:
    made = record(org)
    report = publish(org, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), None,
                     coordinator)
    client = login(viewer)
    listing = client.get(reverse("reports:index", args=[org.slug])).content.decode()
    assert report.get_absolute_url() in listing
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Make a share link" not in page
    summary = client.get(reverse("reports:governance", args=[org.slug])).content.decode()
    assert "Outcomes delivered" in summary and "True cost" in summary
    for person in made["people"]:
        assert person.name not in summary  # no personal data
    assert QUOTE not in summary
    csv_download = client.get(report.get_absolute_url(), {"format": "csv"})
    assert csv_download.content.decode().startswith("section,measure,value")


def test_the_evidence_pack_is_one_page_and_word_friendly(org: Any, viewer: Any,
                                                        login: Any) -> None:
    import subprocess
    record(org)
    client = login(viewer)
    pdf = client.get(reverse("reports:evidence", args=[org.slug]))
    assert pdf["Content-Type"] == "application/pdf"
    info = subprocess.run(["pdfinfo", "-"], input=pdf.content, capture_output=True,
                          check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\b", info)
    text = client.get(reverse("reports:evidence", args=[org.slug]), {"format": "txt"})
    body = text.content.decode()
    assert "Our co-production record" in body and "Hours given by participants: " in body
    assert "\r\n" in body

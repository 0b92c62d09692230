"""Each demo organisation has a report published for its trustees."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.demo.build import build
from coproduce.organisations.models import Organisation
from coproduce.reports.models import Publication, PublicationStatus, PublishedReport


def test_every_demo_organisation_has_a_published_report_a_trustee_can_read(settings: Any,
                                                                           db: None) -> None:
    build("a demo password 42")
    for organisation in Organisation.objects.all():
        report = PublishedReport.objects.get(organisation=organisation)
        asked = Publication.objects.get(organisation=organisation)
        assert asked.status == PublicationStatus.DONE and asked.report == report
        assert report.content["en"]["sections"] and report.content["cy"]["sections"]
        client = Client()
        client.force_login(User.objects.get(email=f"viewer@{organisation.slug}.example"))
        listing = client.get(reverse("reports:index", args=[organisation.slug]))
        assert report.get_absolute_url() in listing.content.decode()
        assert client.get(report.get_absolute_url()).status_code == 200
    build("a demo password 42")  # building again publishes nothing new
    assert PublishedReport.objects.count() == Organisation.objects.count()

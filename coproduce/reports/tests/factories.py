import datetime
from typing import Any

from coproduce.reports.models import Publication, PublicationStatus
from coproduce.reports.publishing import publish, share


def report_objects(organisation: Any) -> dict[str, Any]:
    """A published report of `organisation` with a live share link, and a request to publish
    that failed, for the tenancy walk."""
    report = publish(organisation, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31),
                     None, None)
    link, token = share(report, "B's funder", datetime.date.today() + datetime.timedelta(days=30),
                        None)
    asked = Publication.objects.create(organisation=organisation, key="tenancy", start=report.start,
                                       end=report.end, status=PublicationStatus.FAILED,
                                       failure="For the tenancy walk")
    return {"report": report, "share": link, "token": token, "publication": asked}

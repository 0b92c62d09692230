import datetime
from typing import Any

from coproduce.reports.publishing import publish, share


def report_objects(organisation: Any) -> dict[str, Any]:
    """A published report of `organisation` with a live share link, for the tenancy walk."""
    report = publish(organisation, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31),
                     None, None)
    link, token = share(report, "B's funder", datetime.date.today() + datetime.timedelta(days=30),
                        None)
    return {"report": report, "share": link, "token": token}

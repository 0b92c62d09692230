"""A published report for trustees in each organisation: the twelve months to the end of last
month, published by the coordinator through the worker's own function, so viewers find a
report on the reports page and staff see what a finished request looks like."""

import datetime
from typing import Any

from django.utils import timezone

from coproduce.reports.models import Publication, PublishedReport
from coproduce.reports.publishing import carry_out

NOTE = "For the trustees' meeting"


def make_published_report(organisation: Any, coordinator: Any) -> bool:
    """Once per organisation; return whether a report was published."""
    if PublishedReport.objects.filter(organisation=organisation).exists():
        return False
    end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
    asked = Publication.objects.create(organisation=organisation, key="demo-trustees",
                                       start=start, end=end, note=NOTE,
                                       requested_by=coordinator)
    return carry_out(asked.pk) is not None

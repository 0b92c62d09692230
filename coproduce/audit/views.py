from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from coproduce.organisations.access import OrgRequest, member_required

from .models import AuditEvent


@member_required("view_audit")
def event_list(request: OrgRequest) -> HttpResponse:
    events = AuditEvent.for_organisation(request.organisation)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page})

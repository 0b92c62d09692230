from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coproduce.assessments.dashboard import open_actions
from coproduce.organisations.access import OrgRequest, member_required
from coproduce.organisations.worker import worker_missing
from coproduce.themes.store import emerging

from .dashboard import attention, figures, recent_changes


@member_required("view_dashboard")
def dashboard(request: OrgRequest) -> HttpResponse:
    """Counts for everyone; recent changes to people only for those who may see people."""
    may_see_people = request.membership.allows("view_people")
    context = {
        "figures": figures(request.organisation),
        "recent": recent_changes(request.organisation) if may_see_people else [],
        "attention": attention(request.organisation, request.user)
        if request.membership.is_staff_member else None,
        "may_see_people": may_see_people,
        "hide_small": not may_see_people,
        "emerging": emerging(request.organisation, timezone.localdate())
        if request.membership.is_staff_member else [],
        "assessment_actions": open_actions(request.organisation)
        if request.membership.allows("view_assessment_results") else None,
        "worker_missing": request.membership.is_staff_member and worker_missing(),
    }
    return render(request, "reports/dashboard.html", context)

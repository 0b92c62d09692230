"""Access to projects: staff see all of their organisation's; a participant with a login sees
only the projects they take part in, and nothing else of the organisation."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.organisations.access import OrgRequest, require, scoped

from .models import Meeting, Project


def projects_for(request: OrgRequest) -> "QuerySet[Project]":
    require(request, "view_projects")
    projects = scoped(request, Project)
    if request.membership.is_staff_member:
        return projects
    person = request.membership.person
    if person is None:
        return projects.none()
    return projects.filter(Q(phases__roles__person=person) | Q(meetings__attendees=person)
                           ).distinct()


def get_project_for(request: OrgRequest, project_id: int, write: bool = False) -> Project:
    """Return a project the member may see (or change), or 404."""
    if write:
        require(request, "edit_projects")
    return get_object_or_404(projects_for(request).select_related("organisation"),
                             pk=project_id)


def get_meeting_for(request: OrgRequest, project: Project, meeting_id: int) -> Meeting:
    return get_object_or_404(project.meetings.all(), pk=meeting_id)

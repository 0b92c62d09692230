"""Access to the community record: roles, people's training and checks, agreements, assets
and groups, each through the organisation's scope (another organisation gets 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, require, scoped
from coproduce.people.models import Group, Person

from .models import (
    Agreement,
    Asset,
    Check,
    CommunityRole,
    CourseTaken,
    RoleHolder,
    SupportSession,
)


def get_role_for(request: OrgRequest, role_id: int, write: bool = False) -> CommunityRole:
    require(request, "edit_community" if write else "view_community")
    return get_object_or_404(scoped(request, CommunityRole).prefetch_related("courses"),
                             pk=role_id)


def get_holder_for(request: OrgRequest, role: CommunityRole, holder_id: int) -> RoleHolder:
    return get_object_or_404(role.holders.select_related("person"), pk=holder_id)


def get_member_for(request: OrgRequest, person_id: int, write: bool = False) -> Person:
    """A person of the organisation, for their community record (staff only)."""
    require(request, "edit_community" if write else "view_community")
    return get_object_or_404(scoped(request, Person).select_related("organisation"),
                             pk=person_id)


def get_check_for(request: OrgRequest, check_id: int) -> Check:
    require(request, "view_community")
    return get_object_or_404(Check.objects.filter(person__in=scoped(request, Person))
                             .select_related("person", "verified_by"), pk=check_id)


def get_course_taken_for(request: OrgRequest, taken_id: int) -> CourseTaken:
    require(request, "edit_community")
    return get_object_or_404(CourseTaken.objects.filter(person__in=scoped(request, Person))
                             .select_related("person", "course"), pk=taken_id)


def get_session_for(request: OrgRequest, session_id: int) -> SupportSession:
    require(request, "edit_community")
    return get_object_or_404(SupportSession.objects.filter(person__in=scoped(request, Person))
                             .select_related("person"), pk=session_id)


def certificate_number(request: OrgRequest, check: Check) -> str:
    """The decrypted certificate number, noted in the audit log as seen."""
    record(Action.SENSITIVE_VIEWED, request=request, target=f"person {check.person_id}",
           through="DBS certificate number", check=check.pk)
    return check.certificate_number


def get_agreement_for(request: OrgRequest, agreement_id: int, write: bool = False
                      ) -> Agreement:
    """Staff read and write every agreement; anyone else reads only their own."""
    if write or request.membership.allows("view_community"):
        require(request, "edit_community" if write else "view_community")
        agreements = scoped(request, Agreement)
    else:
        agreements = own_agreements(request)
    return get_object_or_404(agreements.select_related("person", "role", "organisation"),
                             pk=agreement_id)


def own_agreements(request: OrgRequest) -> "QuerySet[Agreement]":
    """The signed-in person's own role agreements (none when the login has no People record)."""
    person_id = request.membership.person_id
    if person_id is None:
        return Agreement.objects.none()
    return scoped(request, Agreement).filter(person_id=person_id)


def assets_of(request: OrgRequest) -> "QuerySet[Asset]":
    require(request, "view_assets")
    return scoped(request, Asset)


def get_asset_for(request: OrgRequest, asset_id: int, write: bool = False) -> Asset:
    if write:
        require(request, "edit_assets")
    return get_object_or_404(assets_of(request), pk=asset_id)


def get_group_for(request: OrgRequest, group_id: int, write: bool = False) -> Group:
    require(request, "edit_community" if write else "view_assets")
    return get_object_or_404(scoped(request, Group), pk=group_id)

"""Access to people: the scoping helper, then the role and consent rules for each use."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest, require, scoped

from .models import ConsentPurpose, Person, PersonQuerySet, SensitiveInfo
from .rights import export_person


def people_of(request: OrgRequest) -> PersonQuerySet:
    """The organisation's people (the scoping helper, typed for Person's own queries)."""
    return cast(PersonQuerySet, scoped(request, Person))


def get_person_for(request: OrgRequest, person_id: int, write: bool = False) -> Person:
    """Return the organisation's person, or 404; 403 if the role may not see (or change) them."""
    require(request, "edit_people" if write else "view_people")
    return get_object_or_404(scoped(request, Person).select_related("organisation"), pk=person_id)


def sensitive_for(request: OrgRequest, person: Person, write: bool = False) -> SensitiveInfo:
    """Return the person's special-category information, audited; refuse without consent."""
    require(request, "view_sensitive")
    if not person.has_consent(ConsentPurpose.SENSITIVE):
        raise PermissionDenied
    info, _created = SensitiveInfo.objects.get_or_create(person=person)
    # The edit form shows the decrypted text too, so opening it is a view like any other.
    if request.method == "GET" or not write:
        record(Action.SENSITIVE_VIEWED, request=request, target=f"person {person.pk}",
               **({"through": "edit form"} if write else {}))
    return info


def export_for(request: OrgRequest, person: Person) -> dict[str, Any]:
    """Everything held about the person, with special-category data only for those who may."""
    sensitive = (request.membership.allows("view_sensitive")
                 and person.has_consent(ConsentPurpose.SENSITIVE))
    data = export_person(person, sensitive=sensitive)
    record(Action.PERSON_EXPORTED, request=request, target=f"person {person.pk}")
    if sensitive and data["person"]["special_category"]:
        record(Action.SENSITIVE_VIEWED, request=request, target=f"person {person.pk}",
               through="export")
    return data

from typing import Any

from django.http import HttpRequest

from .models import PERMISSIONS, Membership


def organisation(request: HttpRequest) -> dict[str, Any]:
    """Give every page the current organisation and the user's other organisations."""
    user = getattr(request, "user", None)
    memberships: list[Membership] = []
    if user is not None and user.is_authenticated:
        memberships = list(
            Membership.objects.filter(user=user).select_related("organisation")
        )
    return {
        "organisation": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": memberships,
        "can": can(getattr(request, "membership", None)),
    }


def can(membership: Membership | None) -> dict[str, bool]:
    """What the member may do, for templates to ask (`can.run_budgets`), never role names."""
    if membership is None:
        return {}
    return {permission: membership.allows(permission) for permission in PERMISSIONS}

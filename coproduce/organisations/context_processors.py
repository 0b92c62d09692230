from typing import Any

from django.http import HttpRequest

from .models import PERMISSIONS, Membership


class Permissions:
    """What the member may do, for templates: `{% if can.view_funds %}`."""

    def __init__(self, membership: Membership | None) -> None:
        self.membership = membership

    def __getitem__(self, permission: str) -> bool:
        if permission not in PERMISSIONS:
            raise KeyError(permission)
        return self.membership is not None and self.membership.allows(permission)


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
        "can": Permissions(getattr(request, "membership", None)),
    }


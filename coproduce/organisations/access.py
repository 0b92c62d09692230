"""The one way views reach organisation data.

``member_required`` loads the organisation named in the URL and the user's membership of it,
answering 404 to anyone who is not a member (so other organisations cannot even be guessed)
and 403 to a member whose role does not allow the action. ``scoped`` is the only filter by
organisation; every noun's access helper is built on it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from .models import Membership, Organisation

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponseBase]


class OrgRequest(HttpRequest):
    """A request to a page under /o/<org_slug>/, once member_required has let it in."""

    user: User
    organisation: Organisation
    membership: Membership


def member_required(permission: str = "view_dashboard") -> Callable[[View], View]:
    """Decorate a view under /o/<org_slug>/ so it runs only for members allowed `permission`."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any
                    ) -> HttpResponseBase:
            membership = (
                Membership.objects.select_related("organisation")
                .filter(user=cast(User, request.user), organisation__slug=org_slug)
                .first()
            )
            if membership is None:
                raise Http404
            request.membership = membership  # type: ignore[attr-defined]
            request.organisation = membership.organisation  # type: ignore[attr-defined]
            if not membership.allows(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def scoped(request: HttpRequest, queryset: "QuerySet[M] | type[M]") -> "QuerySet[M]":
    """Return only the rows of the request's organisation."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        raise Http404
    return queryset.filter(organisation=organisation)


def require(request: OrgRequest, permission: str) -> None:
    """Refuse (403) when the member's role does not allow `permission`."""
    if not request.membership.allows(permission):
        raise PermissionDenied

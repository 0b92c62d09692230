from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse

from coproduce.lib.addresses import client_address

from .languages import on_sign_in
from .models import Membership


def only_organisation_url(user: Any) -> str | None:
    """The dashboard of the user's one organisation, or None if they have none or several."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation")[:2])
    return memberships[0].organisation.get_absolute_url() if len(memberships) == 1 else None


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by an organisation's administrators, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Land where they work: straight on the dashboard when they have one organisation."""
        return only_organisation_url(request.user) or super().get_login_redirect_url(request)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Come up in the language they chose, whichever device they sign in on."""
        response = super().post_login(request, user, **kwargs)
        on_sign_in(request, user, response)
        return response

    def get_client_ip(self, request: HttpRequest) -> str:
        # Rate limits count per client, not per proxy: see TRUSTED_PROXY in settings.
        return client_address(request) or "unknown"

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from coproduce.lib.addresses import client_address


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by an organisation's administrators, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # Rate limits count per client, not per proxy: see TRUSTED_PROXY in settings.
        return client_address(request) or "unknown"

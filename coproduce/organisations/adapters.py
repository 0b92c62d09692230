from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by an organisation's administrators, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

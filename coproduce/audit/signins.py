"""Record sign-ins and failed sign-ins in the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import Action, record


@receiver(user_logged_in)
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Action.LOGIN, request=request, user=user, target=user.email)


@receiver(user_login_failed)
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the address tried is kept; never the password.
    tried = str(credentials.get("email") or credentials.get("username") or "")
    record(Action.LOGIN_FAILED, request=request, target=tried[:254])

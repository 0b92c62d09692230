"""Where a request comes from, when the app sits behind a reverse proxy."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address of the person at the other end, behind the one trusted proxy if any.

    With TRUSTED_PROXY set (the proxy's own address), a request from it is taken to come
    from the last address the proxy added to X-Forwarded-For; anything a client wrote
    there itself is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxy = getattr(settings, "TRUSTED_PROXY", "")
    if proxy and remote == proxy:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return remote

"""The language a login works in: remembered when they choose it (a choice made signed out
counts once they sign in), brought back when they sign in on any device, and used for the
emails Coproduce sends them."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from .models import LoginPreference


def supported(language: str | None) -> str | None:
    """The site's code for `language` ("cy-GB" is "cy"), or None when it is not offered."""
    if not language:
        return None
    codes = {code for code, _name in settings.LANGUAGES}
    short = language.split("-")[0].lower()
    return short if short in codes else None


def remember_language(user: Any, language: str) -> bool:
    """Store `language` as the login's choice; False (nothing stored) if it is not offered."""
    code = supported(language)
    if code is None or not getattr(user, "is_authenticated", False):
        return False
    LoginPreference.objects.update_or_create(user=user, defaults={"language": code})
    return True


def language_of(user: Any) -> str | None:
    """The login's chosen language, or None when they never chose one."""
    if user is None or not getattr(user, "pk", None):
        return None
    return (LoginPreference.objects.filter(user_id=user.pk)
            .values_list("language", flat=True).first())


def use_language(response: HttpResponseBase, language: str) -> None:
    """Make the browser ask for `language` from now on (the cookie LocaleMiddleware reads)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)


# The choice made signed out, kept in the session until they sign in.
CHOSEN = "language_chosen_signed_out"


def choose(request: HttpRequest, language: str) -> None:
    """Remember a language chosen with the switch: on the login, or until they sign in."""
    if getattr(request.user, "is_authenticated", False):
        remember_language(request.user, language)
    elif supported(language):
        request.session[CHOSEN] = supported(language)


def on_sign_in(request: HttpRequest, user: Any, response: HttpResponseBase) -> None:
    """Bring the login's language back on this device, unless they chose one with the switch
    just before signing in: that newer choice becomes their preference."""
    chosen = request.session.pop(CHOSEN, None)
    if chosen and remember_language(user, chosen):
        return
    stored = language_of(user)
    if stored:
        use_language(response, stored)
        translation.activate(stored)


def in_language_asked(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Open the page in the language its address asks for (``?lang=cy``), as the links sent
    to people in Welsh do, and keep that language for the pages they go on to."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = supported(request.GET.get("lang"))
        if language is None:
            return view(request, *args, **kwargs)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = view(request, *args, **kwargs)
        use_language(response, language)
        return response

    return wrapped

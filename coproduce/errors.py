"""Error pages that answer JSON clients in JSON, and everyone else with the usual pages."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def wants_json(request: HttpRequest) -> bool:
    """The API, or a client that asks for JSON rather than HTML."""
    if request.path.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": "Bad request"}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": "Forbidden"}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": "Server error"}, status=500)
    return defaults.server_error(request)

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse

from coproduce.api import api
from coproduce.organisations import views as organisation_views


def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """/admin/ signs in through the one sign-in page, with its rate limits and MFA."""
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in, but not allowed into /admin/
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"),
                             reverse("account_login"))


admin.site.login = admin_sign_in  # type: ignore[method-assign]

organisation_patterns = [
    path("", include("coproduce.reports.urls")),
    path("people/", include("coproduce.people.urls")),
    path("", include("coproduce.notices.urls")),
    path("assessments/", include("coproduce.assessments.urls")),
    path("audit/", include("coproduce.audit.urls")),
    path("", include("coproduce.imports.urls")),
    path("", include("coproduce.voices.urls")),
    path("", include("coproduce.projects.urls")),
    path("reciprocity/", include("coproduce.reciprocity.urls")),
    path("community/", include("coproduce.community.urls")),
    path("funds/", include("coproduce.commissioning.urls")),
    path("budgets/", include("coproduce.budgets.urls")),
    path("panels/", include("coproduce.sortition.urls")),
    path("", include("coproduce.themes.urls")),
    path("", include("coproduce.organisations.urls")),
]

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("accounts/language/", organisation_views.your_language, name="your_language"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", organisation_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("o/<slug:org_slug>/", include(organisation_patterns)),
]

handler400 = "coproduce.errors.bad_request"
handler403 = "coproduce.errors.permission_denied"
handler404 = "coproduce.errors.page_not_found"
handler500 = "coproduce.errors.server_error"

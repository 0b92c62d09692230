from django.contrib import admin
from django.urls import include, path

from coproduce.api import api
from coproduce.organisations import views as organisation_views

organisation_patterns = [
    path("", include("coproduce.reports.urls")),
    path("people/", include("coproduce.people.urls")),
    path("assessments/", include("coproduce.assessments.urls")),
    path("audit/", include("coproduce.audit.urls")),
    path("", include("coproduce.imports.urls")),
    path("", include("coproduce.voices.urls")),
    path("", include("coproduce.projects.urls")),
    path("budgets/", include("coproduce.budgets.urls")),
    path("panels/", include("coproduce.sortition.urls")),
    path("", include("coproduce.themes.urls")),
    path("", include("coproduce.organisations.urls")),
]

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("o/<slug:org_slug>/", include(organisation_patterns)),
]

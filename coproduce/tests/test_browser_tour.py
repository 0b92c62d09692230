"""Every page, in English and in Welsh, passes axe-core's WCAG 2.2 A and AA rules."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coproduce.organisations.models import Membership
from coproduce.people.models import Group
from coproduce.projects.models import Meeting, Project
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page: Any, live_server: Any, user: User) -> None:
    """Give the browser the session of `user` (signing in through the form is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.page.context.add_cookies([{"name": "sessionid", "value": cookie.value,
                                    "url": live_server.url}])


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_staff_page_is_accessible(browser_page: Any, live_server: Any, admin_user: Any,
                                        org: Any, person: Any, language: str) -> None:
    page = browser_page
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])
    Group.objects.create(organisation=org, name="Carers", name_cy="Gofalwyr")
    signed_in(page, live_server, admin_user)
    o, p = f"/o/{org.slug}", f"/o/{org.slug}/people/{person.pk}"
    membership = Membership.objects.get(user=admin_user)
    voice = Voice.objects.create(organisation=org, text="A trip to the seaside", channel="phone",
                                 heard_on=datetime.date(2025, 1, 1), person=person)
    project = Project.objects.create(organisation=org, title="Welcome packs", purpose="Packs")
    start = timezone.now() + datetime.timedelta(days=5)
    meeting = Meeting.objects.create(project=project, title="Planning", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=1))
    theme = Theme.objects.create(organisation=org, key="t", label="Days out")
    Placement.objects.create(voice=voice, theme=theme)
    v, pr = f"{o}/voices/{voice.pk}", f"{o}/projects/{project.pk}"
    for path in [f"{o}/voices/", f"{o}/voices/add/", f"{v}/", f"{v}/status/", f"{v}/tell/",
                 f"{o}/voices/equity/", f"{o}/voices/build-up/", f"{o}/voices/back-burner/",
                 f"{o}/voices/import/", f"{o}/themes/", f"{o}/themes/{theme.pk}/",
                 f"{o}/projects/", f"{pr}/", f"{pr}/boundaries/add/", f"{pr}/phases/add/",
                 f"{pr}/meetings/{meeting.pk}/", f"{pr}/decisions/add/", f"{pr}/print/",
                 f"{o}/api-tokens/", f"{o}/say/", f"{o}/say/easy-read/",
                 f"{o}/you-said-we-did/"]:
        page.goto(path)
    for path in ["/", f"{o}/", f"{o}/people/", f"{o}/people/?q=sian", f"{o}/people/add/",
                 f"{p}/", f"{p}/edit/", f"{p}/consent/", f"{p}/journey/", f"{p}/sensitive/",
                 f"{p}/sensitive/edit/", f"{o}/people/import/", f"{o}/people/groups/",
                 f"{o}/people/stages/", f"{o}/members/", f"{o}/members/{membership.pk}/",
                 f"{o}/settings/", f"{o}/audit/", "/o/nowhere/", "/accounts/email/",
                 "/accounts/password/change/", "/accounts/2fa/", "/accounts/2fa/totp/activate/"]:
        page.goto(path)
    # a form with errors
    page.goto(f"{o}/people/add/")
    page.page.locator("button.govuk-button").last.click()
    page.check()
    assert page.page.locator(".govuk-error-summary").is_visible()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_signed_out_pages_and_refusals_are_accessible(browser_page: Any, live_server: Any,
                                                      viewer: Any, org: Any,
                                                      language: str) -> None:
    page = browser_page
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])
    for path in ["/accounts/login/", "/accounts/password/reset/"]:
        page.goto(path)
    page.goto("/accounts/login/")
    page.page.locator("input[name=login]").fill("nobody@example.org")
    page.page.locator("input[name=password]").fill("wrong password")
    page.page.locator("button[type=submit]").click()
    page.check()
    assert page.page.locator(".govuk-error-summary").is_visible()
    signed_in(page, live_server, viewer)
    page.goto(f"/o/{org.slug}/")
    response = page.goto(f"/o/{org.slug}/people/")
    assert response.status == 403

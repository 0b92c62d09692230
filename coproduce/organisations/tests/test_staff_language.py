"""A member of staff works in the language they chose: it is remembered from the header's
switch or their account's "Language" page, comes back when they sign in on another device,
and the emails Coproduce sends them (meeting invitations and reminders) are written in it."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.notices.models import Notice, State
from coproduce.organisations.models import LoginPreference, Membership
from coproduce.projects.models import Meeting, Project

pytestmark = pytest.mark.django_db

PASSWORD = "a long test pass 42"


def sign_in(user: Any, client: Client | None = None) -> Client:
    """Sign in through the sign-in page, as on a new device (a browser with no cookies)."""
    client = client or Client()
    response = client.post(reverse("account_login"), {"login": user.email,
                                                      "password": PASSWORD})
    assert response.status_code == 302
    return client


def page_language(client: Client, org: Any) -> str:
    html = client.get(reverse("reports:dashboard", args=[org.slug])).content.decode()
    return "cy" if '<html lang="cy"' in html else "en"


def a_meeting(org: Any, *staff: Any, hours: int = 24 * 10) -> Meeting:
    project = Project.objects.create(organisation=org, title="Tai Teg", purpose="Plan")
    start = timezone.now() + datetime.timedelta(hours=hours)
    meeting = Meeting.objects.create(project=project, title="Cynllunio", starts_at=start,
                                     ends_at=start + datetime.timedelta(hours=2),
                                     place="Neuadd y Dref", step_free=True)
    meeting.staff.add(*staff)
    return meeting


def invite(client: Client, meeting: Meeting, capture: Any) -> None:
    with capture(execute=True):
        client.post(reverse("projects:invite", kwargs={
            "org_slug": meeting.project.organisation.slug, "project_id": meeting.project_id,
            "meeting_id": meeting.pk}))


def test_it_remembers_the_language_a_signed_in_member_switches_to(
        login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302
    assert LoginPreference.objects.get(user=coordinator).language == "cy"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert LoginPreference.objects.get(user=coordinator).language == "en"


def test_it_brings_the_language_back_when_they_sign_in_on_another_device(
        coordinator: Any, org: Any) -> None:
    first = sign_in(coordinator)
    first.post(reverse("set_language"), {"language": "cy", "next": "/"})
    first.post(reverse("account_logout"))
    assert "Mewngofnodi" in first.get(reverse("account_login")).content.decode()  # signed out
    other_device = sign_in(coordinator)
    assert other_device.cookies["django_language"].value == "cy"
    assert page_language(other_device, org) == "cy"


def test_the_switch_still_works_signed_out_and_stores_nothing(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "cy"
    assert "Mewngofnodi" in client.get(reverse("account_login")).content.decode()
    assert not LoginPreference.objects.exists()
    assert client.get(reverse("set_language")).status_code == 405


def test_a_choice_made_on_the_sign_in_page_becomes_their_preference(
        client: Client, coordinator: Any, org: Any) -> None:
    LoginPreference.objects.create(user=coordinator, language="en")
    client.post(reverse("set_language"), {"language": "cy", "next": "/"})
    sign_in(coordinator, client)
    assert LoginPreference.objects.get(user=coordinator).language == "cy"
    assert page_language(client, org) == "cy"


def test_it_refuses_a_language_that_is_not_offered(login: Any, coordinator: Any) -> None:
    client = login(coordinator)
    assert client.post(reverse("set_language"), {"language": "xx", "next": "/"}
                       ).status_code == 400
    response = client.post(reverse("your_language"), {"language": "fr"})
    assert response.status_code == 200
    assert "Choose English or Cymraeg" in response.content.decode()
    assert not LoginPreference.objects.exists()


def test_their_own_language_page_saves_it(login: Any, coordinator: Any, org: Any) -> None:
    client = login(coordinator)
    page = client.get(reverse("your_language")).content.decode()
    assert "Which language do you want to use?" in page
    response = client.post(reverse("your_language"), {"language": "cy"}, follow=True)
    assert "Mae eich iaith wedi’i chadw." in response.content.decode()
    assert LoginPreference.objects.get(user=coordinator).language == "cy"
    assert page_language(client, org) == "cy"
    empty = client.post(reverse("your_language"), {})
    assert "Dewiswch iaith" in empty.content.decode()


def test_the_language_page_needs_a_sign_in(client: Client) -> None:
    response = client.get(reverse("your_language"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_it_changes_only_the_signed_in_login_and_no_membership(
        login: Any, coordinator: Any, outsider: Any, org: Any, other_org: Any) -> None:
    Membership.objects.create(user=coordinator, organisation=other_org, role="viewer")
    LoginPreference.objects.create(user=outsider, language="en")
    before = list(Membership.objects.order_by("pk").values())
    login(coordinator).post(reverse("set_language"), {"language": "cy", "next": "/"})
    assert LoginPreference.objects.get(user=outsider).language == "en"
    assert LoginPreference.objects.get(user=coordinator).language == "cy"
    assert list(Membership.objects.order_by("pk").values()) == before


def test_a_welsh_speaking_member_of_staff_is_invited_in_welsh_and_an_english_one_in_english(
        login: Any, coordinator: Any, admin_user: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    login(admin_user).post(reverse("set_language"), {"language": "cy", "next": "/"})
    meeting = a_meeting(org, admin_user, coordinator)
    invite(login(coordinator), meeting, django_capture_on_commit_callbacks)
    messages = {message.to[0]: message for message in mailoutbox}
    welsh, english = messages[admin_user.email], messages[coordinator.email]
    assert welsh.subject == "Gwahoddiad: Tai Teg – Cynllunio"
    assert welsh.body.startswith(f"Annwyl {admin_user.email},")
    assert "Rydych chi’n cael eich gwahodd i Cynllunio" in welsh.body
    assert "Mae mynediad heb risiau." in welsh.body
    assert welsh.body.rstrip().endswith("Canolfan Ddydd yr Harbwr")
    assert english.subject == "Invitation: Tai Teg – Cynllunio"
    assert english.body.startswith(f"Dear {coordinator.email},")
    assert "There is step-free access." in english.body
    assert english.body.rstrip().endswith("Harbour Day Centre")
    notice = Notice.objects.get(to_member=admin_user)
    assert notice.language == "cy" and notice.state == State.SENT


def test_a_welsh_speaking_member_of_staff_is_reminded_in_welsh(
        login: Any, admin_user: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    login(admin_user).post(reverse("set_language"), {"language": "cy", "next": "/"})
    a_meeting(org, admin_user, hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-meeting-reminders")
    [message] = mailoutbox
    assert message.subject == "Nodyn atgoffa: Tai Teg – Cynllunio"
    assert message.body.startswith("Annwyl")

"""A link made for someone in People is sent to them through the outbox: in their way and
language, only when their consent allows it, once, with its state beside the link."""

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coproduce.assessments.models import Invitation
from coproduce.assessments.tests.factories import make_round, make_survey
from coproduce.notices.models import Notice, State
from coproduce.people.models import ConsentPurpose, Person, RecordedHow

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TOKEN = re.compile(r"/assessments/answer/([A-Za-z0-9_-]{43})/")


def links_url(org: Any, round_id: int) -> str:
    return reverse("assessments:round_links", kwargs={"org_slug": org.slug,
                                                      "round_id": round_id})


def send_url(org: Any, round_id: int, link_id: int) -> str:
    return reverse("assessments:round_link_send", kwargs={
        "org_slug": org.slug, "round_id": round_id, "link_id": link_id})


def someone(org: Any, name: str, consent: bool | None = True, **details: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **details)
    if consent is not None:
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER,
                              datetime.date(2026, 1, 5))
    return person


def make_and_send(client: Any, org: Any, round_id: int, person: Person,
                  capture: Any) -> str:
    with capture(execute=True):
        return str(client.post(links_url(org, round_id), {
            "role": "lived_experience", "count": 1, "days": 14, "person": person.pk,
            "send": "on"}).content.decode())


@time_machine.travel(NOW, tick=False)
def test_it_emails_the_link_when_it_is_made_and_the_link_works(
        login: Any, client: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example", contact_ways=["email"])
    staff = login(coordinator)
    page = make_and_send(staff, org, assessment.pk, person, django_capture_on_commit_callbacks)
    assert "The link will be emailed to them." in page
    [message] = mailoutbox
    assert message.to == ["eleri@mail.example"]
    assert message.subject == "Harbour Day Centre: please tell us what you think"
    assert "Please answer “Spring round” through this link:" in message.body
    assert "It works until 16 March 2026" in message.body
    [token] = TOKEN.findall(message.body)
    assert set(TOKEN.findall(page)) == {token}  # the same link staff were shown
    answer = client.get(reverse("assessments:answer_link", kwargs={"org_slug": org.slug,
                                                                    "token": token}))
    assert answer.status_code == 200
    links = staff.get(links_url(org, assessment.pk)).content.decode()
    assert "Eleri Hughes" in links and "Email: " in links and ">Sent</strong>" in links
    story = staff.get(reverse("people:detail", kwargs={
        "org_slug": org.slug, "person_id": person.pk})).content.decode()
    assert "Emailed a link to answer: Spring round" in story


@time_machine.travel(NOW, tick=False)
def test_a_welsh_speaker_gets_the_link_in_welsh(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Gwenllian Morgan", email="gwen@mail.example",
                     contact_ways=["email"], preferred_language="cy")
    make_and_send(login(coordinator), org, assessment.pk, person,
                  django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "Canolfan Ddydd yr Harbwr: dywedwch wrthon ni beth yw eich barn"
    assert message.body.startswith("Annwyl Gwenllian Morgan,")
    assert "Atebwch “Spring round” drwy’r ddolen hon:" in message.body
    assert "16 Mawrth 2026" in message.body and TOKEN.search(message.body)
    assert Notice.objects.get(person=person).language == "cy"
    # The link opens the answer page in Welsh, and the pages after it stay Welsh.
    [link] = re.findall(r"http://testserver(\S+\?lang=cy)", message.body)
    visitor = Client()
    assert '<html lang="cy"' in visitor.get(link).content.decode()
    assert visitor.cookies["django_language"].value == "cy"


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("consent", "reason"), [
    (False, "They said no to being contacted (Paper form, 5 January 2026)."),
    (None, "No consent to be contacted is recorded."),
])
def test_it_sends_nothing_against_a_refused_or_missing_consent_and_says_why(
        consent: bool | None, reason: str, login: Any, coordinator: Any, org: Any,
        mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Nia Refused", consent=consent, email="nia@mail.example",
                     contact_ways=["email"])
    staff = login(coordinator)
    page = make_and_send(staff, org, assessment.pk, person, django_capture_on_commit_callbacks)
    assert f"Not sent: {reason}" in page
    link = Invitation.objects.get(person=person)
    with django_capture_on_commit_callbacks(execute=True):
        later = staff.post(send_url(org, assessment.pk, link.pk), follow=True).content.decode()
    assert f"Not sent: {reason}" in later and "Send it to them" in later
    assert not Notice.objects.exists() and mailoutbox == []


@time_machine.travel(NOW, tick=False)
def test_a_link_sent_later_gets_a_new_address_and_goes_once_however_often_pressed(
        login: Any, client: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example", contact_ways=["email"])
    staff = login(coordinator)
    shown = staff.post(links_url(org, assessment.pk), {
        "role": "lived_experience", "count": 1, "days": 14, "person": person.pk}
    ).content.decode()
    [old] = set(TOKEN.findall(shown))
    link = Invitation.objects.get()
    assert "Send it to them" in staff.get(links_url(org, assessment.pk)).content.decode()
    pages = []
    for _twice in range(2):  # a double click
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(staff.post(send_url(org, assessment.pk, link.pk),
                                    follow=True).content.decode())
    assert "The link will be emailed to them." in pages[0]
    assert "It was already sent: Sent." in pages[1]
    assert Notice.objects.count() == 1
    [message] = mailoutbox
    [new] = TOKEN.findall(message.body)
    assert new != old
    answer_at = lambda token: reverse("assessments:answer_link",  # noqa: E731
                                      kwargs={"org_slug": org.slug, "token": token})
    assert client.get(answer_at(new)).status_code == 200
    assert client.get(answer_at(old)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_a_letter_goes_on_the_letters_to_print(
        login: Any, coordinator: Any, org: Any, django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Dai Post", address="1 High St\nBarry CF62 1AA", contact_ways=["post"])
    page = make_and_send(login(coordinator), org, assessment.pk, person,
                         django_capture_on_commit_callbacks)
    assert "The link is on the letters to print." in page
    notice = Notice.objects.get(person=person)
    assert notice.state == State.TO_PRINT and TOKEN.search(notice.body)


@time_machine.travel(NOW, tick=False)
def test_a_used_link_is_not_sent(login: Any, coordinator: Any, org: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example")
    link, _token = Invitation.issue(assessment, "lived_experience", 14, person=person)
    Invitation.objects.filter(pk=link.pk).update(used_at=NOW)
    page = login(coordinator).post(send_url(org, assessment.pk, link.pk),
                                   follow=True).content.decode()
    assert "The link cannot be sent: it has already been used." in page
    assert not Notice.objects.exists()


def test_it_asks_who_to_send_to_when_no_one_is_chosen(login: Any, coordinator: Any,
                                                       org: Any) -> None:
    assessment = make_round(org)
    page = login(coordinator).post(links_url(org, assessment.pk), {
        "role": "lived_experience", "count": 1, "days": 14, "send": "on"}).content.decode()
    assert "Choose who to send the link to" in page and "govuk-error-summary" in page
    assert not Invitation.objects.exists()


def test_a_viewer_may_not_send_and_another_organisation_gets_404(
        login: Any, viewer: Any, outsider: Any, org: Any, other_org: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example")
    link, _token = Invitation.issue(assessment, "lived_experience", 14, person=person)
    assert login(viewer).post(send_url(org, assessment.pk, link.pk)).status_code == 403
    assert login(outsider).post(send_url(org, assessment.pk, link.pk)).status_code == 404
    theirs = make_round(other_org)
    assert login(outsider).post(send_url(other_org, theirs.pk, link.pk)).status_code == 404
    assert not Notice.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_survey_link_is_sent_from_the_surveys_links_page(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    survey = make_survey(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example", contact_ways=["email"])
    link, _token = Invitation.issue(survey, "lived_experience", 14, person=person)
    with django_capture_on_commit_callbacks(execute=True):
        page = login(coordinator).post(reverse("assessments:survey_link_send", kwargs={
            "org_slug": org.slug, "survey_id": survey.pk, "link_id": link.pk}),
            follow=True).content.decode()
    assert "The link will be emailed to them." in page
    [message] = mailoutbox
    assert "Planning meeting" in message.body


@time_machine.travel(NOW, tick=False)
def test_making_and_sending_pressed_twice_sends_one_email(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    assessment = make_round(org)
    person = someone(org, "Eleri Hughes", email="eleri@mail.example", contact_ways=["email"])
    staff = login(coordinator)
    form = staff.get(links_url(org, assessment.pk)).content.decode()
    [once] = re.findall(r'name="once" value="([^"]+)"', form)
    pages = []
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(staff.post(links_url(org, assessment.pk), {
                "role": "lived_experience", "count": 1, "days": 14, "person": person.pk,
                "send": "on", "once": once}).content.decode())
    assert "The link will be emailed to them." in pages[0]
    assert "It was already sent: Sent." in pages[1]
    assert len(mailoutbox) == 1 and Notice.objects.count() == 1

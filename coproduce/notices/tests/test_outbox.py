"""The outbox: each person reached their way, only with consent, and failures kept, not raised."""

import datetime
import io
import json
import socket
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from weasyprint import HTML

from coproduce.notices import outbox
from coproduce.notices.models import Method, Notice, Purpose, State
from coproduce.people.models import ConsentPurpose, NeedKind, Person, RecordedHow

DAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    # Reasons are written in the language active where a notice is made; these read English.
    with translation.override("en"):
        yield


def someone(org: Any, name: str, consent: bool | None = True, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **fields)
    if consent is not None:
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER, DAY)
    return person


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"notices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_it_emails_someone_who_agreed_in_the_worker(
        org: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    org.contact_email = "hello@harbour.example"
    org.save()
    wyn = someone(org, "Wyn", email="wyn@mail.example", contact_ways=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notice = outbox.queue(org, wyn, Purpose.OTHER, "Hello", "The trip is on.",
                              attachments=[("trip.ics", b"BEGIN:VCALENDAR", "text/calendar")])
        assert not mailoutbox  # nothing leaves before the transaction commits
    notice.refresh_from_db()
    assert notice.state == State.SENT and notice.attempts == 1
    [email] = mailoutbox
    assert email.to == ["wyn@mail.example"] and email.reply_to == ["hello@harbour.example"]
    assert email.body.startswith("Dear Wyn,\n\nThe trip is on.")
    assert email.attachments[0][0] == "trip.ics"


@pytest.mark.parametrize("consent", [None, False])
def test_it_never_contacts_anyone_without_consent(
        org: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any,
        consent: bool | None) -> None:
    quiet = someone(org, "Quiet", consent=consent, email="q@mail.example", address="1 Mill St")
    with django_capture_on_commit_callbacks(execute=True):
        notice = outbox.queue(org, quiet, Purpose.OTHER, "Hello", "Text",
                              method=Method.LETTER)
    assert notice.method == Method.NONE and notice.state == State.UNREACHABLE
    assert "contacted" in notice.reason and not mailoutbox


def test_it_follows_the_latest_consent_record_both_ways(org: Any) -> None:
    changed = someone(org, "Changed", email="c@mail.example")
    changed.record_consent(ConsentPurpose.CONTACT, False, RecordedHow.PHONE,
                           DAY + datetime.timedelta(days=3))
    assert outbox.choose_method(changed)[0] == Method.NONE
    changed.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.WEB,
                           DAY + datetime.timedelta(days=9))
    assert outbox.choose_method(Person.objects.get(pk=changed.pk))[0] == Method.EMAIL


def test_it_chooses_each_persons_way(org: Any) -> None:
    assert outbox.choose_method(someone(org, "A", email="a@x.example",
                                        contact_ways=["email"]))[0] == Method.EMAIL
    assert outbox.choose_method(someone(org, "B", address="1 High St", email="b@x.example",
                                        contact_ways=["post"]))[0] == Method.LETTER
    assert outbox.choose_method(someone(org, "C", phone="07700 900000",
                                        contact_ways=["phone"]))[0] == Method.CALL
    nobody = outbox.choose_method(someone(org, "D"))
    assert nobody[0] == Method.NONE and "no email address" in nobody[1]


def test_an_smtp_failure_is_kept_with_its_reason_and_never_raised(
        org: Any, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    wyn = someone(org, "Wyn", email="wyn@mail.example")
    with django_capture_on_commit_callbacks(execute=True):
        notice = outbox.queue(org, wyn, Purpose.OTHER, "Hello", "Text")
    notice.refresh_from_db()
    assert notice.state == State.FAILED and notice.attempts == outbox.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in notice.reason


def test_queueing_the_same_key_twice_sends_once(
        org: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any) -> None:
    wyn = someone(org, "Wyn", email="wyn@mail.example")
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.queue(org, wyn, Purpose.OTHER, "Hello", "Text", key="k:1")
        second = outbox.queue(org, wyn, Purpose.OTHER, "Hello", "Text", key="k:1")
    assert first.pk == second.pk and len(mailoutbox) == 1 and Notice.objects.count() == 1


def test_welsh_speakers_get_the_welsh_text(org: Any) -> None:
    siân = someone(org, "Siân", email="s@mail.example", preferred_language="cy")
    notice = outbox.queue(org, siân, Purpose.OTHER, {"en": "Hello", "cy": "Helo"},
                          {"en": "The trip is on.", "cy": "Mae'r daith yn mynd ymlaen."})
    assert notice.language == "cy" and notice.subject == "Helo"
    assert notice.body.startswith("Annwyl Siân,\n\nMae'r daith")
    english = outbox.queue(org, siân, Purpose.OTHER, "Hello", {"en": "Only English."})
    assert english.language == "en" and english.body.startswith("Dear Siân,")


def test_letters_print_one_per_a4_page_without_page_furniture(
        login: Any, coordinator: Any, org: Any) -> None:
    org.postal_address = "Harbour Day Centre\n1 Quay St\nCardiff CF10 1AA"
    org.contact_phone = "029 2000 0000"
    org.save()
    for name in ("Lowri", "Megan", "Eira"):
        person = someone(org, name, address=f"{name}'s house\n2 Mill St", postcode="CF11 2BB",
                         contact_ways=["post"])
        if name == "Eira":
            person.set_access_needs([NeedKind.LARGE_PRINT], {})
        outbox.queue(org, person, Purpose.OTHER, "News", f"News for {name}.")
    client = login(coordinator)
    page = client.get(url("letters_print", org)).content.decode()
    assert page.count('class="letter') == 3 and page.count('class="letter large"') == 1
    assert "govuk-header" not in page and "Sign out" not in page and "1 Quay St" in page
    pdf = client.get(url("letters_print", org) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    document = HTML(string=page).render()
    assert len(document.pages) == 3
    assert round(document.pages[0].width * 25.4 / 96) == 210  # A4, in millimetres
    response = client.post(url("letters_printed", org),
                           {"notice": [n.pk for n in Notice.objects.all()]})
    assert response.status_code == 302
    assert set(Notice.objects.values_list("state", flat=True)) == {State.PRINTED}


def test_calls_are_listed_with_what_to_say_then_recorded(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    carys = someone(org, "Carys", phone="07700 900222", contact_ways=["phone"])
    notice = outbox.queue(org, carys, Purpose.OTHER, "News", "The trip is on.")
    client = login(coordinator)
    page = client.get(url("calls", org)).content.decode()
    assert "07700 900222" in page and "The trip is on." in page
    client.post(url("called", org, notice_id=notice.pk), {"note": "Pleased"})
    notice.refresh_from_db()
    assert notice.state == State.CALLED and notice.reason == "Pleased"


def test_the_call_list_says_who_would_rather_have_a_text(login: Any, coordinator: Any,
                                                        org: Any) -> None:
    texter = someone(org, "Tomos", phone="07700 900333", contact_ways=["text"])
    caller = someone(org, "Carys", phone="07700 900222", contact_ways=["phone"])
    for person in (texter, caller):
        outbox.queue(org, person, Purpose.OTHER, "News", "The trip is on.")
    page = login(coordinator).get(url("calls", org)).content.decode()
    assert page.count("They prefer a text message") == 1
    assert page.index("Carys") < page.index("Tomos") < page.index("They prefer a text message")


def test_viewers_may_not_see_the_outbox(login: Any, viewer: Any, org: Any) -> None:
    notice = outbox.queue(org, someone(org, "Wyn", email="w@mail.example"), Purpose.OTHER,
                          "Hello", "Text")
    client = login(viewer)
    for address in (url("outbox", org), url("letters_print", org),
                    url("detail", org, notice_id=notice.pk)):
        assert client.get(address).status_code == 403
    assert client.post(url("retry", org, notice_id=notice.pk)).status_code == 403


def test_a_failed_email_is_sent_again_only_when_staff_ask(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    notice = outbox.queue(org, someone(org, "Wyn", email="w@mail.example"), Purpose.OTHER,
                          "Hello", "Text")
    Notice.objects.filter(pk=notice.pk).update(state=State.FAILED, reason="refused")
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(url("retry", org, notice_id=notice.pk))
    notice.refresh_from_db()
    assert notice.state == State.SENT and len(mailoutbox) == 1


def test_the_command_lists_what_is_pending_per_reference(org: Any) -> None:
    outbox.queue(org, someone(org, "L", address="1 St", contact_ways=["post"]),
                 Purpose.OUTCOME, "News", "Text", reference="outcome:1")
    outbox.queue(org, someone(org, "C", phone="0770", contact_ways=["phone"]),
                 Purpose.OUTCOME, "News", "Text", reference="outcome:1")
    out = io.StringIO()
    call_command("notices", "--org", org.slug, "--pending", "--json", stdout=out)
    [row] = json.loads(out.getvalue())["pending"]
    assert row["reference"] == "outcome:1" and row["to_print"] == 1 and row["to_call"] == 1

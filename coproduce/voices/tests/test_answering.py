"""One outcome for many voices: who to tell once each, previews, sending once, refusals."""

import datetime
import socket
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from coproduce.notices.models import Notice, State
from coproduce.people.models import ConsentPurpose, NeedKind, Person, RecordedHow
from coproduce.themes.models import Placement, Theme
from coproduce.voices import answering
from coproduce.voices.models import Interest, Outcome, OutcomeKind, Status, Voice

DAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"voices:{name}", kwargs={"org_slug": org.slug, **kwargs})


def someone(org: Any, name: str, consent: bool | None = True, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=name, **fields)
    if consent is not None:
        person.record_consent(ConsentPurpose.CONTACT, consent, RecordedHow.PAPER, DAY)
    return person


def said(org: Any, text: str, person: Person | None = None, channel: str = "conversation",
         theme: Theme | None = None) -> Voice:
    voice = Voice.objects.create(organisation=org, text=text, channel=channel, heard_on=DAY,
                                 person=person)
    if theme is not None:
        Placement.objects.create(voice=voice, theme=theme)
    return voice


@pytest.fixture
def seaside(org: Any) -> dict[str, Any]:
    """A theme of five voices: Wyn twice, Lowri once, an anonymous card, and Carys who wants it."""
    theme = Theme.objects.create(organisation=org, key="seaside", label="Seaside trips")
    wyn = someone(org, "Wyn", email="wyn@mail.example", contact_ways=["email"])
    lowri = someone(org, "Lowri", address="2 Mill St\nCardiff", contact_ways=["post"],
                    preferred_language="cy")
    lowri.set_access_needs([NeedKind.LARGE_PRINT], {})
    carys = someone(org, "Carys", phone="07700 900222", contact_ways=["phone"])
    voices = [said(org, "A trip to Barry Island please", wyn, theme=theme),
              said(org, "Barry again in August", wyn, "phone", theme=theme),
              said(org, "Tenby would be lovely", lowri, "paper", theme=theme),
              said(org, "The seaside, anywhere!", None, "paper", theme=theme)]
    Interest.objects.create(voice=voices[0], person=carys)
    Interest.objects.create(voice=voices[2], person=wyn)
    return {"theme": theme, "wyn": wyn, "lowri": lowri, "carys": carys, "voices": voices}


OUTCOME = {"kind": "done", "text": "The first trip, to Barry Island, is on 3 June.",
           "text_cy": "Mae'r daith gyntaf, i Ynys y Barri, ar 3 Mehefin.",
           "asked": "More trips to the seaside", "asked_cy": "Mwy o dripiau i lan y môr",
           "title": "Seaside trips", "happened_on": "2025-05-01", "tell": "on",
           "publish": "on", "form_token": "t1"}


def test_it_gathers_everyone_behind_the_voices_once_each(seaside: dict[str, Any]) -> None:
    recipients = answering.gather(seaside["voices"])
    assert [r.person.name for r in recipients] == ["Carys", "Lowri", "Wyn"]
    wyn = recipients[2]
    assert len(wyn.raised) == 2 and wyn.wanted
    assert recipients[0].raised == [] and recipients[0].wanted


def test_a_theme_is_answered_from_its_page_and_nothing_leaves_before_send(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    client = login(coordinator)
    page = client.get(url("answer", org) + f"?theme={seaside['theme'].pk}").content.decode()
    assert 'value="Seaside trips"' in page and "4 voices are chosen" in page
    assert "3 people are behind them" in page and "Phone call" in page
    data = {**OUTCOME, "voice": [v.pk for v in seaside["voices"]]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("answer", org), data)
    outcome = Outcome.objects.get()
    assert response["Location"] == outcome.get_absolute_url()
    assert set(outcome.voices.all()) == set(seaside["voices"]) and not mailoutbox
    assert set(Voice.objects.values_list("status", flat=True)) == {Status.DONE}
    assert not Notice.objects.exists()


def test_the_preview_shows_each_person_only_their_own_words(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any]) -> None:
    outcome = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator,
                               text_cy=OUTCOME["text_cy"], asked=OUTCOME["asked"],
                               asked_cy=OUTCOME["asked_cy"])
    drafts = {r.person.name: d for r, d in answering.plan(outcome)}
    assert "A trip to Barry Island" in drafts["Wyn"].body
    assert "Barry again in August" in drafts["Wyn"].body
    assert "Tenby" not in drafts["Wyn"].body and "anywhere" not in drafts["Wyn"].body
    assert drafts["Lowri"].language == "cy" and drafts["Lowri"].large_print
    assert "Tenby would be lovely" in drafts["Lowri"].body
    assert "Ynys y Barri" in drafts["Lowri"].body and "Annwyl Lowri" in drafts["Lowri"].body
    assert "A trip to Barry Island please" not in drafts["Carys"].body
    assert "More trips to the seaside" in drafts["Carys"].body
    assert drafts["Carys"].method == "call"
    page = login(coordinator).get(outcome.get_absolute_url()).content.decode()
    assert "Send to 3 people" in page and "Ynys y Barri" in page
    letters = login(coordinator).get(url("outcome_letters", org, outcome_id=outcome.pk))
    assert letters.content.decode().count('class="letter large"') == 1


def test_a_double_pressed_send_sends_once(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    outcome = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("outcome_send", org, outcome_id=outcome.pk))
        second = client.post(url("outcome_send", org, outcome_id=outcome.pk), follow=True)
    assert "Nothing was sent again" in second.content.decode()
    assert Notice.objects.count() == 3 and len(mailoutbox) == 1
    states = dict(Notice.objects.values_list("person__name", "state"))
    assert states == {"Wyn": State.SENT, "Lowri": State.TO_PRINT, "Carys": State.TO_CALL}


def test_a_form_sent_twice_records_one_outcome(login: Any, coordinator: Any, org: Any,
                                               seaside: dict[str, Any]) -> None:
    client = login(coordinator)
    data = {**OUTCOME, "voice": [v.pk for v in seaside["voices"]]}
    first = client.post(url("answer", org), data)
    second = client.post(url("answer", org), data)
    assert first["Location"] == second["Location"] and Outcome.objects.count() == 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failing_mail_server_leaves_a_clear_state_not_an_error_page(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    outcome = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(coordinator).post(url("outcome_send", org, outcome_id=outcome.pk))
    assert response.status_code == 302
    email = Notice.objects.get(method="email")
    assert email.state == State.FAILED and "Connection" in email.reason
    page = login(coordinator).get(outcome.get_absolute_url()).content.decode()
    assert "Failed" in page and "Letter to print" in page


def test_nobody_without_consent_is_emailed_and_everyone_who_agreed_is(
        login: Any, coordinator: Any, org: Any, mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    agreed = [someone(org, f"Agreed {n}", email=f"a{n}@mail.example") for n in range(3)]
    refused = someone(org, "Refused", consent=False, email="r@mail.example")
    never = someone(org, "Never asked", consent=None, email="n@mail.example")
    withdrew = someone(org, "Withdrew", email="w@mail.example")
    withdrew.record_consent(ConsentPurpose.CONTACT, False, RecordedHow.PHONE,
                            DAY + datetime.timedelta(days=5))
    voices = [said(org, f"Idea from {p.name}", p) for p in [*agreed, refused, never, withdrew]]
    outcome = answering.answer(voices, "not_possible", "The hall is closed.", coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        login(coordinator).post(url("outcome_send", org, outcome_id=outcome.pk))
    assert sorted(m.to[0] for m in mailoutbox) == ["a0@mail.example", "a1@mail.example",
                                                    "a2@mail.example"]
    unreachable = set(Notice.objects.filter(state=State.UNREACHABLE)
                      .values_list("person__name", flat=True))
    assert unreachable == {"Refused", "Never asked", "Withdrew"}


def test_another_organisations_voice_ids_are_404_and_change_nothing(
        login: Any, coordinator: Any, org: Any, other_org: Any, seaside: dict[str, Any],
        other_person: Any) -> None:
    theirs = said(other_org, "Northgate's voice", other_person)
    client = login(coordinator)
    ids = [seaside["voices"][0].pk, theirs.pk]
    assert client.get(url("answer", org), {"voice": ids}).status_code == 404
    assert client.post(url("answer", org), {**OUTCOME, "voice": ids}).status_code == 404
    theirs_theme = Theme.objects.create(organisation=other_org, key="b", label="B")
    Placement.objects.create(voice=theirs, theme=theirs_theme)
    assert client.get(url("answer", org), {"theme": theirs_theme.pk}).status_code == 404
    assert not Outcome.objects.exists()
    assert set(Voice.objects.values_list("status", flat=True)) == {Status.NEW}


def test_viewers_may_not_answer_or_send(login: Any, viewer: Any, coordinator: Any, org: Any,
                                        seaside: dict[str, Any]) -> None:
    outcome = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator)
    client = login(viewer)
    assert client.get(url("answer", org), {"voice": seaside["voices"][0].pk}).status_code == 403
    assert client.post(url("outcome_send", org, outcome_id=outcome.pk)).status_code == 403
    assert client.get(outcome.get_absolute_url()).status_code == 403
    outcome.refresh_from_db()
    assert outcome.sent_at is None and not Notice.objects.exists()


@pytest.mark.parametrize(("change", "message"), [
    ({"text": ""}, "Say what was done"),
    ({"text": "", "text_cy": "Dim ond Cymraeg"}, "Say what was done"),
    ({"asked": "", "asked_cy": "Dim ond Cymraeg"}, "in English as well as in Welsh"),
    ({"kind": ""}, "Choose done, not possible or progress update"),
])
def test_bad_outcomes_get_a_clear_message_and_change_nothing(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], change: dict[str, str],
        message: str) -> None:
    response = login(coordinator).post(url("answer", org), {
        **OUTCOME, **change, "voice": [v.pk for v in seaside["voices"]]})
    assert response.status_code == 200 and message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Outcome.objects.exists()
    assert set(Voice.objects.values_list("status", flat=True)) == {Status.NEW}


def test_the_voice_list_filters_choose_the_voices(login: Any, coordinator: Any, org: Any,
                                                  seaside: dict[str, Any]) -> None:
    page = login(coordinator).get(url("answer", org), {"q": "Barry"}).content.decode()
    assert "2 voices are chosen" in page and "2 people are behind them" in page
    assert "Tenby" not in page


def test_a_correction_goes_only_to_the_people_first_reached(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], mailoutbox: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    nobody = someone(org, "Unreachable", consent=False)
    seaside["voices"].append(said(org, "Porthcawl", nobody))
    outcome = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("outcome_send", org, outcome_id=outcome.pk))
        response = client.post(url("outcome_correct", org, outcome_id=outcome.pk),
                               {"text": "The trip is on 4 June, not 3 June."})
    correction = Outcome.objects.get(corrects=outcome)
    assert response["Location"] == correction.get_absolute_url()
    assert len(mailoutbox) == 1  # the correction waits for its own Send
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("outcome_send", org, outcome_id=correction.pk))
    told = set(Notice.objects.filter(reference=correction.reference)
               .values_list("person__name", flat=True))
    assert told == {"Wyn", "Lowri", "Carys"}
    assert "4 June, not 3 June" in mailoutbox[1].body and len(mailoutbox) == 2


def test_progress_steps_make_a_public_timeline_with_counts_and_channels(
        client: Any, coordinator: Any, org: Any, seaside: dict[str, Any]) -> None:
    extra = [said(org, f"Seaside please {n}", someone(org, f"Member {n}"), "web")
             for n in range(3)]
    first = answering.answer(seaside["voices"] + extra, OutcomeKind.PROGRESS,
                             "First trip booked for June.", coordinator, publish=True,
                             asked="More trips to the seaside", title="Seaside trips",
                             asked_cy="Mwy o dripiau i lan y môr", tell=False,
                             happened_on=datetime.date(2025, 4, 1))
    assert set(Voice.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}
    answering.answer(first.voices.all(), OutcomeKind.DONE, "Forty members went to Barry.",
                     coordinator, publish=True, follows=first,
                     happened_on=datetime.date(2025, 6, 3))
    page = client.get(url("you_said_we_did", org)).content.decode()
    assert "7 people asked for this" in page
    assert "Conversation, Paper form, Phone, Web form" in page
    assert page.index("First trip booked") < page.index("Forty members went")
    assert "Tenby" not in page and "anywhere" not in page  # nobody agreed to be quoted
    entry = client.get(url("you_said_we_did_entry", org, outcome_id=first.pk))
    assert "Forty members went to Barry" in entry.content.decode()


def test_the_public_page_hides_small_counts_and_never_quotes_anonymous_voices(
        client: Any, coordinator: Any, org: Any) -> None:
    quoted = someone(org, "Quote me")
    quoted.record_consent(ConsentPurpose.QUOTE, True, RecordedHow.PAPER, DAY)
    voices = [said(org, "Anonymous words about the bus", None),
              said(org, "Consented words about the bus", quoted)]
    answering.answer(voices, "done", "A new bus route.", coordinator, publish=True)
    page = client.get(url("you_said_we_did", org)).content.decode()
    assert "A few people asked for this" in page and "2 people" not in page
    assert "Consented words about the bus" in page
    assert "Anonymous words about the bus" not in page


def test_the_answer_page_reads_thirty_voices_in_a_flat_number_of_queries(
        login: Any, coordinator: Any, org: Any, django_assert_max_num_queries: Any) -> None:
    theme = Theme.objects.create(organisation=org, key="t", label="Trips")
    for n in range(30):
        said(org, f"Trip idea {n}", someone(org, f"P{n}", email=f"p{n}@mail.example"),
             theme=theme)
    client = login(coordinator)
    with django_assert_max_num_queries(20):
        client.get(url("answer", org), {"theme": theme.pk})
    outcome = answering.answer(Voice.objects.all(), "done", "Done.", coordinator)
    with django_assert_max_num_queries(20):
        client.get(outcome.get_absolute_url())


def test_ticking_contact_on_an_interest_records_dated_consent(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any]) -> None:
    newcomer = someone(org, "Newcomer", consent=None, email="new@mail.example")
    voice = seaside["voices"][0]
    login(coordinator).post(url("interest", org, voice_id=voice.pk), {
        "person": newcomer.pk, "may_recontact": "on", "how": "phone"})
    consent = Person.objects.get(pk=newcomer.pk).current_consents()["contact"]
    assert consent.is_held and consent.how == "phone" and consent.recorded_by == coordinator
    outcome = answering.answer([voice], "done", "Done.", coordinator)
    drafts = {r.person.name: d for r, d in answering.plan(outcome)}
    assert drafts["Newcomer"].method == "email"  # what the voice showed is what is used


@pytest.mark.parametrize(("recorded", "ticked"), [(True, False), (False, True)])
def test_a_tick_that_contradicts_the_record_asks_which_is_right(
        login: Any, coordinator: Any, org: Any, seaside: dict[str, Any], recorded: bool,
        ticked: bool) -> None:
    person = someone(org, "Contradicted", consent=recorded, email="c@mail.example")
    voice = seaside["voices"][0]
    client = login(coordinator)
    data = {"person": person.pk, "how": "in_person", **({"may_recontact": "on"} if ticked else {})}
    response = client.post(url("interest", org, voice_id=voice.pk), data)
    assert response.status_code == 200 and "Choose which is right" in response.content.decode()
    assert not voice.interests.filter(person=person).exists()
    client.post(url("interest", org, voice_id=voice.pk), {**data, "which": "record"})
    assert Person.objects.get(pk=person.pk).has_consent("contact") is recorded
    client.post(url("interest", org, voice_id=voice.pk), {**data, "which": "tick"})
    assert Person.objects.get(pk=person.pk).has_consent("contact") is ticked
    assert voice.interests.get(person=person).may_recontact is ticked


def test_the_dashboard_says_what_is_owed(login: Any, coordinator: Any, org: Any,
                                         seaside: dict[str, Any]) -> None:
    sent = answering.answer(seaside["voices"], "done", OUTCOME["text"], coordinator)
    answering.send(sent, coordinator)
    answering.answer(seaside["voices"][:1], "progress", "Booked.", coordinator)
    page = login(coordinator).get(reverse("reports:dashboard", kwargs={"org_slug": org.slug}))
    text = page.content.decode()
    assert "1 letter to print" in text and "1 call to make" in text
    assert "1 outcome waiting to be sent" in text
    assert "Voices waiting longest" not in text  # every voice here has been answered
    said(org, "Nobody has answered this yet")
    text = login(coordinator).get(reverse("reports:dashboard", kwargs={
        "org_slug": org.slug})).content.decode()
    assert "Voices waiting longest" in text and "Nobody has answered this yet" in text


def test_a_next_step_for_another_organisations_outcome_is_404(
        login: Any, coordinator: Any, org: Any, other_org: Any, other_person: Any) -> None:
    theirs = answering.answer([said(other_org, "B", other_person)], "progress", "B", None)
    client = login(coordinator)
    assert client.get(url("answer", org), {"follows": theirs.pk}).status_code == 404
    assert client.post(url("answer", org), {**OUTCOME, "follows": theirs.pk}).status_code == 404
    assert Outcome.objects.count() == 1

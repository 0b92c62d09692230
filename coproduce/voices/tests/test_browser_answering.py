"""Answering a 30-voice theme in a real Chromium, in English and in Welsh, checked by axe."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coproduce.notices.models import Notice, State
from coproduce.people.models import ConsentPurpose, NeedKind, Person, RecordedHow
from coproduce.tests.browser import CheckedPage
from coproduce.themes.models import Placement, Theme
from coproduce.voices.models import Interest, Outcome, Voice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.date(2025, 3, 1)


def signed_in(page: CheckedPage, live_server: Any, user: User, language: str) -> None:
    client = Client()
    client.force_login(user)
    page.page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value,
         "url": live_server.url},
        {"name": "django_language", "value": language, "url": live_server.url}])


def member(org: Any, n: int, **fields: Any) -> Person:
    person = Person.objects.create(organisation=org, name=f"Member {n:02d}", **fields)
    person.record_consent(ConsentPurpose.CONTACT, n % 10 != 9, RecordedHow.PAPER, DAY)
    return person


def thirty_voice_theme(org: Any) -> Theme:
    """27 people behind 30 voices: emails, letters (one Welsh, one large print), calls."""
    org.postal_address = "Harbour Day Centre\n1 Quay Street\nCardiff CF10 1AA"
    org.contact_phone, org.sign_off = "029 2000 0000", "Jo Evans, Coordinator"
    org.save()
    theme = Theme.objects.create(organisation=org, key="seaside", label="Seaside trips",
                                 confirmed=True)
    people = []
    for n in range(20):
        if n % 4 == 0:
            fields = {"address": f"{n} Mill Street\nCardiff", "postcode": "CF11 2BB",
                      "contact_ways": ["post"], "preferred_language": "cy" if n == 4 else "en"}
        elif n % 4 == 1:
            fields = {"phone": f"07700 9000{n:02d}", "contact_ways": ["phone"]}
        else:
            fields = {"email": f"member{n}@mail.example", "contact_ways": ["email"]}
        people.append(member(org, n, **fields))
    people[8].set_access_needs([NeedKind.LARGE_PRINT], {})
    channels = ["conversation", "phone", "paper", "event"]
    for n in range(30):
        person = people[n % 20] if n < 28 else None
        voice = Voice.objects.create(organisation=org, text=f"Seaside wish number {n:02d}",
                                     channel=channels[n % 4], heard_on=DAY, person=person)
        Placement.objects.create(voice=voice, theme=theme)
    first = Voice.objects.filter(organisation=org).order_by("pk").first()
    for n in range(20, 25):
        Interest.objects.create(voice=first, person=member(org, n, email=f"keen{n}@mail.example"))
    return theme


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_whole_theme_is_answered_previewed_sent_and_published(
        browser_page: CheckedPage, live_server: Any, coordinator: Any, org: Any,
        mailoutbox: Any, language: str) -> None:
    page = browser_page
    theme = thirty_voice_theme(org)
    signed_in(page, live_server, coordinator, language)
    page.goto(f"/o/{org.slug}/themes/{theme.pk}/")
    page.page.locator(f"a[href$='/voices/answer/?theme={theme.pk}']").click()
    page.check()
    assert page.page.locator("input[name=voice]").count() == 30
    page.page.locator("#id_kind_0").check()  # done
    page.page.locator("#id_text").fill("The first trip, to Barry Island, is on 3 June.")
    page.page.locator("#id_text_cy").fill("Mae'r daith gyntaf, i Ynys y Barri, ar 3 Mehefin.")
    page.page.locator("#id_asked").fill("More trips to the seaside")
    page.page.locator("#id_asked_cy").fill("Mwy o dripiau i lan y môr")
    page.page.locator("#id_publish").check()
    page.page.locator("main form button.govuk-button").click()
    page.check()
    outcome = Outcome.objects.get()
    assert outcome.voices.count() == 30 and not Notice.objects.exists() and not mailoutbox
    main = page.page.inner_text("main")
    assert "Member 02" in main and "Seaside wish number 02" in main

    # The letters exactly as they will print, before anything is sent.
    page.goto(f"/o/{org.slug}/voices/outcomes/{outcome.pk}/letters/")
    assert page.page.locator("article.letter").count() == 5
    assert page.page.locator("article.letter.large").count() == 1
    assert page.page.locator("article.letter[lang=cy]").count() == 1
    page.page.go_back()
    page.check()

    page.page.locator("form[action$='/send/'] button").click()
    page.check()
    assert len(mailoutbox) == 14  # nine members (Member 19 said no) and five keen people
    emails = {m.to[0]: m.body for m in mailoutbox}
    assert "Seaside wish number 02" in emails["member2@mail.example"]
    assert "Seaside wish number 03" not in emails["member2@mail.example"]
    assert "More trips to the seaside" in emails["keen20@mail.example"]
    assert "Seaside wish" not in emails["keen20@mail.example"]

    page.goto(f"/o/{org.slug}/notices/")
    page.goto(f"/o/{org.slug}/notices/letters/")
    page.goto(f"/o/{org.slug}/notices/letters/print/")
    letters = page.page.locator("article.letter")
    assert letters.count() == 5
    for index in range(letters.count()):
        text = letters.nth(index).inner_text()
        notice = Notice.objects.get(pk=Notice.objects.filter(
            method="letter").order_by("person__name", "id")[index].pk)
        own = set(notice.person.voices.values_list("text", flat=True))
        quoted = {line.strip("“”") for line in text.splitlines() if "Seaside wish" in line}
        assert quoted == own, "each letter quotes only its own person's words"
    page.goto(f"/o/{org.slug}/notices/calls/")
    assert page.page.locator(".govuk-summary-card").count() == 4  # Member 09 said no
    assert Notice.objects.filter(state=State.UNREACHABLE).count() == 2

    page.goto(f"/o/{org.slug}/you-said-we-did/")
    public = page.page.inner_text("main")
    # 20 members and 5 keen people by name, and 2 anonymous cards
    people_line = "27 o bobl" if language == "cy" else "27 people asked for this"
    assert people_line in public
    assert ("Mwy o dripiau" if language == "cy" else "More trips to the seaside") in public
    assert "Seaside wish" not in public
    page.goto(f"/o/{org.slug}/you-said-we-did/{outcome.pk}/")

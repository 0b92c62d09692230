"""Demo voices: what members of each reference organisation might have said, over two years."""

import datetime
import random
from typing import Any

from django.utils import timezone

from coproduce.people.models import Person
from coproduce.voices.models import Channel, Status, Voice

SAYINGS: dict[str, list[str]] = {
    "harbour-day-centre": [
        "A welcome pack for new people with toiletries and a map of where to get help",
        "new folk need someone to show them round on the first day",
        "Could the showers be open earlier in the morning",
        "showers are always busy by 9, can we have more time slots",
        "I'd like to train as a peer mentor",
        "more help filling in housing forms",
        "Someone to help with universal credit forms please",
        "hot breakfast every day not just mondays",
        "the breakfast runs out too quick",
    ],
    "unity-community-network": [
        "We want a women-only sports club, badminton or swimming",
        "women only swimming sessions please",
        "A safe space for young people in the evenings",
        "youth club on friday nights",
        "English classes with a crèche",
        "ESOL class where I can bring my baby",
        "help with letters from the council in Somali",
        "interpreters at the advice sessions",
    ],
    "evergreen-circle": [
        "Can we have a trip to the seaside this summer",
        "a day out at Barry Island on the coach",
        "seaside trip again like last year please",
        "More events in the west of the borough, it is too far to travel",
        "nothing happens near me in the west end",
        "Tea dance once a month",
        "a dance afternoon with music from the fifties",
        "help with using my new tablet",
        "computer lessons for beginners",
        "Lunch club on Fridays",
    ],
    "rainbow-cancer-voices": [
        "Doctors assume I have a husband, training for staff please",
        "nurses need training on LGBT patients",
        "A peer support group for partners and carers",
        "somewhere for partners to talk too",
        "Information leaflets that show same-sex couples",
        "leaflets never show people like us",
    ],
    "northgate-homes": [
        "The grant criteria should favour projects run by young people",
        "more money for projects led by young residents",
        "Damp in the bathroom has not been fixed for months",
        "black mould in the flat, repair still not done",
        "Better lighting in the car park at night",
        "car park lights are broken and it feels unsafe",
        "Community garden on the empty land",
        "grow vegetables on the green space",
    ],
}
CHANNELS = [Channel.CONVERSATION, Channel.PHONE, Channel.EMAIL, Channel.PAPER, Channel.WEB,
            Channel.EASY_READ, Channel.EVENT, Channel.SURVEY]


def make_voices(organisation: Any, count: int = 120) -> int:
    """Create the organisation's demo voices once; return how many were made."""
    sayings = SAYINGS.get(organisation.slug)
    if not sayings or Voice.objects.filter(organisation=organisation).exists():
        return 0
    rng = random.Random(organisation.slug + "voices")
    people = list(Person.objects.filter(organisation=organisation).order_by("pk")
                  .prefetch_related("groups")[:300])
    today = timezone.localdate()
    voices = []
    for index in range(count):
        person = rng.choice(people) if people and rng.random() < 0.8 else None
        groups = list(person.groups.all()) if person else []
        status = rng.choices([Status.NEW, Status.ACKNOWLEDGED, Status.CONSIDERING,
                              Status.BACK_BURNER, Status.IN_PROGRESS], [5, 3, 2, 2, 1])[0]
        voices.append(Voice(
            organisation=organisation, text=rng.choice(sayings), person=person,
            channel=rng.choice(CHANNELS), heard_on=today - datetime.timedelta(
                days=int(rng.expovariate(1 / 200)) % 700),
            group=groups[0] if groups and rng.random() < 0.5 else None, status=status,
            on_behalf=rng.random() < 0.3, external_id=f"demo-{index + 1}",
            import_key=f"ext:demo-{index + 1}"))
    Voice.objects.bulk_create(voices)
    return len(voices)

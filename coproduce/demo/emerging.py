"""Demo: a few recent voices that fit no theme yet but say the same thing (an emerging theme)."""

import datetime

from django.utils import timezone

from coproduce.organisations.models import Organisation
from coproduce.themes.store import place_voices
from coproduce.voices.models import Channel, Voice

SAYINGS = {
    "evergreen-circle": [
        "The hearing loop in the main hall isn't working again",
        "Couldn't hear a word of the talk, is the loop broken?",
        "Please get the hearing loop in the hall fixed",
        "Members with hearing aids can't follow the speakers since the loop stopped",
    ],
}


def make_emerging(organisation: Organisation) -> None:
    """Add this week's voices on a topic no theme covers yet, and let them be placed."""
    today = timezone.localdate()
    made = []
    for number, text in enumerate(SAYINGS.get(organisation.slug, [])):
        voice, created = Voice.objects.get_or_create(
            organisation=organisation, import_key=f"demo-emerging-{number}",
            defaults={"text": text, "channel": Channel.CONVERSATION,
                      "heard_on": today - datetime.timedelta(days=number)})
        if created:
            made.append(voice.pk)
    if made:
        place_voices(organisation, made)

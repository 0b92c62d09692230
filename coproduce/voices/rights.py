"""What Voices holds about one person, for their export and their erasure.

Registered with people.rights from VoicesConfig.ready(). A person's voices are either deleted
(with their history, themes placements, vectors and search rows) or kept without any link to
them and with anything that named them taken out of the words.
"""

import datetime
from typing import Any

from django.db import connection
from django.db.models import Max, Q

from coproduce.people.models import Person
from coproduce.people.rights import Erasure

from .models import Interest, Voice


def export_voices(person: Person) -> dict[str, Any]:
    voices = Voice.objects.filter(person=person).prefetch_related("tags", "history")
    return {
        "voices": [
            {"id": voice.pk, "text": voice.text, "heard_on": voice.heard_on.isoformat(),
             "channel": voice.channel, "kind": voice.kind, "status": voice.status,
             "outcome": voice.outcome, "on_behalf": voice.on_behalf,
             "tags": [tag.name for tag in voice.tags.all()],
             "history": [{"from": c.from_status, "to": c.to_status, "at": c.at.isoformat()}
                         for c in voice.history.all()]}
            for voice in voices
        ],
        "interests": [
            {"voice": interest.voice_id, "text": interest.voice.text,
             "may_recontact": interest.may_recontact, "added_on": interest.added_on.isoformat()}
            for interest in Interest.objects.filter(person=person).select_related("voice")
        ],
    }


def erase_voices(erasure: Erasure) -> dict[str, int]:
    person = erasure.person
    interests, _ = Interest.objects.filter(person=person).delete()
    theirs = Voice.everything.filter(person=person)
    if erasure.delete_voices:
        deleted = theirs.count()
        theirs.delete()  # placements, vectors, history and search rows go with them
        kept = 0
    else:
        deleted, kept = 0, 0
        for voice in theirs:
            voice.person = None
            voice.text = erasure.scrub(voice.text)
            voice.outcome = erasure.scrub(voice.outcome)
            voice.public_summary = erasure.scrub(voice.public_summary)
            voice.import_key = ""  # the content key was made from their name
            voice.save(update_fields=["person", "text", "outcome", "public_summary",
                                      "import_key", "updated_at"])
            kept += 1
    # Contact details they typed on the public form are kept with the voice, not in People.
    given = [value for value in (person.email, person.phone) if value]
    contacted = Voice.everything.filter(organisation=person.organisation, contact__in=given)
    contacted.update(contact="", contact_name="")
    mentioning = Voice.everything.filter(organisation=person.organisation).filter(
        mentions(erasure, "text") | mentions(erasure, "outcome")
        | mentions(erasure, "contact_name"))
    for voice in mentioning:  # others' words that name them
        voice.text, voice.outcome = erasure.scrub(voice.text), erasure.scrub(voice.outcome)
        voice.contact_name = erasure.scrub(voice.contact_name)
        voice.save(update_fields=["text", "outcome", "contact_name", "updated_at"])
    forget_search_terms()
    return {"voices_deleted": deleted, "voices_anonymised": kept, "interests": interests}


def mentions(erasure: Erasure, field: str) -> Q:
    query = Q(pk__in=[])
    for text in erasure.identifying:
        query |= Q(**{f"{field}__icontains": text})
    return query


def forget_search_terms() -> None:
    """Merge SQLite's search index so that words of deleted texts leave it at once."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO voices_voice_fts(voices_voice_fts) VALUES ('optimize')")


def last_voice(person: Person) -> datetime.date | None:
    return Voice.objects.filter(person=person).aggregate(on=Max("heard_on"))["on"]

"""Voices out: CSV with formula-safe cells, or JSON. The stored text is never altered."""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from coproduce.lib.csvsafe import safe_cell

from .models import Voice

COLUMNS = ["external_id", "text", "channel", "date_heard", "person_email", "group", "kind",
           "tags", "status", "outcome", "recorded_by", "heard_by_peer"]


class Echo:
    def write(self, value: str) -> str:
        return value


def records(voices: "QuerySet[Voice]") -> Iterator[dict[str, Any]]:
    rows = (voices.select_related("person", "group", "recorded_by")
            .prefetch_related("tags").order_by("pk"))
    for voice in rows.iterator(chunk_size=2000):
        yield {
            "external_id": voice.external_id or f"voice-{voice.pk}",
            "text": voice.text,
            "channel": voice.channel,
            "date_heard": voice.heard_on.isoformat(),
            "person_email": voice.person.email if voice.person else "",
            "group": voice.group.name if voice.group else "",
            "kind": voice.kind,
            "tags": "; ".join(tag.name for tag in voice.tags.all()),
            "status": voice.status,
            "outcome": voice.outcome,
            "recorded_by": voice.recorded_by.email if voice.recorded_by else "",
            "heard_by_peer": "yes" if voice.heard_by_peer else "",
        }


def csv_lines(voices: "QuerySet[Voice]") -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff"
    yield writer.writerow(COLUMNS)
    for record in records(voices):
        yield writer.writerow([safe_cell(record[column]) for column in COLUMNS])


def json_lines(voices: "QuerySet[Voice]") -> Iterator[str]:
    """A JSON array, written a record at a time so large exports stream."""
    yield "["
    for index, record in enumerate(records(voices)):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"

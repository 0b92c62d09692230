"""API for voices: record one, or list them with filters and pages."""

import datetime
import re
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from pydantic import BeforeValidator

from . import capture
from .models import MAX_TEXT, Channel, Kind, Status, Voice
from .search import search

router = Router(tags=["voices"])


def iso_date_only(value: Any) -> Any:
    """Accept dates written YYYY-MM-DD only: never a number read as seconds since 1970."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Write the date as YYYY-MM-DD.")
    return value


EMAIL_OR_EMPTY = (r"^$|^[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@"
                  r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")

IsoDate = Annotated[datetime.date, BeforeValidator(iso_date_only)]


class VoiceIn(Schema):
    model_config = {"extra": "forbid"}

    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    channel: Channel = Channel.API
    date_heard: IsoDate
    # Empty, or an address of the shape Django's e-mail check accepts.
    person_email: str = Field("", max_length=254, pattern=EMAIL_OR_EMPTY)
    person_phone: str = Field("", max_length=40)
    person_name: str = Field("", max_length=150)
    person_external_id: str = Field("", max_length=100)
    group: str = Field("", max_length=100)
    kind: Kind = Kind.IDEA
    tags: list[Annotated[str, Field(max_length=60)]] = Field(default_factory=list,
                                                            max_length=20)
    external_id: str = Field("", max_length=100)


class VoiceOut(Schema):
    id: int
    external_id: str
    text: str
    channel: str
    date_heard: datetime.date
    kind: str
    status: str
    outcome: str
    group: str | None
    tags: list[str]


class Problem(Schema):
    detail: str
    errors: list[dict[str, Any]] = []


class Invalid(Schema):
    """What the API answers when the request does not match this document (422)."""

    detail: list[dict[str, Any]]


class VoicePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[VoiceOut]


class VoiceFilters(Schema):
    model_config = {"extra": "forbid"}

    status: Status | None = None
    channel: Channel | None = None
    heard_from: IsoDate | None = None
    heard_to: IsoDate | None = None
    q: str = Field("", max_length=200)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def out(voice: Voice) -> dict[str, Any]:
    return {"id": voice.pk, "external_id": voice.external_id, "text": voice.text,
            "channel": voice.channel, "date_heard": voice.heard_on, "kind": voice.kind,
            "status": voice.status, "outcome": voice.outcome,
            "group": voice.group.name if voice.group else None,
            "tags": [tag.name for tag in voice.tags.all()]}


@router.post("", response={201: VoiceOut, 200: VoiceOut, 400: Problem, 401: Problem,
                           422: Invalid}, summary="Record a voice")
def create_voice(request: HttpRequest, payload: VoiceIn) -> Reply[dict[str, Any]]:
    """Record what someone said. Sending the same external_id again returns the first voice.

    The person is found in People by person_external_id, person_email, person_phone or
    person_name (in that order), and added to People when nobody matches.
    """
    organisation = request.organisation  # type: ignore[attr-defined]
    voice = capture.VoiceIn(
        text=payload.text, channel=payload.channel.value, heard_on=payload.date_heard,
        kind=payload.kind.value, group=payload.group.strip(), external_id=payload.external_id,
        tags=[tag.strip() for tag in payload.tags if tag.strip()],
        who=capture.PersonRef(email=payload.person_email.strip(),
                              phone=payload.person_phone.strip(),
                              name=payload.person_name.strip(),
                              external_id=payload.person_external_id.strip()))
    try:
        recorded, new = capture.record_voice(organisation, voice,
                                             came_from=_("Added through the API"))
    except capture.Refused as refused:
        return Reply(400, {"detail": "The voice was not recorded.",
                            "errors": [{"field": name, "message": message}
                                       for name, message in refused.problems]})
    return Reply(201 if new else 200, out(recorded))


@router.get("", response={200: VoicePage, 401: Problem, 422: Invalid}, summary="List voices")
def list_voices(request: HttpRequest, filters: Query[VoiceFilters]) -> dict[str, Any]:
    """Newest first; filter by status, channel, dates and words in the text."""
    organisation = request.organisation  # type: ignore[attr-defined]
    voices = Voice.objects.filter(organisation=organisation)
    if filters.status:
        voices = voices.filter(status=filters.status.value)
    if filters.channel:
        voices = voices.filter(channel=filters.channel.value)
    if filters.heard_from:
        voices = voices.filter(heard_on__gte=filters.heard_from)
    if filters.heard_to:
        voices = voices.filter(heard_on__lte=filters.heard_to)
    voices = search(voices, filters.q)
    start = (filters.page - 1) * filters.page_size
    rows = voices.select_related("group").prefetch_related("tags")[
        start:start + filters.page_size]
    return {"count": voices.count(), "page": filters.page, "page_size": filters.page_size,
            "results": [out(voice) for voice in rows]}



"""The one way a voice comes in, whatever the channel.

Staff quick entry, the public and easy-read forms, paper entry, imports and the API all build
a `VoiceIn` and call `record_voice` (one) or `write_batch` (many, already checked). Each
voice gets the same checks, the same idempotency key (the other system's id, else the form's
one-time token, else a hash of its content), its tags kept whole, its person found or added
the same way, and is announced to the listeners after the commit.

Higher apps hear of new voices through the listeners they register here (voices may not
import them): the themes app places every new voice after the commit, and pins voices that
an import named a theme for.
"""

import datetime
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.lib.text import has_control_characters
from coproduce.people.models import Group, Person

from .models import MAX_TEXT, Channel, Kind, Status, Tag, Voice

NewVoices = Callable[[int, list[int]], None]  # (organisation id, voice ids)
NamedThemes = Callable[[Any, list[tuple[int, str]]], None]  # (organisation, [(voice id, name)])

_new_voices: list[NewVoices] = []
_named_themes: list[NamedThemes] = []

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EARLIEST = datetime.date(1900, 1, 1)
CHANNELS = frozenset(Channel.values)
KINDS = frozenset(Kind.values)
LIMITS = {"external_id": 100, "group": 100, "tag": 60, "theme": 150, "person_name": 150,
          "person_phone": 40, "person_external_id": 100, "person_email": 254}


def on_new_voices(listener: NewVoices) -> None:
    """Call `listener` with the ids of every batch of new voices, once they are committed."""
    if listener not in _new_voices:
        _new_voices.append(listener)


def on_named_themes(listener: NamedThemes) -> None:
    """Call `listener` with voices a file named a theme for, once they are visible."""
    if listener not in _named_themes:
        _named_themes.append(listener)


def announce_new(organisation_id: int, voice_ids: list[int]) -> None:
    """Tell the listeners about new voices after the surrounding transaction commits."""
    if not voice_ids:
        return
    ids = list(voice_ids)

    def tell() -> None:
        for listener in _new_voices:
            listener(organisation_id, ids)

    transaction.on_commit(tell)


def announce_named_themes(organisation: Any, pairs: list[tuple[int, str]]) -> None:
    if pairs:
        for listener in _named_themes:
            listener(organisation, pairs)


@dataclass
class PersonRef:
    """How a row names the person who said it; any of these may be empty."""

    email: str = ""
    phone: str = ""
    name: str = ""
    external_id: str = ""

    def __bool__(self) -> bool:
        return bool(self.email or self.phone or self.name or self.external_id)

    @property
    def phone_digits(self) -> str:
        return phone_digits(self.phone)

    @property
    def key(self) -> str:
        """What the content hash knows them by."""
        return (self.external_id or self.email or self.phone_digits or self.name).lower()


def phone_digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("44") and len(digits) > 10 else digits


@dataclass
class VoiceIn:
    """One voice as a channel gives it, before it is checked."""

    text: str
    channel: str
    heard_on: datetime.date | None
    kind: str = Kind.IDEA
    person: Person | None = None  # already chosen (staff entry)
    who: PersonRef = field(default_factory=PersonRef)  # to be found, or added
    on_behalf: bool = False
    group: str = ""
    tags: list[str] = field(default_factory=list)
    external_id: str = ""
    token: str = ""  # a form's one-time token
    theme: str = ""
    contact_name: str = ""  # given on a public form, kept with the voice only
    contact: str = ""
    by_peer: bool = False  # heard and logged by a peer mentor or volunteer (the user)

    @property
    def key(self) -> str:
        if self.external_id:
            return "ext:" + self.external_id
        if self.token:
            return "form:" + self.token
        who = str(self.person.pk) if self.person is not None else self.who.key
        return Voice.content_key(self.text, self.heard_on or EARLIEST, self.channel, who)


Problem = tuple[str, str]  # (field, message)


def check(voice: VoiceIn, today: datetime.date | None = None) -> list[Problem]:
    """Return what is wrong with `voice` (an empty list when it can be recorded)."""
    today = today or timezone.localdate()
    problems: list[Problem] = []
    text = voice.text.strip()
    if not text:
        problems.append(("text", _("is empty")))
    elif len(text) > MAX_TEXT:
        problems.append(("text", _("is longer than %(limit)s characters") % {"limit": MAX_TEXT}))
    if voice.channel not in CHANNELS:
        problems.append(("channel", _("is not a known channel")))
    if voice.kind not in KINDS:
        problems.append(("kind", _("is not a known kind")))
    if voice.heard_on is None:
        problems.append(("date_heard", _("is missing")))
    elif voice.heard_on > today:
        problems.append(("date_heard", _("is in the future")))
    elif voice.heard_on < EARLIEST:
        problems.append(("date_heard", _("is before 1900")))
    values = [("text", voice.text), ("external_id", voice.external_id),
              ("group", voice.group), ("theme", voice.theme), ("person_email", voice.who.email),
              ("person_phone", voice.who.phone), ("person_name", voice.who.name),
              ("person_external_id", voice.who.external_id),
              *(("tags", tag) for tag in voice.tags)]
    for name, value in values:
        if not value:
            continue
        limit = LIMITS.get("tag" if name == "tags" else name, MAX_TEXT)
        if has_control_characters(value):
            problems.append((name, _("contains invisible control characters")))
        elif len(value) > limit and name != "text":
            problems.append((name, _("is longer than %(limit)s characters") % {"limit": limit}))
    if voice.who.email and not EMAIL.match(voice.who.email):
        problems.append(("person_email", _("is not a valid email address")))
    return problems


class People:
    """Finds the people voices name, in one organisation, and adds the missing ones."""

    def __init__(self, organisation: Any, add_new: bool = True, came_from: str = "") -> None:
        self.organisation, self.add_new, self.came_from = organisation, add_new, came_from
        self.by_email: dict[str, int] = {}
        self.by_id: dict[str, int] = {}
        self.by_phone: dict[str, int] | None = None
        self.by_name: dict[str, list[int]] = {}
        self.asked: set[tuple[str, str]] = set()
        self.pending: dict[str, PersonRef] = {}  # people to add, by PersonRef.key
        self.made: dict[str, int] = {}
        self.created: list[int] = []

    def load(self, refs: Iterable[PersonRef]) -> None:
        """Look up, in a few queries, the people these refs name that were not looked up."""
        people = Person.objects.filter(organisation=self.organisation).active()
        wanted = {("email", ref.email.lower()) for ref in refs if ref.email}
        wanted |= {("id", ref.external_id) for ref in refs if ref.external_id}
        wanted |= {("name", ref.name.lower()) for ref in refs
                   if ref.name and not (ref.email or ref.phone or ref.external_id)}
        # A value with a control character is refused by check() and never looked up:
        # PostgreSQL will not take a NUL byte even in a query.
        new = {(kind, value) for kind, value in wanted - self.asked
               if not has_control_characters(value)}
        self.asked |= new
        emails = [value for kind, value in new if kind == "email"]
        ids = [value for kind, value in new if kind == "id"]
        names = [value for kind, value in new if kind == "name"]
        if emails:
            self.by_email.update(people.annotate(low=Lower("email")).filter(low__in=emails)
                                 .values_list("low", "pk"))
        if ids:
            self.by_id.update(people.filter(external_id__in=ids).values_list("external_id",
                                                                              "pk"))
        for name, pk in (people.annotate(low=Lower("name")).filter(low__in=names)
                         .values_list("low", "pk") if names else []):
            self.by_name.setdefault(name, []).append(pk)
        if self.by_phone is None and any(ref.phone for ref in refs):
            self.by_phone = {}
            for phone, pk in people.exclude(phone="").values_list("phone", "pk"):
                self.by_phone.setdefault(phone_digits(phone), pk)

    def find(self, ref: PersonRef) -> tuple[int | str | None, Problem | None]:
        """The person's id, the key of a person still to be added, or why neither."""
        if ref.external_id and ref.external_id in self.by_id:
            return self.by_id[ref.external_id], None
        if ref.email and ref.email.lower() in self.by_email:
            return self.by_email[ref.email.lower()], None
        if ref.phone and ref.phone_digits in (self.by_phone or {}):
            return (self.by_phone or {})[ref.phone_digits], None
        if not (ref.email or ref.phone or ref.external_id):
            matches = self.by_name.get(ref.name.lower(), [])
            if len(matches) == 1:
                return matches[0], None
            if len(matches) > 1:
                return None, ("person_name", _("%(count)s people in People have this name: add "
                                               "their email, phone or id") %
                              {"count": len(matches)})
        if not self.add_new:
            return None, ("person_email" if ref.email else "person_phone" if ref.phone
                          else "person_name", _("no one in People matches, and adding "
                                                 "people was not allowed"))
        if ref.key in self.made:
            return self.made[ref.key], None
        self.pending.setdefault(ref.key, ref)
        return ref.key, None

    def ids_for(self, keys: Iterable[str], user: Any) -> dict[str, int]:
        """Add the people still to be added that `keys` name; return their ids by key."""
        for key in dict.fromkeys(keys):
            if key in self.made or key not in self.pending:
                continue
            ref = self.pending[key]
            person = Person.objects.create(
                organisation=self.organisation, email=ref.email.lower(), phone=ref.phone,
                external_id=ref.external_id, created_by=user, came_from=self.came_from,
                name=ref.name or ref.email.split("@")[0] or _("Not given"))
            self.made[key] = person.pk
            self.created.append(person.pk)
        return {key: self.made[key] for key in keys if key in self.made}


class Names:
    """The organisation's groups and tags by name (any case), added as they are first used."""

    def __init__(self, organisation: Any) -> None:
        self.organisation = organisation
        self.groups = {name.lower(): pk for name, pk in Group.objects.filter(
            organisation=organisation).values_list("name", "pk")}
        self.tags = {name.lower(): pk for name, pk in Tag.objects.filter(
            organisation=organisation).values_list("name", "pk")}

    def group_id(self, name: str) -> int | None:
        if not name:
            return None
        if name.lower() not in self.groups:
            self.groups[name.lower()] = Group.objects.get_or_create(
                organisation=self.organisation, name=name)[0].pk
        return self.groups[name.lower()]

    def tag_id(self, name: str) -> int:
        if name.lower() not in self.tags:
            self.tags[name.lower()] = Tag.objects.get_or_create(
                organisation=self.organisation, name=name)[0].pk
        return self.tags[name.lower()]


@dataclass
class Checked:
    """A voice that passed the checks, with its person resolved (or to be added)."""

    voice: VoiceIn
    person: int | str | None  # an id, or the key of a person added with the batch

    @property
    def key(self) -> str:
        return self.voice.key


INSERT_COLUMNS = ["organisation_id", "text", "channel", "heard_on", "person_id", "on_behalf",
                  "recorded_by_id", "group_id", "kind", "status", "outcome", "outcome_public",
                  "public_summary", "external_id", "import_key", "import_run_id",
                  "contact_name", "contact", "heard_by_peer", "created_at", "updated_at"]


def execute(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run one statement on the database connection itself, with its own placeholders.

    Django's SQLite cursor rewrites every %s with a regular expression, which costs more
    than the insert itself for a statement of thousands of values.
    """
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    connection.ensure_connection()
    raw: Any = connection.connection
    cursor = raw.execute(sql.replace("%s", "?"), params)
    rows = cursor.fetchall() if cursor.description else []
    cursor.close()
    return rows


# PostgreSQL takes a batch as one JSON document (one parameter, which psycopg passes as it
# is) rather than a statement with a placeholder for every value, whose conversion costs
# more than the insert.
PG_TYPES = ["int", "text", "text", "date", "int", "bool", "int", "int", "text", "text", "text",
            "bool", "text", "text", "text", "int", "text", "text", "bool", "timestamptz",
            "timestamptz"]
PG_RECORD = ", ".join(f"{name} {kind}" for name, kind in zip(INSERT_COLUMNS, PG_TYPES,
                                                           strict=True))
CONFLICT = ("ON CONFLICT (organisation_id, import_key) WHERE NOT (import_key = '') DO NOTHING "
            "RETURNING id, import_key")


def insert(rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Insert voice rows in one statement, skipping keys already held; return new ids by key."""
    if not rows:
        return {}
    table, columns = Voice._meta.db_table, ", ".join(INSERT_COLUMNS)
    if connection.vendor == "postgresql":
        sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names are ours
               f"SELECT {columns} FROM json_to_recordset(%s::json) AS x({PG_RECORD}) "
               f"{CONFLICT}")
        document = json.dumps([dict(zip(INSERT_COLUMNS, row, strict=True)) for row in rows],
                              default=str)
        return {key: pk for pk, key in execute(sql, [document])}
    one = "(" + ", ".join(["%s"] * len(INSERT_COLUMNS)) + ")"
    sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names are ours
           f"VALUES {', '.join([one] * len(rows))} {CONFLICT}")
    return {key: pk for pk, key in execute(sql, [value for row in rows for value in row])}


def insert_tags(pairs: list[tuple[int, int]]) -> None:
    through = Voice.tags.through._meta.db_table
    if connection.vendor == "postgresql" and pairs:
        execute(f"INSERT INTO {through} (voice_id, tag_id) "  # noqa: S608 - ours
                "SELECT * FROM json_to_recordset(%s::json) AS x(voice_id int, tag_id int) "
                "ON CONFLICT DO NOTHING",
                [json.dumps([{"voice_id": v, "tag_id": t} for v, t in pairs])])
        return
    for start in range(0, len(pairs), 2000):
        chunk = pairs[start:start + 2000]
        execute(f"INSERT INTO {through} (voice_id, tag_id) VALUES "  # noqa: S608 - ours
                + ", ".join(["(%s, %s)"] * len(chunk)) + " ON CONFLICT DO NOTHING",
                [value for pair in chunk for value in pair])


def write_batch(organisation: Any, items: list[Checked], user: Any, people: People,
                names: Names, run_id: int | None = None) -> dict[str, int]:
    """Write checked voices (call inside a transaction); return the new voices' ids by key.

    A voice whose key is already held is skipped. The new ones are announced after commit.
    """
    added = people.ids_for([i.person for i in items if isinstance(i.person, str)], user)
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    rows = []
    for item in items:
        v = item.voice
        person = added.get(item.person) if isinstance(item.person, str) else item.person
        rows.append((organisation.pk, v.text.strip(), v.channel, v.heard_on, person,
                     v.on_behalf, user_id, names.group_id(v.group.strip()), v.kind, Status.NEW,
                     "", False, "", v.external_id, v.key, run_id, v.contact_name, v.contact,
                     True if v.by_peer else None, now, now))
    ids: dict[str, int] = {}
    step = len(rows) if connection.vendor == "postgresql" else 400  # SQLite's limits
    for start in range(0, len(rows), step):
        ids.update(insert(rows[start:start + step]))
    insert_tags([(ids[item.key], names.tag_id(tag)) for item in items if item.key in ids
                 for tag in dict.fromkeys(item.voice.tags)])
    if run_id is None:
        announce_new(organisation.pk, list(ids.values()))
        announce_named_themes(organisation, [(ids[i.key], i.voice.theme.strip()) for i in items
                                             if i.key in ids and i.voice.theme.strip()])
    return ids


class Refused(Exception):
    """The voice cannot be recorded; `problems` says why, field by field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems


def record_voice(organisation: Any, voice: VoiceIn, user: Any = None, add_people: bool = True,
                 came_from: str = "") -> tuple[Voice, bool]:
    """Record one voice; return it and whether it is new (False: the same one came before).

    Raises `Refused` with the problems when it cannot be recorded.
    """
    problems = check(voice)
    people = People(organisation, add_people, came_from)
    person: int | str | None = voice.person.pk if voice.person is not None else None
    if voice.person is None and voice.who:
        people.load([voice.who])
        person, problem = people.find(voice.who)
        problems += [problem] if problem else []
    if problems:
        raise Refused(problems)
    existing = Voice.objects.filter(organisation=organisation, import_key=voice.key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            ids = write_batch(organisation, [Checked(voice, person)], user, people,
                              Names(organisation))
    except IntegrityError:
        ids = {}
    if not ids:  # another request recorded the same voice a moment ago
        return Voice.objects.get(organisation=organisation, import_key=voice.key), False
    return Voice.objects.get(pk=ids[voice.key]), True

"""Pools drawn from People or from an idea's interest list, behind the consent gate.

Only people whose latest consent to be contacted about co-production is held go into a pool.
Special-category features (ethnicity, disability and the rest of people's sensitive
information) are read only for people whose latest consent to keep it is held; everyone else
has the value "not recorded", so quotas can still count them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from coproduce.audit.models import Action, record
from coproduce.organisations.access import OrgRequest
from coproduce.people.models import Consent, ConsentPurpose, JourneyStage, Person, SensitiveInfo

from .drawing import draw_panel
from .models import Selection
from .pools import read_quotas
from .selection import Pool, QuotaError

NOT_RECORDED = "not recorded"
ORDINARY = ("area", "language", "stage")
SPECIAL = tuple(SensitiveInfo.FIELDS)
# Column names of an uploaded pool that hold special-category information (UK GDPR article 9).
SPECIAL_WORDS = {*SPECIAL, "religion", "belief", "race", "ethnic group", "sexuality", "gender",
                 "gender identity", "sexual orientation", "health", "disability", "disabled",
                 "trade union", "political opinion"}


@dataclass
class PeoplePool:
    pool: Pool
    people: dict[str, int]  # pool id -> person id
    left_out: int  # people without a held consent to be contacted


def special_of(features: Iterable[str]) -> list[str]:
    """The features that hold special-category information."""
    return sorted(f for f in features if f.strip().lower().replace("_", " ") in SPECIAL_WORDS
                  or f in SPECIAL)


def check_features(features: Sequence[str]) -> None:
    unknown = [f for f in features if f not in ORDINARY + SPECIAL]
    if unknown:
        raise QuotaError(_("People have no feature called %(names)s: use %(known)s.") % {
            "names": ", ".join(unknown), "known": ", ".join(ORDINARY + SPECIAL)})


def area_of(postcode: str) -> str:
    """The outward part of a postcode ("SK1 3XE" -> "SK1"): an area, not an address."""
    code = postcode.strip().upper()
    return (code.split()[0] if " " in code else code[:-3]) if code else NOT_RECORDED


def household_of(person: Person) -> str:
    """Address and postcode; nothing without an address (a postcode alone is a street)."""
    address = " ".join(person.address.lower().split())
    return f"{address} {person.postcode.replace(' ', '').lower()}" if address else ""


def build_pool(people: "QuerySet[Person]", features: Sequence[str], household: bool
               ) -> PeoplePool:
    """The pool of consenting people with their features, in three queries."""
    check_features(features)
    stages = {s.pk: str(s) for s in JourneyStage.objects.filter(
        organisation_id__in=people.values("organisation_id"))}
    people = people.active().with_stage().prefetch_related(  # type: ignore[attr-defined]
        Prefetch("consents", queryset=Consent.objects.order_by("recorded_on", "id")))
    if any(f in SPECIAL for f in features):
        people = people.select_related("sensitive")
    chosen, left_out = [], 0
    for person in people.order_by("id"):
        if person.has_consent(ConsentPurpose.CONTACT):
            chosen.append(person)
        else:
            left_out += 1
    ids = {person.pk: f"V{n:04d}" for n, person in enumerate(chosen, start=1)}
    return PeoplePool(
        Pool(ids=list(ids.values()),
             features={ids[p.pk]: {f: feature_of(p, f, stages) for f in features}
                       for p in chosen},
             households={ids[p.pk]: household_of(p) or ids[p.pk] for p in chosen}
             if household else {}),
        {ident: pk for pk, ident in ids.items()}, left_out)


def feature_of(person: Person, feature: str, stages: dict[int, str]) -> str:
    if feature == "area":
        return area_of(person.postcode)
    if feature == "language":
        return person.preferred_language
    if feature == "stage":
        return stages.get(getattr(person, "current_stage_id", None) or 0, NOT_RECORDED)
    if not person.has_consent(ConsentPurpose.SENSITIVE):
        return NOT_RECORDED
    info = getattr(person, "sensitive", None)  # None when nothing sensitive is held
    value = (getattr(info, feature, "") or "").strip() if info is not None else ""
    return value or NOT_RECORDED


def people_of_source(organisation: Any, source: str, group: Any = None, voice: Any = None
                     ) -> "QuerySet[Person]":
    """Everyone in the organisation's People, one group of them, or an idea's interest list."""
    people = Person.objects.filter(organisation=organisation)
    if source == "group":
        return people.filter(groups=group)
    if source == "interest":
        return people.filter(interests__voice=voice)
    return people


def describe_source(source: str, group: Any = None, voice: Any = None) -> str:
    if source == "group":
        return _("People in the group %(name)s") % {"name": group}
    if source == "interest":
        return _("The interest list of the idea “%(idea)s”") % {"idea": voice}
    return _("Everyone in People")


def draw_from_people(request: OrgRequest, data: dict[str, Any]) -> tuple[Selection, int]:
    """Draw a panel from People: the quotas name the features; special-category features need
    the right to see them, and reading them for the draw is audited."""
    quotas = read_quotas(data["quotas"].read().decode("utf-8-sig"))
    features = sorted({q.feature for q in quotas})
    special = special_of(features)
    if special and not request.membership.allows("view_sensitive"):
        raise QuotaError(_("Only staff who may see special-category information can use "
                           "%(names)s in quotas.") % {"names": ", ".join(special)})
    people = people_of_source(request.organisation, data["source"], data.get("group"),
                              data.get("voice"))
    built = build_pool(people.distinct(), features, data["household"])
    selection = draw_panel(request.organisation, data["title"], built.pool, quotas, data["size"],
                           data["seed"], data["algorithm"], request.user, people=built.people,
                           special=special, source=describe_source(
                               data["source"], data.get("group"), data.get("voice")))
    if special:
        record(Action.SENSITIVE_VIEWED, request=request, target=f"panel selection {selection.pk}",
               through="panel draw", features=special)
    return selection, built.left_out

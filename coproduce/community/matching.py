"""Finding people for a role or an activity: who offers the skills, who is free, and who has
already been asked as often as they wished (the research's overburdened experts by
experience, who should not be the only ones asked)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from coproduce.people.models import Person
from coproduce.projects.models import Invitation

from .models import CommunityRole, Offer, split_list
from .requirements import missing, records_of

SUFFIXES = ("ing", "ers", "er", "es", "s", "e")


def stem(word: str) -> str:
    """A rough stem, so that "driver" finds "driving" and "cooks" finds "cooking"."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def matches(wanted: list[str], offered: list[str]) -> list[str]:
    offered_stems = [" ".join(stem(w) for w in skill.split()) for skill in offered]
    found = []
    for skill in wanted:
        want = " ".join(stem(w) for w in skill.split())
        if any(want in have or have in want for have in offered_stems):
            found.append(skill)
    return found


@dataclass
class Candidate:
    person: Person
    offer: Offer
    matched: list[str]
    available: bool
    asked: int
    missing: list[str] = field(default_factory=list)

    @property
    def asked_enough(self) -> bool:
        """Asking them again would be more often than they said they wanted."""
        return self.offer.max_asks is not None and self.asked >= self.offer.max_asks

    def rank(self) -> tuple[int, int, int, int, str]:
        return (-len(self.matched), not self.available, len(self.missing),
                self.asked_enough, self.person.name.lower())


@dataclass
class Search:
    candidates: list[Candidate]
    on_break: int
    total: int


def asked_counts(people: "list[int]", today: datetime.date) -> dict[int, tuple[int, int]]:
    """Meeting invitations sent to each person in the last week and the last month."""
    week, month = today - datetime.timedelta(days=7), today - datetime.timedelta(days=30)
    rows = (Invitation.objects.filter(person_id__in=people, notice__isnull=False,
                                      created_at__date__gt=month)
            .values("person_id").annotate(
                week=Count("id", filter=Q(created_at__date__gt=week)), month=Count("id")))
    return {row["person_id"]: (row["week"], row["month"]) for row in rows}


def find(organisation: Any, today: datetime.date, role: CommunityRole | None = None,
         skills: str = "", day: str = "", time: str = "", limit: int = 50) -> Search:
    """Everyone who has said what they can offer, best fit first; people on a break are left
    out (and counted). A fixed number of queries, however many people there are."""
    wanted = split_list(skills) or (role.skill_list() if role else [])
    offers = list(Offer.objects.filter(person__organisation=organisation,
                                       person__archived_at__isnull=True)
                  .select_related("person"))
    resting = sum(1 for offer in offers if offer.person.on_break(today))
    offers = [offer for offer in offers if not offer.person.on_break(today)]
    counts = asked_counts([offer.person_id for offer in offers], today)
    records = records_of([o.person for o in offers]) if role else {}
    if role is not None:
        role = CommunityRole.objects.prefetch_related("courses").get(pk=role.pk)
    candidates = []
    for offer in offers:
        week, month = counts.get(offer.person_id, (0, 0))
        candidates.append(Candidate(
            person=offer.person, offer=offer, matched=matches(wanted, offer.skill_list()),
            available=offer.available(day, time),
            asked=week if offer.period_days() == 7 else month,
            missing=missing(role, records[offer.person_id], today) if role is not None
            else []))
    candidates.sort(key=Candidate.rank)
    return Search(candidates=candidates[:limit], on_break=resting, total=len(candidates))



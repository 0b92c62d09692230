"""The community record's part of a person's export and erasure (see people/rights.py)."""

import datetime
from typing import Any

from coproduce.people.models import Person
from coproduce.people.rights import Erasure

from .models import Agreement, Check, CourseTaken, Offer, RoleHolder, SupportSession


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def export_community(person: Person) -> dict[str, Any]:
    """Everything the community record holds about the person, their own data included."""
    offer = Offer.objects.filter(person=person).first()
    return {
        "roles": [{"role": h.role.name, "since": day(h.since), "ended_on": day(h.ended_on)}
                  for h in person.community_roles.select_related("role")],
        "training": [{"course": t.course.name, "taken_on": day(t.taken_on),
                      "provider": t.provider, "expires_on": day(t.expires_on)}
                     for t in person.courses_taken.select_related("course")],
        "checks": [{"level": c.level, "checked_on": day(c.checked_on),
                    "expires_on": day(c.expires_on),
                    # The number itself is shown only on its audited page.
                    "certificate_number_held": bool(c.certificate_number)}
                   for c in person.checks.all()],
        "support_sessions": [{"kind": s.kind, "on": day(s.on), "with": s.with_whom,
                              "notes": s.notes} for s in person.support_sessions.all()],
        "role_agreements": [{"role": a.role.name, "language": a.language, "what": a.what,
                             "time_asked": a.time_asked, "support": a.support,
                             "recognition": a.recognition, "contact": a.contact,
                             "review_on": day(a.review_on), "agreed_on": day(a.agreed_on)}
                            for a in person.role_agreements.select_related("role")],
        "offer": None if offer is None else {
            "skills": offer.skills, "interests": offer.interests,
            # Shown on the record only to those who may see special-category data.
            "lived_experience_held": bool(offer.lived_experience), "days": offer.days,
            "times": offer.times, "max_asks": offer.max_asks, "asks_per": offer.asks_per,
            "share_skills": offer.share_skills},
        "taking_a_break_until": day(person.break_until),
    }


def erase_community(erasure: Erasure) -> dict[str, int]:
    person = erasure.person
    counts = {}
    for name, model in [("roles", RoleHolder), ("training", CourseTaken), ("checks", Check),
                        ("support_sessions", SupportSession), ("role_agreements", Agreement),
                        ("offers", Offer)]:
        counts[name] = model.objects.filter(person=person).delete()[0]  # type: ignore[attr-defined]
    return counts


def last_active(person: Person) -> datetime.date | None:
    """The last supervision or debrief, or the start of their latest role."""
    dates = [s.on for s in person.support_sessions.order_by("-on")[:1]]
    dates += [h.since for h in person.community_roles.order_by("-since")[:1]]
    return max(dates) if dates else None

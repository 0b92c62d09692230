"""A meeting's accessibility checklist, derived from the recorded needs of who is coming.

`checklists(meetings)` builds the lists of many meetings in a fixed number of queries (the
dashboard checks every meeting of the next fortnight); `checklist(meeting)` is one of them.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coproduce.people.models import AccessNeed, NeedKind

from .models import Invitation, Meeting, MeetingStatus, Reply

PAPERS_NOTICE_DAYS = 7


@dataclass
class Item:
    label: str
    met: bool
    who: list[str]


# Given many meetings, return extra items for each (keyed by meeting id), in a fixed number
# of queries whatever the number of meetings.
Contributor = Callable[[Sequence[Meeting]], dict[int, list[Item]]]
_contributors: dict[str, Contributor] = {}


def register(key: str, contributor: Contributor) -> None:
    """Add items that a higher app knows of (such as hosts whose safeguarding check has
    lapsed) to every meeting's checklist: `contributor(meetings)` returns them per meeting."""
    _contributors[key] = contributor


def attendee_ids(meetings: Sequence[Meeting]) -> dict[int, set[int]]:
    """Who is invited to each meeting, in one query."""
    result: dict[int, set[int]] = {meeting.pk: set() for meeting in meetings}
    through = Meeting.attendees.through.objects.filter(meeting__in=[m.pk for m in meetings])
    for meeting_id, person_id in through.values_list("meeting_id", "person_id"):
        result[meeting_id].add(person_id)
    return result


def checklist(meeting: Meeting) -> list[Item]:
    """One item per need among the invited participants, met or not."""
    return checklists([meeting])[meeting.pk]


def checklists(meetings: Sequence[Meeting]) -> dict[int, list[Item]]:
    """Each meeting's checklist, in three queries plus one per contributor."""
    invited = attendee_ids(meetings)
    needs_of: dict[int, list[AccessNeed]] = {}
    for need in AccessNeed.objects.filter(
            person_id__in=set().union(*invited.values())).select_related(
            "person").order_by("person__name", "id"):
        needs_of.setdefault(need.person_id, []).append(need)
    support: dict[int, list[Invitation]] = {}
    for invitation in Invitation.objects.filter(
            meeting__in=[m.pk for m in meetings], reply=Reply.NEEDS_SUPPORT
            ).select_related("person").order_by("person__name", "id"):
        support.setdefault(invitation.meeting_id, []).append(invitation)
    extra = [contributor(meetings) for contributor in _contributors.values()]
    result = {}
    for meeting in meetings:
        needs = [need for person_id in invited[meeting.pk] for need in needs_of.get(person_id, [])]
        needs.sort(key=lambda need: (need.person.name, need.pk))
        items = need_items(meeting, needs)
        for contributed in extra:
            items += contributed.get(meeting.pk, [])
        result[meeting.pk] = items + [
            Item(label=_("Support asked for in their reply: %(what)s")
                 % {"what": invitation.support},
                 met=invitation.support_arranged, who=[invitation.person.name])
            for invitation in support.get(meeting.pk, [])]
    return result


def need_items(meeting: Meeting, access_needs: Sequence[AccessNeed]) -> list[Item]:
    """The items for the recorded needs of the meeting's invited participants."""
    needs: dict[str, list[str]] = {}
    languages: set[str] = set()
    for need in access_needs:
        needs.setdefault(need.kind, []).append(need.person.name)
        if need.kind == NeedKind.INTERPRETER and need.detail:
            languages.add(need.detail)
    in_time = (meeting.papers_sent_on is not None and meeting.papers_sent_on
               <= meeting.starts_at.date() - datetime.timedelta(days=PAPERS_NOTICE_DAYS))
    formats = set(meeting.paper_formats)
    online_only = bool(meeting.online_link) and not meeting.place
    checks = {
        NeedKind.BSL: (_("British Sign Language interpreter booked"), meeting.bsl_booked),
        NeedKind.INTERPRETER: (
            _("Interpreter booked (%(languages)s)") % {"languages": ", ".join(sorted(languages))
                                                       or _("language not recorded")},
            meeting.interpreter_booked),
        NeedKind.LARGE_PRINT: (
            _("Papers sent in large print at least %(days)s days before")
            % {"days": PAPERS_NOTICE_DAYS}, in_time and "large_print" in formats),
        NeedKind.EASY_READ: (
            _("Papers sent in easy read at least %(days)s days before")
            % {"days": PAPERS_NOTICE_DAYS}, in_time and "easy_read" in formats),
        NeedKind.STEP_FREE: (_("Step-free access to the venue"),
                             meeting.step_free or online_only),
        NeedKind.HEARING_LOOP: (_("Hearing loop at the venue"),
                                meeting.hearing_loop or online_only),
        NeedKind.CHILDCARE: (_("Childcare offered"), meeting.childcare_offered),
        NeedKind.TRAVEL: (_("Travel support offered"), meeting.travel_offered or online_only),
    }
    return [Item(label=str(label), met=bool(met), who=needs[kind])
            for kind, (label, met) in checks.items() if kind in needs]


def warnings(meeting: Meeting) -> list[str]:
    """What is wrong with the meeting as a joint, accessible meeting."""
    result = [_("Not yet done: %(item)s (needed by %(who)s).")
              % {"item": item.label, "who": ", ".join(item.who)}
              for item in checklist(meeting) if not item.met]
    if meeting.status != MeetingStatus.CANCELLED:
        has_staff = meeting.staff.exists()
        has_participants = meeting.attendees.exists()
        if has_staff and not has_participants:
            result.append(_("Only staff are invited. Co-production meetings are joint: "
                            "invite participants too."))
        elif has_participants and not has_staff:
            result.append(_("Only participants are invited. Co-production meetings are joint: "
                            "invite staff too."))
    return result

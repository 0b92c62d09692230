"""What participants put forward in their projects, and how it is decided.

A participant proposes an agenda item (for one of the project's upcoming meetings) or a
decision; it waits, in the "proposed" state, until staff or the panel decide it. Agreeing an
agenda item adds it to the meeting's agenda; agreeing a decision records it in the project's
decision log as proposed by a participant, so the project's typology counts it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Meeting,
    MeetingStatus,
    Method,
    Project,
    Proposal,
    ProposalKind,
    ProposalState,
    Side,
)


def propose(project: Project, person: Any, user: Any, kind: str, text: str,
            meeting: Meeting | None = None) -> Proposal:
    """Put forward an agenda item or a decision; an agenda item needs an upcoming meeting."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what you propose.")})
    if kind == ProposalKind.AGENDA_ITEM and (
            meeting is None or meeting.project_id != project.pk
            or meeting.status != MeetingStatus.UPCOMING):
        raise ValidationError({"meeting": _("Choose an upcoming meeting of this project.")})
    return Proposal.objects.create(project=project, person=person, proposed_by=user,
                                   kind=kind, text=text[:2000],
                                   meeting=meeting if kind == ProposalKind.AGENDA_ITEM else None)


@transaction.atomic
def decide(proposal: Proposal, agree: bool, by: Any, answer: str = "",
           method: str = Method.STAFF) -> Proposal:
    """Agree or decline a proposal once; agreeing puts it on the agenda or in the log."""
    # Lock the proposal's own row: PostgreSQL refuses to lock the optional meeting's side.
    locked = (Proposal.objects.select_for_update(of=("self",))
              .select_related("meeting", "project").get(pk=proposal.pk))
    if locked.state != ProposalState.PROPOSED:
        raise ValidationError(_("This proposal has already been decided."))
    if not agree and not answer.strip():
        raise ValidationError({"answer": _("Say why it was not agreed, so they know.")})
    if agree and locked.kind == ProposalKind.AGENDA_ITEM and locked.meeting is not None:
        meeting = locked.meeting
        meeting.agenda = "\n".join(part for part in (meeting.agenda.rstrip(), locked.text)
                                   if part)[:5000]
        meeting.save(update_fields=["agenda"])
    if agree and locked.kind == ProposalKind.DECISION:
        locked.decision = locked.project.record_decision(
            locked.text, proposed_by=Side.PARTICIPANT, method=method, by=by)
    locked.state = ProposalState.ACCEPTED if agree else ProposalState.DECLINED
    locked.answer, locked.decided_by, locked.decided_at = answer.strip()[:500], by, timezone.now()
    locked.save()
    return locked

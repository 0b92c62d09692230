"""The rounds and surveys a participant was invited to, for their "Your part" page.

Registered with the projects app when the app starts (projects may not import assessments).
Two queries, whatever the number of invitations.
"""

from typing import Any

from django.utils.translation import gettext as _

from coproduce.projects.participation import ToDo

from .models import Invitation, Questionnaire, Response, ResponseStatus, member_key


def invited(membership: Any, person: Any) -> list[ToDo]:
    """What the person was invited to answer and is still open, and whether they have."""
    invitations = list(Invitation.objects.filter(person=person)
                       .select_related("round__organisation", "survey__occasion",
                                       "survey__organisation"))
    subjects: dict[tuple[str, int], tuple[Questionnaire, bool]] = {}
    for invitation in invitations:
        subject = invitation.subject
        if subject.is_open:
            key = (subject.subject_field, subject.pk)
            used = invitation.used_at is not None or subjects.get(key, (subject, False))[1]
            subjects[key] = (subject, used)
    keys = {member_key(subject, membership.user_id): key
            for key, (subject, _used) in subjects.items()}
    answered = {keys[member] for member in Response.objects.filter(
        member__in=list(keys), status=ResponseStatus.SUBMITTED).values_list("member", flat=True)}
    return [ToDo(title=str(subject), url=subject.url("answer"), done=used or key in answered,
                 state=_("Answered") if used or key in answered else _("To answer"))
            for key, (subject, used) in subjects.items()]

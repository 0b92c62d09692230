"""Taking answers: from a signed-in member, through a single-use link, or from paper.

No response is counted twice: a member has one response per round (a database constraint
on a key derived from their account), a link has one response (a one-to-one link, claimed
with a conditional update inside the same transaction as the submission), and a paper form
with a reference can be entered once (a database constraint).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import AnswerForm
from .models import (
    AnsweredHow,
    Invitation,
    Questionnaire,
    Response,
    ResponseStatus,
    member_key,
)


class LinkRefused(Exception):
    """The link was used, or expired, between showing the form and sending it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def member_response(subject: Questionnaire, user: Any) -> Response | None:
    return subject.responses().filter(member=member_key(subject, user.pk)).first()


def links_left(subject: Questionnaire, person: Any) -> bool:
    """Whether the person still holds an unused link to `subject` (none: they answered)."""
    return Invitation.objects.filter(**{subject.subject_field: subject}, person=person,
                                     used_at__isnull=True).exists()


def save_member_answers(subject: Questionnaire, user: Any, form: AnswerForm,
                        submit: bool, person: Any = None) -> Response:
    """Keep a signed-in member's answers as a draft, or submit them.

    A participant answering signed in uses up the links they were sent, so that their
    answers are counted once however they come.
    """
    with transaction.atomic():
        if submit and person is not None:
            Invitation.objects.filter(**{subject.subject_field: subject}, person=person,
                                      used_at__isnull=True).update(used_at=timezone.now())
        response, _created = Response.objects.get_or_create(
            **{subject.subject_field: subject}, member=member_key(subject, user.pk),
            defaults={"organisation": subject.organisation, "how": AnsweredHow.SIGNED_IN,
                      "role": form.cleaned_data["role"], "easy_read": form.easy_read,
                      "user": None if subject.anonymous else user},
        )
        if response.is_submitted:
            raise ValidationError(_("You have already sent your answers."))
        response.role = form.cleaned_data["role"]
        response.save(update_fields=["role"])
        response.record(form.values(), form.cleaned_data.get("comment", ""), submit=submit)
    return response


def save_link_answers(invitation: Invitation, form: AnswerForm, submit: bool) -> Response:
    """Keep answers given through a link as a draft, or submit them and use up the link."""
    with transaction.atomic():
        if submit and not invitation.claim():
            raise LinkRefused(invitation.refusal() or "used")
        response, _created = Response.objects.get_or_create(
            invitation=invitation,
            defaults={"organisation": invitation.organisation, "round": invitation.round,
                      "survey": invitation.survey, "role": invitation.role,
                      "how": AnsweredHow.LINK, "easy_read": form.easy_read},
        )
        if response.is_submitted:
            raise LinkRefused("used")
        response.record(form.values(), form.cleaned_data.get("comment", ""), submit=submit)
    return response


def enter_paper(subject: Questionnaire, user: Any, form: AnswerForm) -> Response:
    """Record a paper form that staff type in, marking who entered it.

    People may leave questions blank on paper, so gaps are kept as gaps.
    """
    reference = form.cleaned_data.get("paper_reference", "")
    values = form.values()
    if not values:
        raise ValidationError(_("Enter at least one answer from the paper form."))
    try:
        with transaction.atomic():
            response = Response.objects.create(
                organisation=subject.organisation, **{subject.subject_field: subject},
                role=form.cleaned_data["role"], how=AnsweredHow.PAPER, entered_by=user,
                paper_reference=reference, easy_read=form.easy_read,
                status=ResponseStatus.DRAFT,
            )
            response.record(values, form.cleaned_data.get("comment", ""), submit=True,
                            complete=False)
    except IntegrityError as error:
        raise ValidationError(
            _("A paper form with the reference %(reference)s has already been entered.")
            % {"reference": reference}) from error
    return response

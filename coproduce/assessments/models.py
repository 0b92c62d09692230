"""Assessment rounds, co-assessment surveys, single-use links, responses and action plans.

A round (or survey) keeps a copy of the framework it asks about, so its results never change
when a framework file is revised. Responses come in three ways: a member signed in, a person
with a single-use link, or staff entering a paper form. Only submitted responses count.
"""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Role

from .frameworks import Framework

TOKEN_BYTES = 32


class RespondentRole(models.TextChoices):
    STAFF = "staff", _("Staff")
    TRUSTEE = "trustee", _("Trustee")
    VOLUNTEER = "volunteer", _("Volunteer")
    LIVED_EXPERIENCE = "lived_experience", _("Person with lived experience")


# The respondent role a member is offered first, from their role in the organisation.
ROLE_FOR_MEMBER: dict[str, str] = {
    Role.ADMIN.value: RespondentRole.STAFF.value,
    Role.COORDINATOR.value: RespondentRole.STAFF.value,
    Role.VIEWER.value: RespondentRole.TRUSTEE.value,
    Role.PEER_MENTOR.value: RespondentRole.VOLUNTEER.value,
    Role.PANEL_MEMBER.value: RespondentRole.LIVED_EXPERIENCE.value,
}


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyKind(models.TextChoices):
    PULSE = "pulse", _("After a meeting")
    OUTCOMES = "outcomes", _("Participant outcomes")


# The survey form (a file under surveys/) each kind of survey asks.
SURVEY_FORMS = {SurveyKind.PULSE: "meeting-pulse", SurveyKind.OUTCOMES: "participant-outcomes"}


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AnsweredHow(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    LINK = "link", _("Single-use link")
    PAPER = "paper", _("Paper form entered by staff")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Questionnaire(models.Model):
    """What rounds and surveys share: a copy of the questions, an owner, open or closed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    framework_key = models.CharField(_("framework"), max_length=60)
    framework_version = models.PositiveIntegerField(default=1)
    framework_data = models.JSONField(default=dict, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    anonymous = models.BooleanField(
        _("anonymous"), default=True,
        help_text=_("Do not record which members answered. Answers are only ever shown "
                    "added together."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    subject_field: ClassVar[str]
    url_prefix: ClassVar[str]

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.url("detail")

    @cached_property
    def questions(self) -> Framework:
        return Framework.from_data(self.framework_data)

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def allowed_roles(self) -> list[str]:
        return list(RespondentRole.values)

    def url(self, view: str) -> str:
        return reverse(f"assessments:{self.url_prefix}_{view}",
                       kwargs={"org_slug": self.organisation.slug,
                               f"{self.url_prefix}_id": self.pk})

    def responses(self) -> "models.QuerySet[Response]":
        return Response.objects.filter(**{self.subject_field: self})

    def submitted(self) -> "models.QuerySet[Response]":
        return self.responses().filter(status=ResponseStatus.SUBMITTED)

    def set_status(self, status: str) -> None:
        self.status = status
        self.save(update_fields=["status"])

    def use_framework(self, key: str, data: dict[str, Any]) -> None:
        """Keep a copy of the framework's current version with this round or survey."""
        self.framework_key, self.framework_version = key, data["version"]
        self.framework_data = data


class Round(Questionnaire):
    """One run of a framework as a self-assessment, answered by several kinds of people."""

    title = models.CharField(_("title"), max_length=150)
    roles = models.JSONField(_("who is asked"), default=list)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)

    subject_field = "round"
    url_prefix = "round"

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "framework_key", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def allowed_roles(self) -> list[str]:
        return [role for role in RespondentRole.values if role in self.roles]

    def role_labels(self) -> list[str]:
        labels = dict(RespondentRole.choices)
        return [str(labels[role]) for role in self.allowed_roles]

    def earlier_rounds(self, limit: int = 3) -> "models.QuerySet[Round]":
        """Return up to `limit` earlier rounds of the same framework, newest first."""
        return Round.objects.filter(
            organisation=self.organisation, framework_key=self.framework_key,
            created_at__lt=self.created_at,
        ).order_by("-created_at", "-id")[:limit]


class Occasion(models.Model):
    """A dated activity a survey follows: a meeting, an event, a project milestone."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    title = models.CharField(_("what it was"), max_length=150)
    on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.on:%Y-%m-%d})"


class Survey(Questionnaire):
    """A short co-assessment survey after a meeting or at a project milestone."""

    kind = models.CharField(_("kind of survey"), max_length=10, choices=SurveyKind.choices)
    occasion = models.ForeignKey(Occasion, on_delete=models.PROTECT, related_name="surveys",
                                 verbose_name=_("occasion"))

    subject_field = "survey"
    url_prefix = "survey"

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.occasion.title}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class Invitation(models.Model):
    """A single-use link for someone without a login. Only a hash of its token is stored."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="invitations")
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Who it was sent to, when staff said so: their timeline shows the link, never the answers.
    person = models.ForeignKey("people.Person", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="assessment_links")
    role = models.CharField(_("who it is for"), max_length=20, choices=RespondentRole.choices)
    easy_read = models.BooleanField(_("open in easy read"), default=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(round__isnull=False, survey__isnull=True)
                | models.Q(round__isnull=True, survey__isnull=False),
                name="invitation_for_one_round_or_survey",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.pk})"

    @classmethod
    def issue(cls, subject: Questionnaire, role: str, days: int, easy_read: bool = False,
              by: Any = None, person: Any = None) -> tuple["Invitation", str]:
        """Make a link for `subject`; return it with its token, which is shown only once."""
        token = new_token()
        invitation = cls.objects.create(
            organisation=subject.organisation, **{subject.subject_field: subject},
            token_hash=hash_token(token), role=role, easy_read=easy_read,
            expires_at=timezone.now() + datetime.timedelta(days=days), created_by=by,
            person=person,
        )
        return invitation, token

    @classmethod
    def find(cls, org_slug: str, token: str) -> "Invitation | None":
        """Return the link with `token` if it belongs to the organisation named in the URL."""
        return (cls.objects.select_related("organisation", "round", "survey",
                                           "survey__occasion")
                .filter(token_hash=hash_token(token), organisation__slug=org_slug).first())

    @property
    def subject(self) -> Questionnaire:
        subject = self.round or self.survey
        assert subject is not None  # the check constraint guarantees one of them
        return subject

    def refusal(self) -> str:
        """Return why this link can no longer be used, or '' if it can."""
        if self.used_at is not None:
            return "used"
        if self.expires_at <= timezone.now():
            return "expired"
        if not self.subject.is_open:
            return "closed"
        return ""

    def claim(self) -> bool:
        """Mark the link used; return False if another request used it first."""
        now = timezone.now()
        claimed = Invitation.objects.filter(
            pk=self.pk, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        if claimed:
            self.used_at = now
        return bool(claimed)


def member_key(subject: Questionnaire, user_id: int) -> str:
    """Return a key that tells one member's response apart without naming them."""
    message = f"{subject.subject_field}:{subject.pk}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class Response(models.Model):
    """One person's answers to one round or survey: a draft until it is submitted."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="round_responses")
    survey = models.ForeignKey(Survey, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="survey_responses")
    role = models.CharField(_("answering as"), max_length=20, choices=RespondentRole.choices)
    status = models.CharField(max_length=10, choices=ResponseStatus.choices,
                              default=ResponseStatus.DRAFT)
    how = models.CharField(max_length=10, choices=AnsweredHow.choices)
    easy_read = models.BooleanField(default=False)
    # A link's response is tied to the link: one response per link, enforced by the database.
    invitation = models.OneToOneField(Invitation, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="response")
    member = models.CharField(max_length=64, blank=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    paper_reference = models.CharField(_("reference on the paper form"), max_length=40,
                                       blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(round__isnull=False, survey__isnull=True)
                | models.Q(round__isnull=True, survey__isnull=False),
                name="response_to_one_round_or_survey",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_response_has_a_time",
            ),
            models.UniqueConstraint(fields=["round", "member"], condition=~models.Q(member=""),
                                    name="one_response_per_member_per_round"),
            models.UniqueConstraint(fields=["survey", "member"], condition=~models.Q(member=""),
                                    name="one_response_per_member_per_survey"),
            models.UniqueConstraint(fields=["round", "paper_reference"],
                                    condition=~models.Q(paper_reference=""),
                                    name="one_entry_per_paper_form_per_round"),
            models.UniqueConstraint(fields=["survey", "paper_reference"],
                                    condition=~models.Q(paper_reference=""),
                                    name="one_entry_per_paper_form_per_survey"),
        ]
        indexes = [models.Index(fields=["round", "status"]),
                   models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.get_status_display()}"

    @property
    def subject(self) -> Questionnaire:
        subject = self.round or self.survey
        assert subject is not None
        return subject

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED

    def answer_values(self) -> dict[str, int | None]:
        return {answer.item_key: answer.value for answer in self.answers.all()}

    def record(self, values: Mapping[str, int | None], comment: str = "",
               submit: bool = False, complete: bool | None = None) -> None:
        """Replace the answers (None means "don't know"); refuse any outside the scale.

        Submitting needs an answer to every statement unless `complete` is False (paper
        forms, where people leave gaps); a draft may always have gaps.
        """
        questions = self.subject.questions
        check_answers(questions, values, complete=submit if complete is None else complete)
        areas = {item.key: item.area_key for item in questions.items}
        with transaction.atomic():
            self.answers.all().delete()
            Answer.objects.bulk_create(
                Answer(response=self, item_key=key, area_key=areas[key], value=value)
                for key, value in values.items()
            )
            self.comment = comment
            fields = ["comment"]
            if submit:
                self.status, self.submitted_at = ResponseStatus.SUBMITTED, timezone.now()
                fields += ["status", "submitted_at"]
            self.save(update_fields=fields)


def check_answers(questions: Framework, values: Mapping[str, int | None],
                  complete: bool) -> None:
    """Raise ValidationError for an unknown statement, a value off the scale or a gap."""
    keys = {item.key for item in questions.items}
    for key, value in values.items():
        if key not in keys:
            raise ValidationError(gettext("There is no statement called %(key)s.")
                                  % {"key": key})
        if value is not None and not questions.scale.contains(value):
            raise ValidationError(
                gettext("Answers must be from %(low)s to %(high)s.")
                % {"low": questions.scale.minimum, "high": questions.scale.maximum})
    if complete and keys - set(values):
        raise ValidationError(gettext("Answer every statement before sending."))


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=60)
    area_key = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item_key"],
                                    name="one_answer_per_statement"),
            models.CheckConstraint(condition=models.Q(value__isnull=True)
                                   | models.Q(value__lte=10),
                                   name="answer_within_largest_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.value}"


class PlannedActionQuerySet(models.QuerySet["PlannedAction"]):
    def still_open(self) -> "PlannedActionQuerySet":
        return self.exclude(status=ActionStatus.DONE)


class PlannedAction(models.Model):
    """One thing the organisation will do about a weak area of an assessment."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    area_key = models.CharField(_("area"), max_length=60)
    title = models.CharField(_("what will be done"), max_length=200)
    owner = models.CharField(
        _("who will do it"), max_length=150,
        help_text=_("A name or a role. It does not have to be someone with a login."),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlannedActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:action_edit",
                       kwargs={"org_slug": self.organisation.slug, "action_id": self.pk})

    @property
    def area_name(self) -> str:
        area = self.round.questions.area(self.area_key)
        return str(area.name) if area else self.area_key

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < (today or timezone.localdate())

"""The outbox's rows: one notice per message to one person, with its state and history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    CALL = "call", _("Phone call")
    NONE = "none", _("No way to contact")


class State(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    TO_PRINT = "to_print", _("Letter to print")
    PRINTED = "printed", _("Letter printed")
    TO_CALL = "to_call", _("Call to make")
    CALLED = "called", _("Call made")
    UNREACHABLE = "unreachable", _("Cannot be contacted")


# States that still need someone (or the worker) to act.
PENDING_STATES = {State.QUEUED.value, State.TO_PRINT.value, State.TO_CALL.value}
# A failed email and an unreachable person need a member of staff to decide what to do.
NEEDS_STAFF_STATES = {State.FAILED.value, State.UNREACHABLE.value}


class Purpose(models.TextChoices):
    OUTCOME = "outcome", _("What happened to what they said")
    PROGRESS = "progress", _("Progress on what they said")
    CORRECTION = "correction", _("A correction")
    RECEIPT = "receipt", _("Receipt for what they said")
    INVITATION = "invitation", _("Meeting invitation")
    ASSESSMENT = "assessment", _("Link to answer an assessment or survey")
    OTHER = "other", _("Other")


class Notice(models.Model):
    """One message to one person, in one way; the text is kept exactly as it was sent."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="notices")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, null=True,
                               blank=True, related_name="notices")
    # A member of staff (a login, not a People record): meeting invitations and reminders.
    to_member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=5, default="en")
    large_print = models.BooleanField(_("large print"), default=False)
    to_email = models.EmailField(blank=True)
    reference = models.CharField(max_length=100, blank=True, db_index=True)
    key = models.CharField(max_length=150, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "method"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], condition=~models.Q(key=""),
                                    name="one_notice_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to {self.addressee} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", kwargs={"org_slug": self.organisation.slug,
                                                 "notice_id": self.pk})

    @property
    def addressee(self) -> str:
        """Who it is to: the person's name, or the staff member's email address."""
        if self.person is not None:
            return self.person.name
        return self.to_email or (self.to_member.email if self.to_member else "")

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES


class Attachment(models.Model):
    """A file sent with an email notice (a calendar invitation, say); printed letters omit it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    mimetype = models.CharField(max_length=100, default="application/octet-stream")

    def __str__(self) -> str:
        return self.filename

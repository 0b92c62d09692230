from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    SENSITIVE_VIEWED = "sensitive_viewed", _("Viewed special-category information")
    SENSITIVE_CHANGED = "sensitive_changed", _("Changed special-category information")
    EXPORT = "export", _("Exported data")
    IMPORT = "import", _("Imported data")
    CONSENT_CHANGED = "consent_changed", _("Changed consent")
    ROLE_CHANGED = "role_changed", _("Changed a role")
    MEMBER_ADDED = "member_added", _("Added a member")
    VOICE_CORRECTED = "voice_corrected", _("Corrected a voice")
    VOICES_CHANGED = "voices_changed", _("Changed many voices at once")
    VOICE_REMOVED = "voice_removed", _("Removed a voice")
    VOICE_PURGED = "voice_purged", _("Deleted a voice for good")


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE,
        related_name="audit_events",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    target = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"

    @classmethod
    def for_organisation(cls, organisation: Any) -> "models.QuerySet[AuditEvent]":
        """Return the organisation's events and the sign-ins of its members."""
        return cls.objects.filter(
            models.Q(organisation=organisation)
            | models.Q(organisation__isnull=True, user__memberships__organisation=organisation)
        ).select_related("user").distinct()


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    organisation: Any = None,
    target: object = "",
    **detail: Any,
) -> AuditEvent:
    """Write one audit event; the user and organisation default to the request's."""
    if request is not None:
        user = user or (request.user if request.user.is_authenticated else None)
        organisation = organisation or getattr(request, "organisation", None)
    return AuditEvent.objects.create(
        action=action,
        user=user,
        organisation=organisation,
        target=str(target)[:300],
        detail=detail,
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )

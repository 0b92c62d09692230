from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coproduce.lib.addresses import client_address


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
    MEMBER_REMOVED = "member_removed", _("Removed a member")
    PERSON_EXPORTED = "person_exported", _("Exported everything held about a person")
    PERSON_ERASED = "person_erased", _("Erased a person")
    FEED_REVOKED = "feed_revoked", _("Revoked a calendar feed")
    SCORES_CHANGED = "scores_changed", _("Changed scores already submitted")


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
        ip_address=client_address(request) if request is not None else None,
    )


def _scrubbed(value: Any, identifying: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        for text in sorted(identifying, key=len, reverse=True):
            if text.lower() in value.lower():
                return "[removed]"
        return value
    if isinstance(value, list):
        return [_scrubbed(item, identifying) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, identifying) for key, item in value.items()}
    return value


def forget(organisation: Any, target: str, identifying: tuple[str, ...]) -> int:
    """Rewrite the entries that name an erased person so that none does; return how many.

    Entries about them (target `target`) keep what happened, when and by whom, with the target
    replaced; any other mention of their name, e-mail and the like, in the target or the
    details, is taken out. Sign-in entries (no organisation) are searched too.
    """
    mentions = models.Q(target=target)
    for text in identifying:
        mentions |= models.Q(target__icontains=text) | models.Q(detail_text__icontains=text)
    events = (AuditEvent.objects.annotate(detail_text=Cast("detail", models.TextField()))
              .filter(models.Q(organisation=organisation) | models.Q(organisation__isnull=True))
              .filter(mentions))
    changed = 0
    for event in events:
        event.target = "erased person" if event.target == target else str(
            _scrubbed(event.target, identifying))
        event.detail = _scrubbed(event.detail, identifying)
        event.save(update_fields=["target", "detail"])
        changed += 1
    return changed

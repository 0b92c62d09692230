import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishedReport(models.Model):
    """A report as it was sent: figures, rates and quotes frozen in English and Welsh."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="published_reports")
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    fund = models.ForeignKey("commissioning.Fund", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    project_title = models.CharField(max_length=310, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="next_version")
    content = models.JSONField(default=dict)  # {"en": report, "cy": report}
    changes = models.JSONField(default=list)  # [[section, measure, was, now], ...]
    note = models.CharField(_("what this version corrects or adds"), max_length=500,
                            blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.start} – {self.end} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:published", kwargs={"org_slug": self.organisation.slug,
                                                    "report_id": self.pk})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(models.Model):
    """A secret address that lets someone without an account read one published report
    until it expires or is revoked. Only the token's hash is kept."""

    report = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="shares")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    shared_with = models.CharField(_("who it is for"), max_length=150)
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.shared_with

    def is_live(self, today: datetime.date | None = None) -> bool:
        return self.revoked_at is None and (today or timezone.localdate()) <= self.expires_on


class PublicationStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for the worker")
    BUILDING = "building", _("being built")
    DONE = "done", _("published")
    FAILED = "failed", _("failed")


class Publication(models.Model):
    """A request to publish a report, recorded by the Publish button and carried out by the
    worker, which builds both languages and freezes them as a PublishedReport. The key comes
    from the form, so a second click on the same button finds this request again."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="publications")
    key = models.CharField(max_length=64)
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    fund = models.ForeignKey("commissioning.Fund", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    note = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=PublicationStatus.choices,
                              default=PublicationStatus.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=500, blank=True)
    report = models.OneToOneField(PublishedReport, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="publication")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"],
                                               name="one_publication_per_click")]

    def __str__(self) -> str:
        return f"{self.start} – {self.end} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("reports:publication", kwargs={"org_slug": self.organisation.slug,
                                                      "publication_id": self.pk})

    @property
    def in_progress(self) -> bool:
        return self.status in (PublicationStatus.WAITING, PublicationStatus.BUILDING)

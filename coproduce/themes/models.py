"""What the themes engine's results are stored as; the engine itself knows nothing of Django."""

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A group of similar voices: proposed by the engine, named and confirmed by staff."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="themes")
    key = models.CharField(max_length=64)  # the engine's id, kept across re-groupings
    label = models.CharField(_("name"), max_length=150)
    keywords = models.JSONField(default=list, blank=True)
    representative = models.ForeignKey("voices.Voice", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    confirmed = models.BooleanField(_("confirmed by staff"), default=False)
    locked = models.BooleanField(default=False, help_text="Named, merged or split by a person.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"],
                                               name="unique_theme_key")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("themes:detail",
                       kwargs={"org_slug": self.organisation.slug, "theme_id": self.pk})

    @property
    def protected(self) -> bool:
        return self.confirmed or self.locked


class Placement(models.Model):
    """The theme one voice is in. `pinned`: a person put it there, and it stays."""

    voice = models.OneToOneField("voices.Voice", on_delete=models.CASCADE,
                                 related_name="placement")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="placements")
    pinned = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.voice_id} in {self.theme}"


class Exclusion(models.Model):
    """A person took this voice out of this theme: re-grouping never puts it back."""

    voice = models.ForeignKey("voices.Voice", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="exclusions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voice", "theme"],
                                               name="one_exclusion")]

    def __str__(self) -> str:
        return f"{self.voice_id} not in {self.theme_id}"


class VoiceVector(models.Model):
    """A voice's embedding, packed by the engine with the model and text it came from."""

    voice = models.OneToOneField("voices.Voice", on_delete=models.CASCADE,
                                 related_name="vector")
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"vector of {self.voice_id}"


STALE_AFTER = datetime.timedelta(minutes=30)  # 100,000 voices group in under 10 minutes


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Grouping")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Regrouping(models.Model):
    """One run of the grouping, so its progress and outcome can be shown."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="regroupings")
    status = models.CharField(max_length=10, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    backend = models.CharField(max_length=20, blank=True)
    message = models.CharField(max_length=300, blank=True)
    themes = models.PositiveIntegerField(default=0)
    ungrouped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.status}"

    @property
    def stale(self) -> bool:
        """Queued or running for longer than any grouping takes: the worker stopped."""
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING) and (
            self.created_at < timezone.now() - STALE_AFTER)

    def summary(self) -> dict[str, Any]:
        return {"status": self.status, "backend": self.backend, "message": self.message,
                "themes": self.themes, "ungrouped": self.ungrouped}

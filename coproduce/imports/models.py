import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A writing import that has not moved for this long died (a killed worker or command); the next
# import of its organisation cleans it up.
STALE_AFTER = datetime.timedelta(minutes=10)


class State(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    QUEUED = "queued", _("Waiting to be imported")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    ABANDONED = "abandoned", _("Abandoned")


class Upload(models.Model):
    """One file brought in: where it is, how its columns map, and what importing it did.

    Rows an import writes carry its id and stay invisible until it is done, so an import
    appears all at once or not at all.
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="uploads")
    kind = models.CharField(max_length=20)  # which importer: "voices", "people"
    filename = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)  # the stored file, while it is needed
    columns = models.JSONField(default=list)  # keys of the columns, as rows name them
    headers = models.JSONField(default=list)  # the same, as the file writes them
    mapping = models.JSONField(default=dict)  # {column: field}
    add_people = models.BooleanField(default=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.UPLOADED)
    report = models.JSONField(default=dict)
    problem = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "kind", "state"]),
                   models.Index(fields=["state"])]

    def __str__(self) -> str:
        return self.filename

    def is_stale(self) -> bool:
        return (self.state == State.WRITING
                and timezone.now() - self.heartbeat_at > STALE_AFTER)


class SavedMapping(models.Model):
    """How the last file with these exact headers was mapped, offered for the next one."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    kind = models.CharField(max_length=20)
    signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "kind", "signature"],
                                               name="one_saved_mapping")]

    def __str__(self) -> str:
        return f"{self.kind} {self.signature[:8]}"

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language

MAX_TEXT = 10_000


class Channel(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    PAPER = "paper", _("Paper form")
    WEB = "web", _("Web form")
    EASY_READ = "easy_read", _("Easy-read form")
    EVENT = "event", _("Event")
    SURVEY = "survey", _("Survey")
    IMPORT = "import", _("Import")
    API = "api", _("API")


class Kind(models.TextChoices):
    IDEA = "idea", _("Idea")
    CONCERN = "concern", _("Concern")
    COMPLIMENT = "compliment", _("Compliment")
    QUESTION = "question", _("Question")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CONSIDERING = "considering", _("Considering")
    BACK_BURNER = "back_burner", _("Back burner")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


OUTCOME_STATUSES = {Status.DONE.value, Status.NOT_POSSIBLE.value}


class Tag(models.Model):
    """A free label; until automatic themes exist, tags are how voices are grouped."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_tag_name")
        ]

    def __str__(self) -> str:
        return self.name


class VoiceQuerySet(models.QuerySet["Voice"]):
    pass


class VoiceManager(models.Manager["Voice"]):
    """Voices still in the record: a removed voice is hidden everywhere, and so are the rows
    of an import still being written (or abandoned), until it is done."""

    def get_queryset(self) -> VoiceQuerySet:
        from coproduce.imports.models import State, Upload

        unfinished = Upload.objects.filter(state__in=[State.WRITING, State.ABANDONED,
                                                      State.FAILED]).values("pk")
        return (VoiceQuerySet(self.model, using=self._db).filter(removed_at__isnull=True)
                .exclude(import_run__in=unfinished))


class Voice(models.Model):
    """One thing one person (or group) said, through one channel, on one date."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="voices"
    )
    text = models.TextField(_("what they said"), max_length=MAX_TEXT)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    heard_on = models.DateField(_("date heard"))
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="voices", verbose_name=_("who said it"),
    )
    on_behalf = models.BooleanField(
        _("recorded on their behalf"), default=False,
        help_text=_("Tick if a member of staff wrote this down for them."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Nullable so SQLite adds the column in place; True when a peer mentor or volunteer
    # (recorded_by) heard it and logged it, None otherwise.
    heard_by_peer = models.BooleanField(_("heard by a peer"), null=True, blank=True,
                                        editable=False)
    group = models.ForeignKey(
        "people.Group", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="voices", verbose_name=_("group or community it speaks for"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEA)
    tags = models.ManyToManyField(Tag, blank=True, related_name="voices",
                                  verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NEW)
    outcome = models.TextField(_("outcome"), max_length=MAX_TEXT, blank=True)
    outcome_public = models.BooleanField(
        _("show on the public “You said, we did” page"), default=False)
    public_summary = models.TextField(
        _("summary for the public page"), max_length=1000, blank=True,
        help_text=_("In your own words, with nothing that identifies anyone. Leave empty to "
                    "show their words, which is done only if they agreed to be quoted."),
    )
    # db_default: the importer writes rows with raw SQL that does not name this column.
    waiting_reason = models.CharField(
        _("why it waits"), max_length=300, blank=True, default="", db_default="",
        help_text=_("For ideas on the back burner: for example, no funding yet."))
    review_on = models.DateField(_("look at it again on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_voices", verbose_name=_("assigned to"),
    )
    external_id = models.CharField(_("reference in another system"), max_length=100,
                                   blank=True)
    import_key = models.CharField(max_length=100, blank=True, editable=False)
    import_run = models.ForeignKey("imports.Upload", null=True, blank=True, editable=False,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_index=False)
    contact_name = models.CharField(_("name they gave"), max_length=150, blank=True)
    contact = models.CharField(_("contact details they gave"), max_length=254, blank=True)
    # Only nullable columns here: SQLite then adds them in place, keeping the search triggers.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VoiceManager()
    everything = models.Manager()  # noqa: DJ012 - imports, erasure and removal see every row

    class Meta:
        base_manager_name = "everything"
        ordering = ["-heard_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-heard_on", "-id"]),
            models.Index(fields=["organisation", "status", "-heard_on"]),
            models.Index(fields=["organisation", "channel", "-heard_on"]),
            models.Index(fields=["organisation", "person", "heard_on"]),
            models.Index(fields=["organisation", "group", "heard_on"]),
            models.Index(fields=["organisation", "updated_at"]),
            models.Index(fields=["import_run"], condition=models.Q(import_run__isnull=False),
                         name="voice_import_run"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_key"], condition=~models.Q(import_key=""),
                name="unique_voice_import_key",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("voices:detail",
                       kwargs={"org_slug": self.organisation.slug, "voice_id": self.pk})

    @staticmethod
    def content_key(text: str, heard_on: datetime.date, channel: str, who: str) -> str:
        """A key for voices without an external id, so re-imports add nothing twice."""
        basis = "\x1f".join([" ".join(text.split()).lower(), heard_on.isoformat(), channel,
                             who.lower()])
        return "hash:" + hashlib.sha256(basis.encode()).hexdigest()[:40]

    @transaction.atomic
    def change_status(self, status: str, by: Any, outcome: str = "", note: str = "") -> None:
        """Move to `status`, keeping a dated history; done and not possible need an outcome."""
        if status in OUTCOME_STATUSES and not outcome.strip():
            raise ValidationError({"outcome": _("Say what was done, or why it was not possible.")})
        # Lock the row and read the status afresh, so that concurrent changes queue up and
        # each history entry starts where the one before it ended.
        current = Voice.objects.select_for_update().only("status", "outcome").get(pk=self.pk)
        StatusChange.objects.create(voice=self, from_status=current.status, to_status=status,
                                    by=by, note=note)
        self.status = status
        self.outcome = outcome.strip() if status in OUTCOME_STATUSES else current.outcome
        self.save(update_fields=["status", "outcome", "updated_at"])

    def raisers(self) -> list[Any]:
        """Everyone who raised this or asked to be kept in touch about it."""
        people = {interest.person_id: interest.person
                  for interest in self.interests.select_related("person")}
        if self.person is not None:
            people.setdefault(self.person.pk, self.person)
        return list(people.values())


class StatusChange(models.Model):
    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class VoiceRemoval(models.Model):
    """Why and by whom a voice was removed (hidden everywhere until put back or purged)."""

    voice = models.OneToOneField(Voice, on_delete=models.CASCADE, related_name="removal")
    reason = models.CharField(_("why it was removed"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.reason


class VoiceChange(models.Model):
    """One correction or bulk change of a voice, with what each field was and became."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="changes")
    what = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]}
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.what


class Interest(models.Model):
    """A person who wants an idea to happen, kept with it while it waits."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="interests")
    may_recontact = models.BooleanField(_("agreed to be contacted about it"), default=False)
    raised_it = models.BooleanField(_("raised it too"), default=False,
                                    help_text=_("They said the same thing themselves."))
    added_on = models.DateField(default=datetime.date.today)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voice", "person"],
                                               name="one_interest_per_person")]

    def __str__(self) -> str:
        return f"{self.person} wants {self.voice}"


class OutcomeKind(models.TextChoices):
    DONE = "done", _("Done")
    NOT_POSSIBLE = "not_possible", _("Not possible")
    PROGRESS = "progress", _("Progress update")


class Outcome(models.Model):
    """One answer to many voices: an ending (done, not possible) or a dated step on the way.

    Steps and endings that follow a first outcome point to it (`follows`), so together they
    make the timeline shown on the voices and on the public page. A correction points to the
    outcome it corrects and goes to the same people. Nothing is sent until staff press Send
    (`sent_at`).
    """

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="outcomes")
    kind = models.CharField(_("what happened"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("short name"), max_length=150, blank=True)
    title_cy = models.CharField(_("short name in Welsh"), max_length=150, blank=True)
    text = models.TextField(_("what was done, why not, or the step reached"),
                            max_length=MAX_TEXT)
    text_cy = models.TextField(_("the same in Welsh"), max_length=MAX_TEXT, blank=True)
    asked = models.TextField(_("what people asked, for the public page"), max_length=1000,
                             blank=True)
    asked_cy = models.TextField(_("what people asked, in Welsh"), max_length=1000, blank=True)
    happened_on = models.DateField(_("date"))
    publish = models.BooleanField(_("show on the public “You said, we did” page"),
                                  default=False)
    tell = models.BooleanField(_("tell the people behind these voices"), default=True)
    voices = models.ManyToManyField(Voice, related_name="outcomes")
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="steps")
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="corrections")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "publish", "-happened_on"])]

    def __str__(self) -> str:
        return self.display_title or self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("voices:outcome",
                       kwargs={"org_slug": self.organisation.slug, "outcome_id": self.pk})

    @property
    def reference(self) -> str:
        """How the outbox knows this outcome's notices."""
        return f"outcome:{self.pk}"

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def root(self) -> "Outcome":
        return self.follows or self

    @property
    def is_final(self) -> bool:
        return self.kind != OutcomeKind.PROGRESS

    @property
    def awaiting_send(self) -> bool:
        return self.tell and self.sent_at is None

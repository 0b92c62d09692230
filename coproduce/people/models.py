import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language
from coproduce.lib.encryption import EncryptedTextField


class ContactWay(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")


class Language(models.TextChoices):
    """The language letters, emails and calls are made in (the interface's languages)."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


WELSH_NAMES = {"welsh", "cymraeg", "cy"}


def language_from_typed(languages: str) -> str:
    """Welsh when the typed list of languages starts with Welsh (or Cymraeg), else English."""
    first = languages.replace(";", ",").split(",")[0].strip().lower()
    return Language.WELSH if first in WELSH_NAMES else Language.ENGLISH


class NeedKind(models.TextChoices):
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy read")
    BSL = "bsl", _("British Sign Language interpreter")
    INTERPRETER = "interpreter", _("Other interpreter")
    STEP_FREE = "step_free", _("Step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    CHILDCARE = "childcare", _("Childcare")
    TRAVEL = "travel", _("Travel support")
    OTHER = "other", _("Other")


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Be contacted about co-production")
    SENSITIVE = "sensitive", _("Keep sensitive information")
    QUOTE = "quote", _("Quote my words in reports")
    PHOTOS = "photos", _("Photographs")


class RecordedHow(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PAPER = "paper", _("Paper form")
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    IMPORT = "import", _("Imported")


class Group(models.Model):
    """A group or community that people in an organisation identify with."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)


DEFAULT_STAGES = [
    ("Service user", "Defnyddiwr gwasanaeth", False),
    ("Regular", "Rheolaidd", False),
    ("Committee member", "Aelod o'r pwyllgor", False),
    ("Volunteer", "Gwirfoddolwr", False),
    ("Peer mentor", "Mentor cymheiriaid", True),
]


class JourneyStage(models.Model):
    """One step on an organisation's own path of involvement."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="journey_stages"
    )
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    requires_training = models.BooleanField(
        _("requires training"),
        default=False,
        help_text=_("People at this stage deliver the service to others."),
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)

    @classmethod
    def create_defaults(cls, organisation: Any) -> None:
        """Give a new organisation the usual journey, which it can then change."""
        if cls.objects.filter(organisation=organisation).exists():
            return
        JourneyStage.objects.bulk_create(
            JourneyStage(organisation=organisation, name=name, name_cy=name_cy, position=index,
                requires_training=training)
            for index, (name, name_cy, training) in enumerate(DEFAULT_STAGES, start=1)
        )


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> "PersonQuerySet":
        return self.filter(archived_at__isnull=True)

    def not_on_break(self, day: datetime.date) -> "PersonQuerySet":
        """Leave out people taking a break from being asked until after `day`."""
        return self.filter(models.Q(break_until__isnull=True) | models.Q(break_until__lte=day))

    def search(self, text: str) -> "PersonQuerySet":
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name__icontains=text)
            | models.Q(email__icontains=text)
            | models.Q(phone__icontains=text)
            | models.Q(postcode__icontains=text)
        )

    def with_stage(self) -> "PersonQuerySet":
        """Annotate each person with the id of their latest journey stage."""
        latest = JourneyStep.objects.filter(person=models.OuterRef("pk")).order_by(
            "-on", "-id"
        )
        return self.annotate(current_stage_id=models.Subquery(latest.values("stage_id")[:1]))


class Person(models.Model):
    """Someone who takes part; most people never log in."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(
        _("name or pseudonym"), max_length=150,
        help_text=_("The name they want to be known by. A pseudonym is fine."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    contact_ways = models.JSONField(_("preferred ways to be contacted"), default=list, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True,
        help_text=_("For example: English, Welsh, Polish."),
    )
    preferred_language = models.CharField(
        _("language for letters, emails and calls"), max_length=5, choices=Language.choices,
        default=Language.ENGLISH,
    )
    groups = models.ManyToManyField(
        Group, blank=True, related_name="people", verbose_name=_("groups and communities")
    )
    date_joined = models.DateField(_("date joined"), default=datetime.date.today)
    external_id = models.CharField(_("reference in another system"), max_length=100, blank=True)
    import_key = models.CharField(max_length=200, blank=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    came_from = models.CharField(_("how they came into People"), max_length=200, blank=True,
                                 editable=False)
    # Kept here, not in the community app, so that invitations and the equity lens (apps
    # below community) can leave people on a break out in one query.
    break_until = models.DateField(_("taking a break until"), null=True, blank=True,
                                   editable=False)
    quote_as = models.CharField(
        _("how to name them when their words are quoted"), max_length=100, blank=True,
        help_text=_("As they chose, for example \"Jo, a tenant for ten years\". Leave empty "
                    "to quote them as \"A participant\". Quotes appear in reports only while "
                    "they agree to be quoted."))

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["organisation", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_person_import_key",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "people:detail", kwargs={"org_slug": self.organisation.slug, "person_id": self.pk}
        )

    def has_consent(self, purpose: str) -> bool:
        """Return whether the latest record for `purpose` is a consent not withdrawn."""
        latest = self.current_consents().get(purpose)
        return latest is not None and latest.is_held

    def current_consents(self) -> dict[str, "Consent"]:
        """Return the latest consent record per purpose (uses prefetched consents if any)."""
        latest: dict[str, Consent] = {}
        for consent in sorted(self.consents.all(), key=lambda c: (c.recorded_on, c.pk)):
            latest[consent.purpose] = consent
        return latest

    @transaction.atomic
    def record_consent(
        self, purpose: str, given: bool, how: str, on: datetime.date, by: Any = None
    ) -> "Consent":
        return Consent.objects.create(
            person=self, purpose=purpose, given=given, how=how, recorded_on=on, recorded_by=by
        )

    def needs_large_print(self) -> bool:
        """Return whether their recorded needs include large print (uses prefetched needs)."""
        return any(need.kind == NeedKind.LARGE_PRINT for need in self.access_needs.all())

    def set_access_needs(self, kinds: list[str], details: dict[str, str]) -> None:
        """Replace this person's access needs with `kinds` (details keyed by kind)."""
        with transaction.atomic():
            self.access_needs.exclude(kind__in=kinds).delete()
            for kind in kinds:
                AccessNeed.objects.update_or_create(
                    person=self, kind=kind, defaults={"detail": details.get(kind, "")}
                )

    def move_to_stage(self, stage: JourneyStage, on: datetime.date) -> "JourneyStep":
        return JourneyStep.objects.create(person=self, stage=stage, on=on)

    def take_break(self, until: datetime.date, today: datetime.date) -> None:
        """Keep them out of invitations and the "not heard from" list until `until`."""
        if until <= today:
            raise ValidationError({"until": _("The return date must be in the future.")})
        self.break_until = until
        self.save(update_fields=["break_until", "updated_at"])

    def end_break(self) -> None:
        self.break_until = None
        self.save(update_fields=["break_until", "updated_at"])

    def on_break(self, day: datetime.date) -> bool:
        return self.break_until is not None and self.break_until > day

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated_at"])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class AccessNeed(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_needs")
    kind = models.CharField(_("need"), max_length=20, choices=NeedKind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_need_of_each_kind")
        ]

    def __str__(self) -> str:
        label = str(self.get_kind_display())
        return f"{label}: {self.detail}" if self.detail else label


class Consent(models.Model):
    """One dated record of consent given or withdrawn for one purpose; history is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(_("consent given"))
    how = models.CharField(_("how it was recorded"), max_length=20, choices=RecordedHow.choices)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'yes' if self.given else 'no'}"

    @property
    def is_held(self) -> bool:
        return self.given


class JourneyStep(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="journey")
    stage = models.ForeignKey(JourneyStage, on_delete=models.PROTECT, related_name="steps")
    on = models.DateField(_("date"))

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.stage} ({self.on})"


class SensitiveInfo(models.Model):
    """Special-category information, encrypted at rest; read only through the audited helper."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="sensitive")
    health = EncryptedTextField(_("health"), blank=True)
    disability = EncryptedTextField(_("disability"), blank=True)
    sexual_orientation = EncryptedTextField(_("sexual orientation"), blank=True)
    gender_identity = EncryptedTextField(_("gender identity"), blank=True)
    ethnicity = EncryptedTextField(_("ethnicity"), blank=True)
    housing_situation = EncryptedTextField(_("housing situation"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    FIELDS = [
        "health", "disability", "sexual_orientation", "gender_identity", "ethnicity",
        "housing_situation",
    ]

    def __str__(self) -> str:
        return f"Special-category information for person {self.person_id}"

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.FIELDS)

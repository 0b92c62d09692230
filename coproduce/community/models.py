"""What people give beyond their words: roles and what each requires, training, checks,
supervision, role agreements, what people offer, and the community's assets."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language
from coproduce.lib.encryption import EncryptedTextField
from coproduce.lib.formchecks import refuse_line_breaks


class CheckLevel(models.TextChoices):
    BASIC = "basic", _("Basic DBS check")
    STANDARD = "standard", _("Standard DBS check")
    ENHANCED = "enhanced", _("Enhanced DBS check")
    ENHANCED_BARRED = "enhanced_barred", _("Enhanced DBS check with barred lists")


# A check at a level meets any role that asks for that level or a lower one.
LEVEL_ORDER = [CheckLevel.BASIC, CheckLevel.STANDARD, CheckLevel.ENHANCED,
               CheckLevel.ENHANCED_BARRED]


def levels_meeting(level: str) -> list[str]:
    """The check levels that satisfy a role asking for `level`."""
    return [str(value) for value in LEVEL_ORDER[LEVEL_ORDER.index(CheckLevel(level)):]]


class Course(models.Model):
    """A training course a role may ask for (safeguarding, first aid, mentoring skills)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="courses")
    name = models.CharField(_("name"), max_length=150, validators=[refuse_line_breaks])
    name_cy = models.CharField(_("Welsh name"), max_length=150, blank=True,
                               validators=[refuse_line_breaks])
    valid_months = models.PositiveSmallIntegerField(
        _("renew after (months)"), null=True, blank=True,
        help_text=_("Leave empty if the course never needs renewing."))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="unique_course_name")]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)


class CommunityRole(models.Model):
    """A role people take on (peer mentor, event host, volunteer driver) and what it needs."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="community_roles")
    name = models.CharField(_("name"), max_length=100, validators=[refuse_line_breaks])
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True,
                               validators=[refuse_line_breaks])
    description = models.TextField(_("what the role is"), max_length=2000, blank=True)
    skills = models.CharField(
        _("skills it uses"), max_length=300, blank=True,
        help_text=_("Separate skills with commas, for example: driving, listening."))
    courses = models.ManyToManyField(Course, blank=True, related_name="roles",
                                     verbose_name=_("training it needs"))
    check_level = models.CharField(_("check it needs"), max_length=20, blank=True,
                                   choices=CheckLevel.choices)
    needs_agreement = models.BooleanField(_("needs a signed role agreement"), default=True)
    hosts_meetings = models.BooleanField(
        _("people in this role host meetings or events"), default=False,
        help_text=_("A lapsed check then shows on the checklist of every meeting they are "
                    "invited to."))

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"],
                                               name="unique_community_role_name")]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)

    def get_absolute_url(self) -> str:
        return reverse("community:role", kwargs={"org_slug": self.organisation.slug,
                                                 "role_id": self.pk})

    def skill_list(self) -> list[str]:
        return split_list(self.skills)


def split_list(text: str) -> list[str]:
    """The comma- or semicolon-separated words of `text`, in lower case, once each."""
    seen: list[str] = []
    for part in text.replace(";", ",").split(","):
        word = " ".join(part.split()).lower()
        if word and word not in seen:
            seen.append(word)
    return seen


class RoleHolder(models.Model):
    """Someone in a role, from a date; ended rather than deleted, so history is kept."""

    role = models.ForeignKey(CommunityRole, on_delete=models.CASCADE, related_name="holders")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="community_roles")
    since = models.DateField(_("since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-since", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["role", "person"], condition=models.Q(ended_on__isnull=True),
            name="one_current_holding_per_role")]

    def __str__(self) -> str:
        return f"{self.person} as {self.role}"


class CourseTaken(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="courses_taken")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="taken")
    taken_on = models.DateField(_("date taken"))
    provider = models.CharField(_("provider"), max_length=150, blank=True,
                                validators=[refuse_line_breaks])
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"{self.course} ({self.taken_on})"

    def clean(self) -> None:
        if self.expires_on and self.taken_on and self.expires_on <= self.taken_on:
            raise ValidationError({"expires_on": _("The expiry date must be after the date "
                                                   "the course was taken.")})

    def is_current(self, on: datetime.date) -> bool:
        return self.taken_on <= on and (self.expires_on is None or self.expires_on > on)


class Check(models.Model):
    """A safeguarding (DBS) check; the certificate number is encrypted and audited when seen."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="checks")
    level = models.CharField(_("level"), max_length=20, choices=CheckLevel.choices)
    checked_on = models.DateField(_("date of the certificate"))
    expires_on = models.DateField(_("recheck by"))
    certificate_number = EncryptedTextField(_("certificate number"), max_length=40, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("verified by"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.checked_on})"

    def clean(self) -> None:
        if self.expires_on and self.checked_on and self.expires_on <= self.checked_on:
            raise ValidationError({"expires_on": _("The recheck date must be after the date "
                                                   "of the certificate.")})

    def is_current(self, on: datetime.date) -> bool:
        return self.checked_on <= on < self.expires_on


class SessionKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision")
    DEBRIEF = "debrief", _("Debrief")


class SupportSession(models.Model):
    """Supervision or a debrief; its notes are private to staff and encrypted at rest."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="support_sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=150,
                                 validators=[refuse_line_breaks])
    notes = EncryptedTextField(_("private notes"), max_length=5000, blank=True,
                               help_text=_("Seen only by staff."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on})"


class AgreementLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class Agreement(models.Model):
    """A role agreement, written with the person, printable in standard and easy read."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="role_agreements")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="role_agreements")
    role = models.ForeignKey(CommunityRole, on_delete=models.CASCADE,
                             related_name="agreements", verbose_name=_("role"))
    language = models.CharField(_("language of the agreement"), max_length=2,
                                choices=AgreementLanguage.choices,
                                default=AgreementLanguage.ENGLISH)
    what = models.TextField(_("what the role is"), max_length=3000)
    time_asked = models.CharField(_("the time it asks"), max_length=300,
                                  help_text=_("For example: two hours a week, Tuesday "
                                              "mornings."))
    support = models.TextField(_("the support offered"), max_length=2000)
    recognition = models.TextField(_("how it is recognised"), max_length=1000, blank=True)
    contact = models.CharField(_("who to contact"), max_length=300)
    review_on = models.DateField(_("when it will be reviewed"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.role} – {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("community:agreement", kwargs={"org_slug": self.organisation.slug,
                                                      "agreement_id": self.pk})


class AskPeriod(models.TextChoices):
    WEEK = "week", _("a week")
    MONTH = "month", _("a month")


class Day(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Mornings")
    AFTERNOON = "afternoon", _("Afternoons")
    EVENING = "evening", _("Evenings")


class Offer(models.Model):
    """What one person can offer, when, and how often they want to be asked."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE,
                                  related_name="offer")
    skills = models.CharField(_("skills"), max_length=500, blank=True,
                              help_text=_("Separate skills with commas, for example: "
                                          "driving, cooking, Welsh speaker."))
    interests = models.CharField(_("interests"), max_length=500, blank=True)
    # Lived experience is often health, housing or identity: encrypted like special-category
    # data, and shown only to members who may see that.
    lived_experience = EncryptedTextField(
        _("lived experience they choose to share"), max_length=2000, blank=True,
        help_text=_("Only what they have said they are happy to share."))
    days = models.JSONField(_("days they are available"), default=list, blank=True)
    times = models.JSONField(_("times they are available"), default=list, blank=True)
    max_asks = models.PositiveSmallIntegerField(
        _("ask no more than (times)"), null=True, blank=True,
        help_text=_("Leave empty if they have not said."))
    asks_per = models.CharField(_("per"), max_length=10, choices=AskPeriod.choices,
                                default=AskPeriod.MONTH)
    share_skills = models.BooleanField(
        _("happy to be named in the asset register for these skills"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Offer of {self.person}"

    def skill_list(self) -> list[str]:
        return split_list(self.skills)

    def available(self, day: str = "", time: str = "") -> bool:
        return (not day or day in self.days) and (not time or time in self.times)

    def period_days(self) -> int:
        return 7 if self.asks_per == AskPeriod.WEEK else 30


class AssetKind(models.TextChoices):
    PLACE = "place", _("Place (hall, café, park)")
    GROUP = "group", _("Group or network")
    EQUIPMENT = "equipment", _("Equipment")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class AccessFeature(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    TOILETS = "toilets", _("Accessible toilets")
    PARKING = "parking", _("Parking")
    TRANSPORT = "transport", _("Near public transport")


class Asset(models.Model):
    """Something the community has that could answer what people ask for."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="assets")
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices)
    name = models.CharField(_("name"), max_length=150, validators=[refuse_line_breaks])
    name_cy = models.CharField(_("Welsh name"), max_length=150, blank=True,
                               validators=[refuse_line_breaks])
    description = models.TextField(_("description"), max_length=2000, blank=True)
    description_cy = models.TextField(_("Welsh description"), max_length=2000, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True,
                                    blank=True)
    access = models.JSONField(_("access features"), default=list, blank=True)
    contact = models.CharField(_("who to contact"), max_length=200, blank=True,
                               validators=[refuse_line_breaks])
    groups = models.ManyToManyField("people.Group", blank=True, related_name="assets",
                                    verbose_name=_("groups it serves"))
    themes = models.ManyToManyField("themes.Theme", blank=True, related_name="assets",
                                    verbose_name=_("themes it could answer"))
    voices = models.ManyToManyField("voices.Voice", blank=True, related_name="assets",
                                    verbose_name=_("voices that ask for it"))
    external_id = models.CharField(_("reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "external_id"], condition=~models.Q(external_id=""),
            name="unique_asset_reference")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("community:asset", kwargs={"org_slug": self.organisation.slug,
                                                  "asset_id": self.pk})

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_cy)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_cy)

    def access_labels(self) -> list[str]:
        labels = dict(AccessFeature.choices)
        return [str(labels[value]) for value in self.access if value in labels]

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class GroupReview(models.Model):
    """A dated look at one group's needs and capabilities, and when to look again."""

    group = models.ForeignKey("people.Group", on_delete=models.CASCADE,
                              related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = models.TextField(_("what we found"), max_length=3000, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group} ({self.reviewed_on})"

    def clean(self) -> None:
        if self.next_review_on and self.reviewed_on and self.next_review_on <= self.reviewed_on:
            raise ValidationError({"next_review_on": _("The next review must be after this "
                                                       "one.")})

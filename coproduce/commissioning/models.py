"""Grant panels: a fund, its rounds, the criteria the panel agrees, bids, conflicts, scores and
awards. Behaviour lives in grants.py (criteria, bids), scoring.py (the ranking rules) and
awards.py (moderation and awards)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language

SCALE = range(1, 6)

# The easy-read meaning of each score, used until the panel words its own.
EASY_READ_SCALE = [
    (_("Not at all"), "Dim o gwbl"),
    (_("A little"), "Ychydig"),
    (_("Partly"), "Yn rhannol"),
    (_("Mostly"), "Gan mwyaf"),
    (_("Fully"), "Yn llawn"),
]


class Fund(models.Model):
    """Money the organisation gives out in grants, with who may apply and what for."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="funds")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT,
                                related_name="funds", verbose_name=_("project"),
                                help_text=_("The co-production project whose phases, meetings "
                                            "and decision log show the panel's work."))
    title = models.CharField(_("name of the fund"), max_length=150)
    title_cy = models.CharField(_("name of the fund in Welsh"), max_length=150, blank=True)
    purpose = models.TextField(_("what the fund is for"), max_length=2000)
    purpose_cy = models.TextField(_("what the fund is for, in Welsh"), max_length=2000,
                                  blank=True)
    who_may_apply = models.TextField(_("who may apply"), max_length=1000)
    who_may_apply_cy = models.TextField(_("who may apply, in Welsh"), max_length=1000,
                                        blank=True)
    total_budget = models.DecimalField(_("total budget (£)"), max_digits=10, decimal_places=2,
                                       validators=[MinValueValidator(Decimal("0"))])
    min_grant = models.DecimalField(_("smallest grant (£)"), max_digits=10, decimal_places=2,
                                    validators=[MinValueValidator(Decimal("0"))])
    max_grant = models.DecimalField(_("largest grant (£)"), max_digits=10, decimal_places=2,
                                    validators=[MinValueValidator(Decimal("0"))])
    funder_identifier = models.CharField(
        _("your organisation identifier"), max_length=100, blank=True,
        help_text=_("For open data: for example GB-CHC-1234567 (charity) or GB-COH-01234567 "
                    "(company)."))
    identifier_prefix = models.CharField(
        _("360Giving prefix"), max_length=40, blank=True,
        help_text=_("The prefix 360Giving gave you, for example 360G-northgate. Grants are "
                    "published only once it is set."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:fund",
                       kwargs={"org_slug": self.organisation.slug, "fund_id": self.pk})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def display_purpose(self) -> str:
        return in_language(self.purpose, self.purpose_cy)

    @property
    def display_who_may_apply(self) -> str:
        return in_language(self.who_may_apply, self.who_may_apply_cy)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class EligibilityQuestion(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300,
                            help_text=_("A yes or no question, for example: Are you based in "
                                        "a Northgate neighbourhood?"))
    text_cy = models.CharField(_("question in Welsh"), max_length=300, blank=True)
    needed = models.CharField(_("answer needed to be eligible"), max_length=3,
                              choices=Answer.choices, default=Answer.YES)
    reason = models.CharField(_("reason shown when the answer rules a bid out"),
                              max_length=300)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text

    @property
    def display_text(self) -> str:
        return in_language(self.text, self.text_cy)


class RoundStatus(models.TextChoices):
    CRITERIA = "criteria", _("Agreeing the criteria")
    OPEN = "open", _("Open for applications")
    SCORING = "scoring", _("Panel scoring")
    MODERATION = "moderation", _("Moderation meeting")
    AWARDED = "awarded", _("Grants awarded")


class Round(models.Model):
    """One call for applications, with its own budget, criteria, bids and panel."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="grant_rounds")
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(_("name of the round"), max_length=150)
    title_cy = models.CharField(_("name of the round in Welsh"), max_length=150, blank=True)
    budget = models.DecimalField(_("budget for this round (£)"), max_digits=10,
                                 decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    opens_on = models.DateField(_("opens for applications"))
    closes_on = models.DateField(_("closing date"))
    min_scores = models.PositiveSmallIntegerField(
        _("fewest scores a bid needs"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Bids with fewer scores are flagged for the moderation meeting."))
    status = models.CharField(_("stage"), max_length=12, choices=RoundStatus.choices,
                              default=RoundStatus.CRITERIA)
    meeting = models.ForeignKey("projects.Meeting", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("moderation meeting"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:round",
                       kwargs={"org_slug": self.organisation.slug, "grant_round_id": self.pk})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def agreed_criteria(self) -> "CriteriaVersion | None":
        return self.criteria_versions.filter(agreed_at__isnull=False).first()

    @property
    def scores_visible(self) -> bool:
        """Once scoring has closed, everyone's scores may be seen."""
        return self.status in {RoundStatus.MODERATION, RoundStatus.AWARDED}


class CriteriaVersion(models.Model):
    """One proposal of the whole set of criteria; the agreed one is frozen."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE,
                              related_name="criteria_versions")
    number = models.PositiveSmallIntegerField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposer_name = models.CharField(_("proposed by"), max_length=150)
    note = models.CharField(_("what changed and why"), max_length=500, blank=True)
    scale = models.JSONField(_("what each score means"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"],
                                               name="one_criteria_version_number")]

    def __str__(self) -> str:
        return f"{self.round} v{self.number}"

    def meanings(self) -> list[tuple[int, str]]:
        """Each score with its easy-read meaning, in the page's language."""
        return [(score, in_language(pair[0], pair[1]))
                for score, pair in zip(SCALE, self.scale, strict=False)]


class Criterion(models.Model):
    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE,
                                related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=150)
    name_cy = models.CharField(_("criterion in Welsh"), max_length=150, blank=True)
    description = models.CharField(_("what a high score looks like"), max_length=500)
    description_cy = models.CharField(_("what a high score looks like, in Welsh"),
                                      max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)])

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_language(self.name, self.name_cy)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_cy)


class BidChannel(models.TextChoices):
    WEB = "web", _("Online form")
    EASY_READ = "easy_read", _("Easy-read form")
    PAPER = "paper", _("Paper form entered by staff")


class BidStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Bid(models.Model):
    """An application for a grant."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="bids")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bids")
    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("name of your project"), max_length=150)
    summary = models.TextField(_("what you will do and who it will help"), max_length=3000)
    amount = models.DecimalField(_("amount asked for (£)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("1"))])
    group_name = models.CharField(_("name of your group"), max_length=200)
    charity_number = models.CharField(_("charity number, if you have one"), max_length=20,
                                      blank=True)
    contact_name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    language = models.CharField(_("language for letters"), max_length=2,
                                choices=Language.choices, default=Language.ENGLISH)
    answers = models.JSONField(default=dict, blank=True)
    eligible = models.BooleanField(default=True)
    ineligible_reason = models.CharField(max_length=1000, blank=True)
    channel = models.CharField(max_length=10, choices=BidChannel.choices,
                               default=BidChannel.WEB)
    status = models.CharField(max_length=10, choices=BidStatus.choices,
                              default=BidStatus.DRAFT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    feedback = models.TextField(_("feedback for the applicant"), max_length=3000, blank=True,
                                help_text=_("Only what the panel approves is sent."))
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["round", "reference"],
                                               name="one_bid_reference_per_round")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Attachment(models.Model):
    """A file sent with a bid, kept in the database so every app server sees it."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Panellist(models.Model):
    """Someone on the round's panel: with a login (panel member role) or scoring on paper."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("panel member"))
    on_paper = models.BooleanField(_("scores on paper (staff enter the sheets)"),
                                   default=False)

    class Meta:
        ordering = ["person__name"]
        constraints = [models.UniqueConstraint(fields=["round", "person"],
                                               name="one_place_on_each_panel")]

    def __str__(self) -> str:
        return self.person.name


class Interest(models.TextChoices):
    NONE = "none", _("No connection")
    INTEREST = "interest", _("An interest: I know them, but can score fairly")
    CONFLICT = "conflict", _("A conflict: I must not see or score this bid")


class Declaration(models.Model):
    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE,
                                  related_name="declarations")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(max_length=10, choices=Interest.choices)
    note = models.CharField(_("what the connection is"), max_length=300, blank=True)
    on_paper = models.BooleanField(default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panellist", "bid"],
                                               name="one_declaration_per_bid")]

    def __str__(self) -> str:
        return f"{self.panellist}: {self.bid} – {self.kind}"


class ScoreSheet(models.Model):
    """One scorer's scores for one bid; a change after submitting makes a new version."""

    panellist = models.ForeignKey(Panellist, on_delete=models.CASCADE, related_name="sheets")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="sheets")
    version = models.PositiveSmallIntegerField(default=1)
    current = models.BooleanField(default=True)
    on_paper = models.BooleanField(default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["bid", "panellist", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["panellist", "bid", "version"],
                                    name="one_sheet_version"),
        ]

    def __str__(self) -> str:
        return f"{self.panellist} – {self.bid} v{self.version}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Move(models.Model):
    """A change the moderation meeting made to the ranking, with its reason."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="moves")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="+")
    to_position = models.PositiveSmallIntegerField(_("move it to place"))
    reason = models.CharField(_("why"), max_length=1000)
    decision = models.ForeignKey("projects.Decision", null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.bid} → {self.to_position}"


class Award(models.Model):
    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="award")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    awarded_on = models.DateField()
    partial = models.BooleanField(default=False)
    decision = models.ForeignKey("projects.Decision", null=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["bid__reference"]

    def __str__(self) -> str:
        return f"{self.bid}: £{self.amount}"

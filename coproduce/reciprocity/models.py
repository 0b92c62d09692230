"""What people give and get: hours, expenses, recognition, time credits, and what it all costs.

Money is kept in whole pence and time in whole minutes, so sums are exact; rates are dated,
and a figure is always valued at the rate in force on the day of the activity.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language
from coproduce.lib.encryption import EncryptedTextField


class Unit(models.TextChoices):
    HOUR = "hour", _("an hour")
    DAY = "day", _("a day of 7.5 hours")


MINUTES_PER_UNIT = {Unit.HOUR: 60, Unit.DAY: 450}


class RateCard(models.Model):
    """A named way of valuing an hour of someone's time, with its source.

    Cards without an organisation are the published ones every organisation may choose.
    """

    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="rate_cards")
    key = models.SlugField(max_length=40, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    name_cy = models.CharField(_("Welsh name"), max_length=150, blank=True)
    unit = models.CharField(_("per"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    source_title = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source address"), blank=True)

    class Meta:
        ordering = ["organisation_id", "name"]

    def __str__(self) -> str:
        return in_language(self.name, self.name_cy)

    def rate_on(self, day: datetime.date, rates: "list[Rate] | None" = None) -> "Rate | None":
        """Return the rate in force on `day`, or None if the card has none then."""
        choices = self.rates.all() if rates is None else rates
        for rate in sorted(choices, key=lambda r: r.effective_from, reverse=True):
            if rate.effective_from <= day and (rate.effective_to is None
                                               or day <= rate.effective_to):
                return rate
        return None


class Rate(models.Model):
    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="rates")
    amount_pence = models.PositiveIntegerField(_("amount (pence)"))
    effective_from = models.DateField(_("applies from"))
    effective_to = models.DateField(_("applies until"), null=True, blank=True)

    class Meta:
        ordering = ["card", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["card", "effective_from"],
                                               name="one_rate_per_card_and_date")]

    def __str__(self) -> str:
        return f"{self.card}: £{self.amount_pence / 100:.2f} from {self.effective_from}"

    @property
    def pence_per_hour(self) -> Decimal:
        return Decimal(self.amount_pence) * 60 / MINUTES_PER_UNIT[Unit(self.card.unit)]


class Settings(models.Model):
    """The organisation's choices for reciprocity; made with the defaults when first needed."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="reciprocity_settings")
    participant_card = models.ForeignKey(
        RateCard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("value participants' time with"),
        help_text=_("Leave empty to use the National Living Wage in force on each day."))
    credit_ratio = models.DecimalField(
        _("time credits per hour given"), max_digits=4, decimal_places=2, default=Decimal("1"),
        help_text=_("For example 1 gives one hour of credit for each confirmed hour."))
    issue_credits = models.BooleanField(_("issue time credits when hours are confirmed"),
                                        default=False)
    benefits_weekly_limit_pence = models.PositiveIntegerField(
        _("weekly amount to warn at (pence)"), null=True, blank=True)
    benefits_monthly_limit_pence = models.PositiveIntegerField(
        _("monthly amount to warn at (pence)"), null=True, blank=True)
    benefits_note = models.TextField(
        _("what you tell staff about payments and benefits"), max_length=2000, blank=True)
    signatory = models.CharField(_("certificates are signed by"), max_length=150, blank=True)
    thanks = models.TextField(_("thanks on certificates"), max_length=1000, blank=True)
    thanks_cy = models.TextField(_("thanks on certificates, in Welsh"), max_length=1000,
                                 blank=True)

    def __str__(self) -> str:
        return f"Reciprocity settings of {self.organisation}"

    @classmethod
    def of(cls, organisation: models.Model) -> "Settings":
        """Return the organisation's settings, unsaved defaults if it has never changed them."""
        found = cls.objects.filter(organisation=organisation).select_related(
            "participant_card").first()
        return found or cls(organisation=organisation)  # type: ignore[misc]


class StaffCost(models.Model):
    """What an hour of a staff member's time costs, from a date."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="staff_costs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("staff member"))
    hourly_pence = models.PositiveIntegerField(_("cost of an hour (pence)"))
    effective_from = models.DateField(_("from"))

    class Meta:
        ordering = ["user__email", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user", "effective_from"],
                                               name="one_staff_cost_per_day")]

    def __str__(self) -> str:
        return f"{self.user} £{self.hourly_pence / 100:.2f} from {self.effective_from}"


class Side(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    STAFF = "staff", _("Staff")


class Activity(models.TextChoices):
    MEETING = "meeting", _("Meeting attended")
    HOSTING = "hosting", _("Hosting an event")
    MENTORING = "mentoring", _("Peer mentoring")
    PANEL = "panel", _("Panel scoring")
    TRAINING = "training", _("Training")
    PREPARATION = "preparation", _("Preparation")
    TRAVEL = "travel", _("Travel time")
    OTHER = "other", _("Other")


class HoursStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")


class Contribution(models.Model):
    """Time someone gave: one person (or staff member), one day, one activity."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="contributions")
    side = models.CharField(_("who gave it"), max_length=12, choices=Side.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="contributions", verbose_name=_("participant"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("staff member"))
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    activity = models.CharField(_("what"), max_length=20, choices=Activity.choices)
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="contributions",
                                verbose_name=_("project"))
    meeting = models.ForeignKey("projects.Meeting", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="contributions")
    description = models.CharField(_("description"), max_length=300, blank=True)
    hourly_cost_pence = models.PositiveIntegerField(
        _("hourly cost for this entry (pence)"), null=True, blank=True,
        help_text=_("Staff only; otherwise the staff member's cost in force on the day."))
    status = models.CharField(_("status"), max_length=10, choices=HoursStatus.choices,
                              default=HoursStatus.PENDING)
    on_behalf = models.BooleanField(_("entered by staff on their behalf"), default=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    external_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["organisation", "on"]),
                   models.Index(fields=["person", "on"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "external_id"],
                                    condition=~models.Q(external_id=""),
                                    name="unique_contribution_external_id"),
            models.CheckConstraint(
                condition=(models.Q(side="participant", person__isnull=False, staff__isnull=True)
                           | models.Q(side="staff", staff__isnull=False, person__isnull=True)),
                name="contribution_has_one_giver"),
        ]

    def __str__(self) -> str:
        return f"{self.giver_name}: {self.minutes} min on {self.on}"

    @property
    def giver_name(self) -> str:
        if self.person_id:
            return self.person.name  # type: ignore[union-attr]
        return self.staff.get_full_name() or self.staff.email  # type: ignore[union-attr]

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))


class HoursEvent(models.Model):
    """One step in an entry's history: entered, confirmed, disputed, corrected."""

    class Kind(models.TextChoices):
        ENTERED = "entered", _("Entered")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        CORRECTED = "corrected", _("Corrected")

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE,
                                     related_name="history")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class ClaimKind(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    CARE = "care", _("Childcare or care cover")
    INTERPRETER = "interpreter", _("Interpreter")
    EQUIPMENT = "equipment", _("Equipment")
    REFRESHMENTS = "refreshments", _("Refreshments")
    OTHER = "other", _("Other")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


class PayMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash")
    CARD = "card", _("Prepaid card")
    VOUCHER = "voucher", _("Voucher")
    SUPPLIER = "supplier", _("Paid to the supplier")
    CHEQUE = "cheque", _("Cheque")
    CREDITS = "credits", _("Time credits")
    CHARITY = "charity", _("Paid to a charity")


class Claim(models.Model):
    """An expense paid back in full. A paid claim is never changed: a reversal is a new claim."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="claims")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="claims", verbose_name=_("who it is for"))
    kind = models.CharField(_("what for"), max_length=20, choices=ClaimKind.choices)
    amount_pence = models.IntegerField(_("amount (pence)"))
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="claims",
                                verbose_name=_("project"))
    in_advance = models.BooleanField(_("pay in advance"), default=False)
    supplier = models.CharField(_("pay the supplier directly"), max_length=150, blank=True,
                                help_text=_("The supplier's name, if they are paid directly."))
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices,
                              default=ClaimStatus.SUBMITTED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_method = models.CharField(_("how"), max_length=10, choices=PayMethod.choices,
                                   blank=True)
    paid_reference = models.CharField(_("reference"), max_length=100, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversal")
    external_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-spent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "external_id"],
                                               condition=~models.Q(external_id=""),
                                               name="unique_claim_external_id")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount_pence / 100:.2f} ({self.person})"

    def get_absolute_url(self) -> str:
        return reverse("reciprocity:claim", kwargs={"org_slug": self.organisation.slug,
                                                    "claim_id": self.pk})


class Receipt(models.Model):
    """A photo or PDF of a receipt, kept in the database so every app server can read it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="receipts")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class OfferKind(models.TextChoices):
    CASH = "cash", _("Payment")
    VOUCHER = "voucher", _("Voucher")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    PART = "part", _("Accepted in part")
    DECLINED = "declined", _("Declined")
    CHARITY = "charity", _("To be given to a charity")
    CREDITS = "credits", _("Taken as time credits")
    PAID = "paid", _("Paid")


class Offer(models.Model):
    """A recognition payment or voucher offered for an activity, and the person's answer."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="recognition_offers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT,
                               related_name="recognition_offers", verbose_name=_("who"))
    kind = models.CharField(_("what is offered"), max_length=10, choices=OfferKind.choices)
    amount_pence = models.PositiveIntegerField(_("amount (pence)"))
    activity = models.CharField(_("for"), max_length=300)
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="recognition_offers",
                                verbose_name=_("project"))
    offered_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.OFFERED)
    taken_pence = models.PositiveIntegerField(_("amount taken (pence)"), null=True, blank=True)
    charity = models.CharField(_("charity"), max_length=150, blank=True)
    credit_minutes = models.PositiveIntegerField(_("time credits (minutes)"), null=True,
                                                 blank=True)
    benefits_warning_seen = models.BooleanField(default=False, editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_method = models.CharField(_("how"), max_length=10, choices=PayMethod.choices,
                                   blank=True)
    paid_reference = models.CharField(_("reference"), max_length=100, blank=True)
    answer_status = models.CharField(max_length=10, choices=OfferStatus.choices, blank=True,
                                     editable=False)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    external_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "external_id"],
                                               condition=~models.Q(external_id=""),
                                               name="unique_offer_external_id")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount_pence / 100:.2f} ({self.person})"

    @property
    def payable_pence(self) -> int:
        """What the organisation pays out for this offer (nothing if declined or as credits)."""
        answer = self.answer_status or self.status
        if answer == OfferStatus.PART:
            return self.taken_pence or 0
        if answer in {OfferStatus.ACCEPTED, OfferStatus.CHARITY}:
            return self.amount_pence
        return 0


class Benefits(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSAID = "unsaid", _("Prefer not to say")


class RecognitionPreference(models.Model):
    """Whether someone receives benefits and how they like to be recognised: encrypted."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE,
                                  related_name="recognition_preference")
    receives_benefits = EncryptedTextField(_("receives benefits"), blank=True)
    preference = EncryptedTextField(_("how they prefer to be recognised"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Recognition preference of person {self.person_id}"


class CreditAccount(models.Model):
    """A time-credit account: a person's, or (with no person) the organisation's own."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="credit_accounts")
    person = models.OneToOneField("people.Person", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="credit_account")
    limit_minutes = models.PositiveIntegerField(
        _("flag when the balance goes below minus (minutes)"), null=True, blank=True,
        help_text=_("Leave empty for no limit: any overdrawn balance is flagged."))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["organisation"],
                                               condition=models.Q(person__isnull=True),
                                               name="one_organisation_credit_account")]

    def __str__(self) -> str:
        return self.person.name if self.person else str(_("The organisation"))


class TransferKind(models.TextChoices):
    ISSUE = "issue", _("Issued for time given")
    GIFT = "gift", _("Gift")
    SPEND = "spend", _("Spent")
    REVERSAL = "reversal", _("Reversal")


class Transfer(models.Model):
    """One movement of time credits; its entries always sum to zero."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="credit_transfers")
    kind = models.CharField(max_length=10, choices=TransferKind.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("what for"), max_length=300, blank=True)
    contribution = models.ForeignKey(Contribution, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="credit_transfers")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversal")
    flagged = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Entry(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(CreditAccount, on_delete=models.PROTECT, related_name="entries")
    minutes = models.IntegerField()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.account}: {self.minutes:+d}"


class OverheadBase(models.TextChoices):
    STAFF = "staff", _("staff cost")
    DIRECT = "direct", _("staff cost, expenses and recognition payments")
    ALL = "all", _("all costs including participants' time")


class Costing(models.Model):
    """How a project counts its overheads."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE,
                                   related_name="costing")
    overhead_percent = models.DecimalField(_("overheads (%)"), max_digits=5, decimal_places=2,
                                           default=Decimal("0"))
    overhead_base = models.CharField(_("as a share of"), max_length=10,
                                     choices=OverheadBase.choices, default=OverheadBase.STAFF)

    def __str__(self) -> str:
        return f"{self.overhead_percent}% of {self.get_overhead_base_display()}"


class Funding(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE,
                                related_name="funding")
    funder = models.CharField(_("funder"), max_length=150)
    amount_pence = models.PositiveIntegerField(_("amount (pence)"))
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.funder} £{self.amount_pence / 100:.2f}"


class Published(models.Model):
    """True-cost figures as they were published: later changes to rates never alter them."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="published_costs")
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    figures = models.JSONField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.title


def new_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(models.Model):
    """Thanks for confirmed time given, with figures frozen when it was made."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="certificates")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="certificates")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    language = models.CharField(max_length=2, choices=[("en", "English"), ("cy", "Cymraeg")])
    name = models.CharField(max_length=150)
    minutes = models.PositiveIntegerField()
    activities = models.JSONField(default=list)
    first_on = models.DateField()
    last_on = models.DateField()
    signatory = models.CharField(max_length=150, blank=True)
    thanks = models.TextField(blank=True)
    issued_on = models.DateField(default=datetime.date.today)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"Certificate {self.code}"

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

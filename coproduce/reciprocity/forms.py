import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.lib.formchecks import OnceForm, PlainTextForm, PlainTextModelForm, date_input
from coproduce.organisations.models import STAFF_ROLES
from coproduce.people.models import Person
from coproduce.people.picker import PersonField, PickerForm, limit_people
from coproduce.projects.models import Project

from . import hours
from .claims import receipt_type
from .models import (
    Activity,
    Benefits,
    Claim,
    Costing,
    CreditAccount,
    Funding,
    Offer,
    OfferKind,
    OfferStatus,
    PayMethod,
    Rate,
    RateCard,
    Settings,
    Side,
    StaffCost,
)
from .money import AmountError, parse_minutes, parse_pence


class AmountField(forms.CharField):
    """Pounds and pence as people type them ('£1,200.50'), cleaned to whole pence."""

    def __init__(self, *args: Any, allow_zero: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("In pounds and pence, for example 12.50"))
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.allow_zero = allow_zero
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-10"})

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            pence = parse_pence(text)
        except AmountError:
            raise ValidationError(_("Enter an amount in pounds and pence, like 12.50 or "
                                    "£1,200")) from None
        if pence < 0 or (pence == 0 and not self.allow_zero):
            raise ValidationError(_("Enter an amount greater than zero"))
        if pence > 100_000_000:
            raise ValidationError(_("Enter an amount under £1,000,000"))
        return pence


class HoursField(forms.CharField):
    """A length of time in hours ('2.5', '2:30'), cleaned to whole minutes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("In hours: for example 2.5 or 2:30"))
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "govuk-input--width-5"})

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        try:
            if ":" in text:
                whole, _sep, part = text.partition(":")
                minutes = int(whole) * 60 + int(part)
                if not 0 <= int(part) < 60:
                    raise ValueError(text)
            else:
                minutes = parse_minutes(text, hours=True)
        except ValueError:
            raise ValidationError(_("Enter the time in hours, like 2.5 or 2:30")) from None
        if minutes <= 0:
            raise ValidationError(_("Enter a length of time greater than zero"))
        return minutes


def people_of(organisation: Any) -> Any:
    return Person.objects.filter(organisation=organisation).active()


def staff_of(organisation: Any) -> Any:
    return User.objects.filter(memberships__organisation=organisation,
                               memberships__role__in=STAFF_ROLES).order_by("email")


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class HoursForm(PickerForm, OnceForm, PlainTextForm):
    side = forms.ChoiceField(label=gettext_lazy("Who gave the time"), choices=Side.choices,
                             widget=forms.RadioSelect, initial=Side.PARTICIPANT)
    person = PersonField(label=gettext_lazy("Participant"), required=False)
    staff = StaffChoice(label=gettext_lazy("Staff member"), queryset=User.objects,
                        required=False)
    on = forms.DateField(label=gettext_lazy("Date"), widget=date_input())
    minutes = HoursField(label=gettext_lazy("How long"))
    activity = forms.ChoiceField(label=gettext_lazy("What"), choices=Activity.choices)
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects,
                                     required=False)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300,
                                  required=False)
    confirmed = forms.BooleanField(label=gettext_lazy("The time is confirmed"), required=False,
                                   help_text=gettext_lazy("Leave unticked if someone still "
                                                          "needs to check it."))
    checked = forms.BooleanField(label=gettext_lazy("I have checked this is right"),
                                 required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.warnings: list[str] = []
        limit_people(self.fields.values(), organisation)
        self.fields["staff"].queryset = staff_of(organisation)  # type: ignore[attr-defined]
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        side = cleaned.get("side")
        if side == Side.PARTICIPANT and not cleaned.get("person"):
            self.add_error("person", _("Choose the participant"))
        if side == Side.STAFF and not cleaned.get("staff"):
            self.add_error("staff", _("Choose the staff member"))
        if self.errors or not cleaned.get("minutes"):
            return cleaned
        giver = hours.Giver(person=cleaned["person"]) if side == Side.PARTICIPANT else \
            hours.Giver(staff=cleaned["staff"])
        try:
            self.warnings = hours.check_minutes(self.organisation, giver, cleaned["on"],
                                                cleaned["minutes"])
        except ValidationError as error:
            self.add_error("minutes", error)
            return cleaned
        if self.warnings and not cleaned.get("checked"):
            self.fields["checked"].widget = forms.CheckboxInput()
            self.add_error("checked", self.warnings[0])
        cleaned["giver"] = giver
        return cleaned


class AttendanceForm(PlainTextForm):
    """Everyone at a meeting in one step: tick who came, and how long they gave."""

    people = forms.ModelMultipleChoiceField(label=gettext_lazy("Participants"),
                                            queryset=Person.objects, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    staff = forms.ModelMultipleChoiceField(label=gettext_lazy("Staff"), queryset=User.objects,
                                           required=False, widget=forms.CheckboxSelectMultiple)
    minutes = HoursField(label=gettext_lazy("How long each gave"))
    confirmed = forms.BooleanField(label=gettext_lazy("The time is confirmed"), required=False,
                                   initial=True)

    def __init__(self, *args: Any, people: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.email)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not cleaned.get("people") and not cleaned.get("staff"):
            self.add_error("people", _("Tick at least one person who came"))
        return cleaned


class DisputeForm(PlainTextForm):
    note = forms.CharField(label=gettext_lazy("What is wrong with this entry?"),
                           max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectForm(PlainTextForm):
    minutes = HoursField(label=gettext_lazy("The right length of time"))
    note = forms.CharField(label=gettext_lazy("Note for the history"), max_length=500)


class ClaimForm(PickerForm, OnceForm, PlainTextModelForm):
    person = PersonField(label=gettext_lazy("Who it is for"))
    amount = AmountField(label=gettext_lazy("Amount"))
    receipts = forms.FileField(
        label=gettext_lazy("Receipt"), required=False,
        help_text=gettext_lazy("A photo or PDF, up to 10 MB. Expenses are paid back in full; "
                               "a receipt helps but is not always needed."))

    class Meta:
        model = Claim
        fields = ["person", "kind", "spent_on", "description", "project", "in_advance",
                  "supplier"]
        widgets = {"spent_on": date_input()}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["in_advance"].help_text = _("People cannot always wait to be paid back.")
        self.order_fields(["person", "kind", "amount", "spent_on"])

    def clean_receipts(self) -> Any:
        upload = self.cleaned_data.get("receipts")
        if upload:
            receipt_type(upload)
        return upload


class DecideForm(PlainTextForm):
    reason = forms.CharField(label=gettext_lazy("Reason (needed to reject)"), max_length=500,
                             required=False)


class PayForm(PlainTextForm):
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=date_input(),
                              initial=datetime.date.today)
    method = forms.ChoiceField(label=gettext_lazy("How"), choices=PayMethod.choices)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=100,
                                required=False)


class ReverseForm(PlainTextForm):
    reason = forms.CharField(label=gettext_lazy("Why is it reversed?"), max_length=500)


class OfferForm(PickerForm, OnceForm, PlainTextModelForm):
    person = PersonField(label=gettext_lazy("Who"))
    amount = AmountField(label=gettext_lazy("Amount"))
    warnings_seen = forms.BooleanField(
        label=gettext_lazy("I have read the warning and talked with them about how they "
                           "would like to be recognised"), required=False,
        widget=forms.HiddenInput)

    class Meta:
        model = Offer
        fields = ["person", "kind", "activity", "project", "offered_on"]
        widgets = {"offered_on": date_input(), "kind": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["kind"].choices = OfferKind.choices  # type: ignore[attr-defined]
        self.order_fields(["person", "kind", "amount", "activity"])


class AnswerForm(PlainTextForm):
    status = forms.ChoiceField(label=gettext_lazy("What did they choose?"),
                               widget=forms.RadioSelect, choices=[
                                   (OfferStatus.ACCEPTED, gettext_lazy("Accept it all")),
                                   (OfferStatus.PART, gettext_lazy("Take part of it")),
                                   (OfferStatus.DECLINED, gettext_lazy("Decline it")),
                                   (OfferStatus.CHARITY, gettext_lazy("Give it to a charity")),
                                   (OfferStatus.CREDITS, gettext_lazy("Take time credits "
                                                                      "instead"))])
    taken = AmountField(label=gettext_lazy("The part they take"), required=False)
    charity = forms.CharField(label=gettext_lazy("Which charity"), max_length=150,
                              required=False)
    credit_minutes = HoursField(label=gettext_lazy("Hours of time credits instead"),
                                required=False)


class PreferenceForm(PlainTextForm):
    receives_benefits = forms.ChoiceField(label=gettext_lazy("Do they receive benefits?"),
                                          choices=[("", "—"), *Benefits.choices],
                                          required=False)
    preference = forms.CharField(label=gettext_lazy("How they prefer to be recognised"),
                                 max_length=500, required=False,
                                 help_text=gettext_lazy("For example: vouchers, time credits, "
                                                        "expenses only, a gift to a charity."))


class TransferForm(PickerForm, PlainTextForm):
    source = PersonField(label=gettext_lazy("From"), required=False,
                         help_text=gettext_lazy("Leave empty for the organisation."))
    target = PersonField(label=gettext_lazy("To"), required=False,
                         help_text=gettext_lazy("Leave empty for the organisation."))
    minutes = HoursField(label=gettext_lazy("Hours of credit"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), widget=forms.RadioSelect, choices=[
        ("gift", gettext_lazy("A gift from one person to another")),
        ("spend", gettext_lazy("Spent on an offer (event, course, partner's offer)")),
        ("issue", gettext_lazy("Issued by the organisation"))])
    note = forms.CharField(label=gettext_lazy("What for"), max_length=300)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "source" in cleaned and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Credits cannot be given to the same account they "
                                       "come from"))
        return cleaned


class LimitForm(PlainTextModelForm):
    class Meta:
        model = CreditAccount
        fields = ["limit_minutes"]


class CardForm(PlainTextModelForm):
    amount = AmountField(label=gettext_lazy("Amount"))
    effective_from = forms.DateField(label=gettext_lazy("Applies from"), widget=date_input())
    effective_to = forms.DateField(label=gettext_lazy("Applies until"), widget=date_input(),
                                   required=False)
    source_url = forms.URLField(label=gettext_lazy("source address"), required=False,
                                assume_scheme="https")

    class Meta:
        model = RateCard
        fields = ["name", "name_cy", "unit", "source_title", "source_url"]


class RateForm(PlainTextModelForm):
    amount = AmountField(label=gettext_lazy("Amount"))

    class Meta:
        model = Rate
        fields = ["effective_from", "effective_to"]
        widgets = {"effective_from": date_input(), "effective_to": date_input()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("effective_from"), cleaned.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("The end must be on or after the start"))
        return cleaned


class StaffCostForm(PlainTextModelForm):
    hourly = AmountField(label=gettext_lazy("Cost of an hour"),
                         help_text=gettext_lazy("Salary plus employer's costs, per hour."))
    user = StaffChoice(label=gettext_lazy("Staff member"), queryset=User.objects)

    class Meta:
        model = StaffCost
        fields = ["user", "effective_from"]
        widgets = {"effective_from": date_input()}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_of(organisation)  # type: ignore[attr-defined]


class SettingsForm(PlainTextModelForm):
    weekly = AmountField(label=gettext_lazy("Warn at this amount a week"), required=False)
    monthly = AmountField(label=gettext_lazy("Warn at this amount a month"), required=False)

    class Meta:
        model = Settings
        fields = ["participant_card", "issue_credits", "credit_ratio", "benefits_note",
                  "signatory", "thanks", "thanks_cy"]
        widgets = {"benefits_note": forms.Textarea(attrs={"rows": 3}),
                   "thanks": forms.Textarea(attrs={"rows": 3}),
                   "thanks_cy": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, cards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant_card"].queryset = cards  # type: ignore[attr-defined]
        self.order_fields(["participant_card", "issue_credits", "credit_ratio", "weekly",
                           "monthly", "benefits_note"])

    def clean_credit_ratio(self) -> Any:
        ratio = self.cleaned_data["credit_ratio"]
        if ratio is not None and ratio <= 0:
            raise ValidationError(_("Enter a ratio greater than zero"))
        return ratio


class CostingForm(PlainTextModelForm):
    class Meta:
        model = Costing
        fields = ["overhead_percent", "overhead_base"]

    def clean_overhead_percent(self) -> Any:
        value = self.cleaned_data["overhead_percent"]
        if value is not None and not 0 <= value <= 100:
            raise ValidationError(_("Enter a percentage from 0 to 100"))
        return value


class FundingForm(PlainTextModelForm):
    amount = AmountField(label=gettext_lazy("Amount"))

    class Meta:
        model = Funding
        fields = ["funder", "starts_on", "ends_on"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}


class PeriodForm(forms.Form):
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects,
                                     required=False, empty_label=gettext_lazy("All projects"))
    start = forms.DateField(label=gettext_lazy("From"), widget=date_input(), required=False)
    end = forms.DateField(label=gettext_lazy("To"), widget=date_input(), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end must be on or after the start"))
        return cleaned


class CertificateForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), widget=forms.RadioSelect,
                                 choices=[("en", "English"), ("cy", "Cymraeg")], initial="en")


def today() -> datetime.date:
    return timezone.localdate()

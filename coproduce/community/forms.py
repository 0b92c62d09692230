import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.lib.formchecks import PlainTextForm, PlainTextModelForm, date_input
from coproduce.people.models import Group
from coproduce.people.picker import PersonField, PickerForm, limit_people
from coproduce.themes.models import Theme
from coproduce.voices.models import Voice

from .models import (
    AccessFeature,
    Agreement,
    Asset,
    AssetKind,
    Check,
    CommunityRole,
    Course,
    CourseTaken,
    Day,
    GroupReview,
    Offer,
    SupportSession,
    TimeOfDay,
)

# The shapes a UK postcode can take (outward code, a space, inward code), plus GIR 0AA.
POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
                      r"|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$")


def clean_postcode(text: str) -> str:
    """The postcode in capitals with one space, or a ValueError if no postcode looks so."""
    compact = "".join(text.split()).upper()
    if not compact:
        return ""
    if not POSTCODE.match(compact):
        raise ValueError(text)
    return f"{compact[:-3]} {compact[-3:]}"


def check_dates(form: forms.BaseForm, first: str, then: str, message: str) -> None:
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(then)
    if start and end and end <= start:
        form.add_error(then, message)


class RoleForm(PlainTextModelForm):
    class Meta:
        model = CommunityRole
        fields = ["name", "name_cy", "description", "skills", "courses", "check_level",
                  "needs_agreement", "hosts_meetings"]
        widgets = {"courses": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["courses"].queryset = Course.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["check_level"].choices = [  # type: ignore[attr-defined]
            ("", _("No check needed")), *self.fields["check_level"].choices[1:]]  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if CommunityRole.objects.filter(organisation=self.organisation, name__iexact=name
                                        ).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a role with this name."))
        return name


class CourseForm(PlainTextModelForm):
    class Meta:
        model = Course
        fields = ["name", "name_cy", "valid_months"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if Course.objects.filter(organisation=self.organisation, name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a course with this name."))
        return name


class GiveRoleForm(PickerForm, PlainTextForm):
    person = PersonField(label=gettext_lazy("Who"))
    since = forms.DateField(label=gettext_lazy("From"), widget=date_input(),
                            initial=datetime.date.today)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)


class OpenRecordForm(PickerForm, PlainTextForm):
    person = PersonField(label=gettext_lazy("Whose record"))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)


class CourseTakenForm(PlainTextModelForm):
    class Meta:
        model = CourseTaken
        fields = ["course", "taken_on", "provider", "expires_on"]
        widgets = {"taken_on": date_input(), "expires_on": date_input()}
        help_texts = {"expires_on": gettext_lazy("Leave empty to work it out from the course "
                                                 "(or if it never expires).")}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        course, taken = cleaned.get("course"), cleaned.get("taken_on")
        if course and taken and not cleaned.get("expires_on") and course.valid_months:
            cleaned["expires_on"] = add_months(taken, course.valid_months)
            self.instance.expires_on = cleaned["expires_on"]
        return cleaned


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


class CheckForm(PlainTextModelForm):
    class Meta:
        model = Check
        fields = ["level", "checked_on", "expires_on", "certificate_number"]
        widgets = {"checked_on": date_input(), "expires_on": date_input(),
                   "certificate_number": forms.TextInput(attrs={"autocomplete": "off"}),
                   "level": forms.RadioSelect}
        help_texts = {"expires_on": gettext_lazy("Many organisations recheck every three "
                                                 "years."),
                      "certificate_number": gettext_lazy("Kept encrypted. Viewing it later is "
                                                         "recorded in the audit log.")}

    def clean_certificate_number(self) -> str:
        number = "".join(self.cleaned_data.get("certificate_number", "").split())
        if number and not re.fullmatch(r"[0-9A-Za-z]{6,20}", number):
            raise forms.ValidationError(_("A certificate number is 6 to 20 letters and digits."))
        return number


class SessionForm(PlainTextModelForm):
    class Meta:
        model = SupportSession
        fields = ["kind", "on", "with_whom", "notes"]
        widgets = {"on": date_input(), "kind": forms.RadioSelect,
                   "notes": forms.Textarea(attrs={"rows": 5})}

    def clean_on(self) -> datetime.date:
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A session can be recorded once it has happened."))
        return day


class OfferForm(PlainTextModelForm):
    days = forms.MultipleChoiceField(label=gettext_lazy("Days they are available"),
                                     choices=Day.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    times = forms.MultipleChoiceField(label=gettext_lazy("Times they are available"),
                                      choices=TimeOfDay.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Offer
        fields = ["skills", "interests", "lived_experience", "days", "times", "max_asks",
                  "asks_per", "share_skills"]
        widgets = {"lived_experience": forms.Textarea(attrs={"rows": 3}),
                   "asks_per": forms.RadioSelect}

    def __init__(self, *args: Any, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sensitive:  # lived experience is shown only to those who may see it
            del self.fields["lived_experience"]

    def clean_max_asks(self) -> int | None:
        value = self.cleaned_data.get("max_asks")
        if value is not None and not 1 <= value <= 31:
            raise forms.ValidationError(_("Enter a number from 1 to 31, or leave it empty."))
        return value


class BreakForm(PlainTextForm):
    until = forms.DateField(label=gettext_lazy("Taking a break until"), widget=date_input(),
                            help_text=gettext_lazy("They are not invited to meetings, and not "
                                                   "listed as not heard from, until then."))

    def clean_until(self) -> datetime.date:
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("The return date must be in the future."))
        return until


class AgreementForm(PlainTextModelForm):
    class Meta:
        model = Agreement
        fields = ["role", "language", "what", "time_asked", "support", "recognition",
                  "contact", "review_on"]
        widgets = {"review_on": date_input(), "language": forms.RadioSelect,
                   "what": forms.Textarea(attrs={"rows": 4}),
                   "support": forms.Textarea(attrs={"rows": 3}),
                   "recognition": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = CommunityRole.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean_review_on(self) -> datetime.date:
        day = self.cleaned_data["review_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The review date must be in the future."))
        return day


class AssetForm(PlainTextModelForm):
    access = forms.MultipleChoiceField(label=gettext_lazy("Access features"),
                                       choices=AccessFeature.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    voice_numbers = forms.CharField(
        label=gettext_lazy("Voices that ask for it"), required=False, max_length=500,
        help_text=gettext_lazy("The numbers of the voices, separated by commas."))

    class Meta:
        model = Asset
        fields = ["kind", "name", "name_cy", "description", "description_cy", "postcode",
                  "latitude", "longitude", "access", "contact", "groups", "themes"]
        widgets = {"kind": forms.RadioSelect, "groups": forms.CheckboxSelectMultiple,
                   "themes": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "description_cy": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"latitude": gettext_lazy("For the map: for example 53.48095."),
                      "longitude": gettext_lazy("For the map: for example -2.23743.")}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["groups"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["themes"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation).order_by("label")
        self.fields["kind"].choices = AssetKind.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["voice_numbers"] = ", ".join(
                str(pk) for pk in self.instance.voices.values_list("pk", flat=True))

    def clean_postcode(self) -> str:
        try:
            return clean_postcode(self.cleaned_data.get("postcode", ""))
        except ValueError:
            raise forms.ValidationError(_("Enter a real UK postcode, like CF10 1AA, or leave "
                                          "it empty.")) from None

    def clean_latitude(self) -> Decimal | None:
        return in_range(self.cleaned_data.get("latitude"), 49, 61)

    def clean_longitude(self) -> Decimal | None:
        return in_range(self.cleaned_data.get("longitude"), -9, 2)

    def clean_voice_numbers(self) -> list[Voice]:
        text = self.cleaned_data.get("voice_numbers", "")
        numbers = [part.strip().lstrip("#") for part in text.replace(";", ",").split(",")
                   if part.strip()]
        if not all(number.isdigit() for number in numbers):
            raise forms.ValidationError(_("Give voice numbers only, separated by commas."))
        voices = list(Voice.objects.filter(organisation=self.organisation,
                                           pk__in=[int(n) for n in numbers]))
        if len(voices) != len(set(numbers)):
            raise forms.ValidationError(_("Some of these numbers are not voices of this "
                                          "organisation."))
        return voices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None) and not (
                self.errors.get("latitude") or self.errors.get("longitude")):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return cleaned


def in_range(value: Decimal | None, low: int, high: int) -> Decimal | None:
    """Coordinates in or around the United Kingdom (where the postcodes are)."""
    if value is not None and not low <= value <= high:
        raise forms.ValidationError(_("This is not in the United Kingdom: between %(low)s "
                                      "and %(high)s.") % {"low": low, "high": high})
    return value


class FindForm(PlainTextForm):
    role = forms.ModelChoiceField(label=gettext_lazy("For the role"), required=False,
                                  queryset=CommunityRole.objects.none(),
                                  empty_label=gettext_lazy("Any role"))
    skills = forms.CharField(label=gettext_lazy("Skills wanted"), required=False,
                             max_length=200, help_text=gettext_lazy("Separate with commas."))
    day = forms.ChoiceField(label=gettext_lazy("Day"), required=False,
                            choices=[("", gettext_lazy("Any day")), *Day.choices])
    time = forms.ChoiceField(label=gettext_lazy("Time"), required=False,
                             choices=[("", gettext_lazy("Any time")), *TimeOfDay.choices])

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = CommunityRole.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)


class ReviewForm(PlainTextModelForm):
    class Meta:
        model = GroupReview
        fields = ["reviewed_on", "notes", "next_review_on"]
        widgets = {"reviewed_on": date_input(), "next_review_on": date_input(),
                   "notes": forms.Textarea(attrs={"rows": 4})}

    def clean_reviewed_on(self) -> datetime.date:
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A review can be recorded once it has happened."))
        return day

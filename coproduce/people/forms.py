import datetime
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, PlainTextModelForm, date_input

from .models import (
    ConsentPurpose,
    ContactWay,
    Group,
    JourneyStage,
    Language,
    NeedKind,
    Person,
    RecordedHow,
    SensitiveInfo,
)


def not_in_future(value: datetime.date) -> datetime.date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date must be today or in the past."))
    return value


class PersonForm(PlainTextModelForm):
    contact_ways = forms.MultipleChoiceField(
        label=_("Preferred ways to be contacted"),
        choices=ContactWay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Accessibility needs"),
        choices=NeedKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_language = forms.CharField(
        label=_("Language for the interpreter"), max_length=100, required=False
    )
    other_need = forms.CharField(label=_("Other need"), max_length=200, required=False)

    class Meta:
        model = Person
        fields = ["name", "email", "phone", "address", "postcode", "contact_ways", "languages",
                  "preferred_language", "groups", "date_joined", "quote_as"]
        widgets = {
            "preferred_language": forms.RadioSelect,
            "groups": forms.CheckboxSelectMultiple,
            "date_joined": date_input(),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("Enter their name, or a pseudonym")},
            "date_joined": {"required": _("Enter the date they joined, like 2025-03-31"),
                            "invalid": _("Enter a real date, like 2025-03-31")},
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        # Forms and imports made before the choice existed leave it out: English, as before.
        self.fields["preferred_language"].required = False
        if self.instance.pk:
            needs = list(self.instance.access_needs.all())
            self.initial["access_needs"] = [need.kind for need in needs]
            for need in needs:
                if need.kind == NeedKind.INTERPRETER:
                    self.initial["interpreter_language"] = need.detail
                if need.kind == NeedKind.OTHER:
                    self.initial["other_need"] = need.detail

    def clean_date_joined(self) -> datetime.date:
        return not_in_future(self.cleaned_data["date_joined"])

    def clean_preferred_language(self) -> str:
        return self.cleaned_data.get("preferred_language") or Language.ENGLISH

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        needs = cleaned.get("access_needs") or []
        if NeedKind.OTHER in needs and not cleaned.get("other_need"):
            self.add_error("other_need", _("Say what the other need is."))
        return cleaned

    def need_details(self) -> dict[str, str]:
        return {
            NeedKind.INTERPRETER: self.cleaned_data.get("interpreter_language", ""),
            NeedKind.OTHER: self.cleaned_data.get("other_need", ""),
        }


class NewPersonForm(PersonForm):
    """Adding someone also records the consents they give there and then."""

    consents = forms.MultipleChoiceField(
        label=_("Consent given today"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_how = forms.ChoiceField(
        label=_("How was consent recorded?"), choices=RecordedHow.choices, required=False,
        initial=RecordedHow.IN_PERSON,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("consents") and not cleaned.get("consent_how"):
            self.add_error("consent_how", _("Say how consent was recorded."))
        return cleaned


class ConsentForm(PlainTextForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("Consent"),
        choices=[("yes", _("Given")), ("no", _("Withdrawn or refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    how = forms.ChoiceField(label=_("How was it recorded?"), choices=RecordedHow.choices)
    recorded_on = forms.DateField(
        label=_("Date"), widget=date_input(),
        initial=datetime.date.today,
    )

    def clean_recorded_on(self) -> datetime.date:
        return not_in_future(self.cleaned_data["recorded_on"])


class JourneyStepForm(PlainTextForm):
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=JourneyStage.objects.none())
    on = forms.DateField(
        label=_("Date"), widget=date_input(),
        initial=datetime.date.today,
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = JourneyStage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean_on(self) -> datetime.date:
        return not_in_future(self.cleaned_data["on"])


class SensitiveInfoForm(PlainTextModelForm):
    class Meta:
        model = SensitiveInfo
        fields = SensitiveInfo.FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in SensitiveInfo.FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(2000))


class GroupForm(PlainTextModelForm):
    class Meta:
        model = Group
        fields = ["name", "name_cy"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Group.objects.filter(organisation=self.organisation, name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a group with this name."))
        return name


class StageForm(PlainTextModelForm):
    class Meta:
        model = JourneyStage
        fields = ["name", "name_cy", "position", "requires_training"]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name, email, phone or postcode"), required=False,
                        max_length=100)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(),
                                   required=False, empty_label=_("Any group"))
    stage = forms.ModelChoiceField(label=_("Journey stage"), queryset=JourneyStage.objects.none(),
                                   required=False, empty_label=_("Any stage"))
    need = forms.ChoiceField(label=_("Accessibility need"),
                             choices=[("", _("Any need"))] + NeedKind.choices, required=False)
    archived = forms.BooleanField(label=_("Show archived people only"), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["stage"].queryset = JourneyStage.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class EraseForm(PlainTextForm):
    """Erasure cannot be undone: the voices choice is asked every time, with no default."""

    voices = forms.ChoiceField(
        label=_("What should happen to what they said?"),
        choices=[("delete", _("Delete their voices too")),
                 ("keep", _("Keep their voices, with nothing that identifies them"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what should happen to their voices.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={"required": _("Confirm that you understand this cannot be undone.")},
    )

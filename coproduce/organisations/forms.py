from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, PlainTextModelForm, SearchInPlaceForm

from .models import Membership, Organisation, Role


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Which language do you want to use?"), widget=forms.RadioSelect,
        choices=[("en", "English"), ("cy", "Cymraeg")],
        help_text=_("Pages, and the emails Coproduce sends you, will be in this language on "
                    "every device you sign in on."),
        error_messages={"required": _("Choose a language"),
                        "invalid_choice": _("Choose English or Cymraeg")})


class MemberAddForm(PlainTextForm):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)


# How a login's record in People is chosen. The people app hands over its picker when it
# starts, because this app may not import people (it sits below it).
PERSON_CHOOSERS: list[Callable[..., forms.Field]] = []


def choose_people_with(factory: Callable[..., forms.Field]) -> None:
    PERSON_CHOOSERS[:] = [factory]


class MemberRoleForm(SearchInPlaceForm, PlainTextModelForm):
    class Meta:
        model = Membership
        fields = ["role", "may_view_sensitive", "person"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        old = self.base_fields["person"]
        if PERSON_CHOOSERS:
            self.base_fields = {**self.base_fields, "person": PERSON_CHOOSERS[0](  # type: ignore[misc]
                organisation, required=False, label=old.label, help_text=old.help_text)}
        super().__init__(*args, **kwargs)


class ApiTokenForm(PlainTextForm):
    name = forms.CharField(label=_("What is the token for?"), max_length=100,
                           help_text=_("For example: the survey tool, or the website form."))


class OrganisationSettingsForm(PlainTextModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_cy", "participant_hourly_value", "postal_address",
                  "contact_phone", "contact_email", "sign_off", "sign_off_cy", "retention_years"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 4})}

    def clean_participant_hourly_value(self) -> object:
        value = self.cleaned_data["participant_hourly_value"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("The value cannot be negative."))
        return value

    def clean_retention_years(self) -> object:
        value = self.cleaned_data["retention_years"]
        if value is not None and not 1 <= value <= 100:
            raise forms.ValidationError(_("Enter a number of years from 1 to 100."))
        return value

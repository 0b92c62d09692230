from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, PlainTextModelForm

from .models import Membership, Organisation, Role


class MemberAddForm(PlainTextForm):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)


class MemberRoleForm(PlainTextModelForm):
    class Meta:
        model = Membership
        fields = ["role", "may_view_sensitive", "person"]
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from coproduce.people.models import Person

        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation).active()


class ApiTokenForm(PlainTextForm):
    name = forms.CharField(label=_("What is the token for?"), max_length=100,
                           help_text=_("For example: the survey tool, or the website form."))


class OrganisationSettingsForm(PlainTextModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_cy", "participant_hourly_value", "retention_years"]

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

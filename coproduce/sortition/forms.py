import secrets
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import Group
from coproduce.voices.models import Voice

from .models import Algorithm


class SelectionForm(forms.Form):
    title = forms.CharField(label=_("What the panel is for"), max_length=150)
    pool = forms.FileField(label=_("The pool (CSV)"),
                           help_text=_("One row per volunteer who has agreed to be "
                                       "selected: an id column and one column per feature."))
    quotas = forms.FileField(label=_("The quotas (CSV)"),
                             help_text=_("Columns feature, value, min and max."))
    size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=500)
    id_column = forms.CharField(label=_("Id column"), initial="id", max_length=50)
    household = forms.CharField(label=_("Address columns, for at most one per household"),
                                required=False, max_length=200,
                                help_text=_("For example: address,postcode"))
    algorithm = forms.ChoiceField(label=_("Method"), choices=Algorithm.choices,
                                  initial=Algorithm.MAXIMIN, widget=forms.RadioSelect)
    seed = forms.CharField(label=_("Public seed"), max_length=64, required=False,
                           help_text=_("Leave blank to draw one. Publish it before the draw, "
                                       "for example numbers read out at a meeting."))
    special = forms.CharField(
        label=_("Columns holding special-category information"), required=False,
        max_length=300, help_text=_("For example: ethnicity,disability. Columns with those "
                                    "usual names are treated so without being listed."))

    def clean_seed(self) -> Any:
        return self.cleaned_data["seed"].strip() or secrets.token_hex(8)


class ReplaceForm(forms.Form):
    leaving = forms.CharField(label=_("Id of the panel member who has dropped out"),
                              max_length=100)


class Source(models.TextChoices):
    PEOPLE = "people", _("Everyone in People who agreed to be contacted")
    GROUP = "group", _("People in one group or community")
    INTEREST = "interest", _("The people interested in an idea (its interest list)")


class PeoplePoolForm(forms.Form):
    """Draw a panel from People: the consent gate is applied, whoever is chosen here."""

    title = forms.CharField(label=_("What the panel is for"), max_length=150)
    source = forms.ChoiceField(label=_("Who is in the pool"), choices=Source.choices,
                               initial=Source.PEOPLE, widget=forms.RadioSelect)
    group = forms.ModelChoiceField(label=_("Group or community"), required=False,
                                   queryset=Group.objects.none())
    voice = forms.ModelChoiceField(label=_("Idea"), required=False,
                                   queryset=Voice.objects.none(),
                                   help_text=_("Ideas with people waiting on them."))
    quotas = forms.FileField(
        label=_("The quotas (CSV)"),
        help_text=_("Columns feature, value, min and max. Features: area (the first half of "
                    "the postcode), language (en or cy), stage (journey stage), and, for "
                    "people who agreed to it being kept, health, disability, "
                    "sexual_orientation, gender_identity, ethnicity and housing_situation. "
                    "Anyone without a value counts as “not recorded”."))
    size = forms.IntegerField(label=_("Panel size"), min_value=1, max_value=500)
    household = forms.BooleanField(label=_("At most one person per household (same address "
                                           "and postcode)"), required=False, initial=True)
    algorithm = forms.ChoiceField(label=_("Method"), choices=Algorithm.choices,
                                  initial=Algorithm.MAXIMIN, widget=forms.RadioSelect)
    seed = forms.CharField(label=_("Public seed"), max_length=64, required=False,
                           help_text=_("Leave blank to draw one. Publish it before the draw."))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["voice"].queryset = Voice.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, interests__isnull=False).distinct().order_by("-pk")

    def clean_seed(self) -> Any:
        return self.cleaned_data["seed"].strip() or secrets.token_hex(8)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == Source.GROUP and not data.get("group"):
            self.add_error("group", _("Choose the group or community."))
        if data.get("source") == Source.INTEREST and not data.get("voice"):
            self.add_error("voice", _("Choose the idea whose interest list is the pool."))
        return data

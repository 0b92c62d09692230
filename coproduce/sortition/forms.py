import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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

    def clean_seed(self) -> Any:
        return self.cleaned_data["seed"].strip() or secrets.token_hex(8)


class ReplaceForm(forms.Form):
    leaving = forms.CharField(label=_("Id of the panel member who has dropped out"),
                              max_length=100)

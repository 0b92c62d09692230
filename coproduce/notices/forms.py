from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm

from .models import Method, State


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("Any state"))] + State.choices)
    method = forms.ChoiceField(label=_("How"), required=False,
                               choices=[("", _("Any way"))] + Method.choices)


class CallForm(PlainTextForm):
    note = forms.CharField(label=_("What happened on the call"), required=False,
                           max_length=500,
                           help_text=_("For example: told them, they are pleased."))

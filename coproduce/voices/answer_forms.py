"""Forms for answering voices: one outcome for many, a correction."""

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, date_input

from .models import MAX_TEXT, OutcomeKind


class OutcomeForm(PlainTextForm):
    kind = forms.ChoiceField(
        label=_("What has happened?"), choices=OutcomeKind.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose done, not possible or progress update")})
    text = forms.CharField(
        label=_("What was done, why it was not possible, or the step reached"),
        max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Written once for everyone. Each person's message also quotes what they "
                    "said themselves, and nobody else's words."))
    text_cy = forms.CharField(
        label=_("The same in Welsh"), max_length=MAX_TEXT, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("People whose language is Welsh get this text."))
    asked = forms.CharField(
        label=_("What people asked for, in your own words"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “More seaside trips in summer”. Sent to people who only "
                    "asked to hear about the idea, and shown on the public page. Identify "
                    "nobody."))
    asked_cy = forms.CharField(label=_("What people asked for, in Welsh"), max_length=1000,
                               required=False, widget=forms.Textarea(attrs={"rows": 2}))
    title = forms.CharField(label=_("Short name"), max_length=150, required=False,
                            help_text=_("For example: Seaside trips."))
    title_cy = forms.CharField(label=_("Short name in Welsh"), max_length=150, required=False)
    happened_on = forms.DateField(label=_("Date"), widget=date_input(),
                                  error_messages={"invalid": _("Enter a real date")})
    tell = forms.BooleanField(label=_("Tell the people behind these voices"), required=False,
                              help_text=_("You will see every message before anything is "
                                          "sent. Untick to record a step without telling "
                                          "anyone yet."))
    publish = forms.BooleanField(
        label=_("Show this on the public “You said, we did” page"), required=False,
        help_text=_("The page shows what people asked, how many people asked and how, and "
                    "what was done. People's own words appear only if they agreed to be "
                    "quoted."))
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4().hex)
        self.initial.setdefault("happened_on", timezone.localdate())
        self.initial.setdefault("tell", True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("text"):
            self.add_error("text", _("Say what was done, why it was not possible, or what "
                                     "the step is"))
        if cleaned.get("text_cy") and not cleaned.get("text") and "text" not in self.errors:
            self.add_error("text", _("Write the English text as well as the Welsh"))
        if cleaned.get("asked_cy") and not cleaned.get("asked"):
            self.add_error("asked", _("Write what people asked in English as well as in "
                                      "Welsh"))
        return cleaned


class CorrectionForm(PlainTextForm):
    text = forms.CharField(
        label=_("What is right"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what the correct information is")},
        help_text=_("Sent only to the people the first message reached, after you have seen "
                    "it."))
    text_cy = forms.CharField(label=_("The same in Welsh"), max_length=MAX_TEXT,
                              required=False, widget=forms.Textarea(attrs={"rows": 4}))

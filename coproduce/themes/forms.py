from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm
from coproduce.voices.models import Voice

from .models import Theme


class RenameForm(PlainTextForm):
    label = forms.CharField(label=_("Name"), max_length=150)
    confirm = forms.BooleanField(label=_("Confirm this theme: its voices become examples for "
                                         "suggestions"), required=False)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none(),
                                  error_messages={"required": _("Choose the theme to merge into")})

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            organisation=theme.organisation).exclude(pk=theme.pk)


class SplitForm(PlainTextForm):
    label = forms.CharField(label=_("Name of the new theme"), max_length=150)
    voices = forms.MultipleChoiceField(label=_("Voices to move into it"), choices=[],
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": _("Choose the voices")})

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voices"].choices = [  # type: ignore[attr-defined]
            (str(p.voice_id), p.voice.text[:80])
            for p in theme.placements.select_related("voice")]


class MoveForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(),
                                   error_messages={"required": _("Choose a theme")})

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)


class EmergingForm(PlainTextForm):
    """Confirm a possible new theme: its name and the recent voices it holds."""

    label = forms.CharField(label=_("Name of the new theme"), max_length=150)
    voices = forms.CharField(widget=forms.HiddenInput,
                             error_messages={"required": _("Choose the voices")})

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_voices(self) -> list[int]:
        raw = str(self.cleaned_data["voices"]).split(",")
        if not all(part.strip().isdigit() for part in raw):
            raise forms.ValidationError(_("Choose the voices"))
        wanted = {int(part) for part in raw}
        free = set(Voice.objects.filter(organisation=self.organisation, pk__in=wanted,
                                        placement__isnull=True).values_list("pk", flat=True))
        if not free:
            raise forms.ValidationError(_("These voices are already in a theme."))
        return sorted(free)

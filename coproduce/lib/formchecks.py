"""Checks every Coproduce form applies to what people type."""

import datetime
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .text import LINE_BREAK, has_control_characters, tidy

# Dates people mean fall in these years; anything outside is a slip (or an attack) that
# date arithmetic further on would choke on.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def refuse_line_breaks(value: str) -> None:
    """A model validator for text that ends up in an e-mail header (a subject line)."""
    if LINE_BREAK.search(value):
        raise ValidationError(_("Keep this on one line."))


class PlainTextForm(forms.Form):
    """Refuse control characters, line breaks in one-line fields and dates out of range."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        refuse_control_characters(self, cleaned)
        refuse_unlikely_dates(self, cleaned)
        return cleaned


class PlainTextModelForm(forms.ModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        refuse_control_characters(self, cleaned)
        refuse_unlikely_dates(self, cleaned)
        return cleaned


def refuse_control_characters(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    for name, value in list(cleaned.items()):
        if isinstance(value, str):
            field = form.fields.get(name)
            one_line = field is not None and not isinstance(field.widget, forms.Textarea)
            if has_control_characters(value):
                form.add_error(name, _("Remove the invisible control characters from this answer."))
            elif one_line and LINE_BREAK.search(value):
                form.add_error(name, _("Keep this answer on one line."))
            else:
                cleaned[name] = tidy(value)


def refuse_unlikely_dates(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    for name, value in list(cleaned.items()):
        day = value.date() if isinstance(value, datetime.datetime) else value
        if isinstance(day, datetime.date) and not EARLIEST <= day <= LATEST:
            form.add_error(name, _("Enter a date between %(first)s and %(last)s.")
                           % {"first": EARLIEST.year, "last": LATEST.year})


class OnceForm(forms.Form):
    """A form that can be saved once: a second post of the same page is recognised."""

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4().hex)

    def first_time(self) -> bool:
        """True the first time this page's token is used (shared by every app server)."""
        token = self.cleaned_data.get("form_token") or uuid.uuid4().hex
        return bool(cache.add(f"form-once:{token}", 1, timeout=7 * 24 * 3600))


SEARCH_PRESSED = "_picker_find"


class SearchInPlaceForm(forms.BaseForm):
    """A form with search buttons inside it (the people picker's): a press of one is a search,
    shown again with its results, never a submission, so nothing is saved and no error shown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if hasattr(field.widget, "form_data"):
                field.widget.form_data = self.data

    @property
    def searching(self) -> bool:
        return self.is_bound and bool(self.data.get(SEARCH_PRESSED))

    def full_clean(self) -> None:
        if self.searching:
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.searching and super().is_valid()


def date_input() -> forms.DateInput:
    """A native date picker; it needs ISO dates whatever the interface language."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file larger than COPRODUCE_MAX_UPLOAD_BYTES with a message that says the limit."""
    limit = settings.COPRODUCE_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            _("The file must be smaller than %(limit)s.") % {"limit": filesizeformat(limit)}
        )


class UploadForm(forms.Form):
    """One CSV or Excel file to import."""

    file = forms.FileField(
        label=gettext_lazy("CSV or Excel file"),
        help_text=gettext_lazy("The first row must name the columns. Up to 10 MB."),
        validators=[check_upload],
    )

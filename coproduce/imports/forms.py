from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import Importer


class MappingForm(forms.Form):
    """What each column of the file holds: one choice per column."""

    def __init__(self, *args: Any, importer: Importer, columns: list[str],
                 headers: list[str], mapping: dict[str, str], add_people: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.importer, self.columns = importer, columns
        choices = [("", _("Do not import this column")),
                   *((name, label) for name, label in importer.fields.items())]
        for index, column in enumerate(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column “%(name)s”") % {
                    "name": headers[index] if index < len(headers) and headers[index]
                    else column}, choices=choices,
                required=False, initial=mapping.get(column, ""))
        if importer.offers_new_people:
            self.fields["add_people"] = forms.BooleanField(
                label=_("Add people who are not in People yet"), required=False,
                initial=add_people,
                help_text=_("They are added with what the file says and no consent. Untick "
                            "to refuse those rows instead."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mapping = {column: cleaned.get(f"column_{index}", "")
                   for index, column in enumerate(self.columns)}
        mapping = {column: name for column, name in mapping.items() if name}
        for problem in self.importer.check_mapping(mapping):
            self.add_error(None, problem)
        cleaned["mapping"] = mapping
        return cleaned

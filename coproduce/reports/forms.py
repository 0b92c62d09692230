import datetime
import secrets
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.commissioning.models import Fund
from coproduce.lib.formchecks import PlainTextForm, date_input
from coproduce.projects.models import Project

from .builder import default_period

LONGEST_SHARE = 366  # days a share link may stay open


class ReportForm(PlainTextForm):
    start = forms.DateField(label=gettext_lazy("From"), widget=date_input(), required=False,
                            help_text=gettext_lazy("Leave both dates empty for the last twelve "
                                                   "months."))
    end = forms.DateField(label=gettext_lazy("To"), widget=date_input(), required=False)
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects,
                                     required=False, empty_label=gettext_lazy("All projects"))
    fund = forms.ModelChoiceField(label=gettext_lazy("Grant fund"), queryset=Fund.objects,
                                  required=False, empty_label=gettext_lazy("All funds"),
                                  help_text=gettext_lazy("A fund's report is its project's, "
                                                         "with only that fund's grants."))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation).order_by("title")
        self.fields["fund"].queryset = Fund.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation).select_related("project").order_by("title")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = default_period()
        start, end = cleaned.get("start"), cleaned.get("end")
        if end and not start:
            start = end.replace(year=end.year - 1) + datetime.timedelta(days=1)
        cleaned["start"], cleaned["end"] = start or first, end or last
        if cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end of the period must be on or after its start."))
        fund, project = cleaned.get("fund"), cleaned.get("project")
        if fund and project and fund.project_id != project.pk:
            self.add_error("fund", _("That fund belongs to another project: choose the fund "
                                     "or the project, not both."))
        return cleaned


class PublishForm(ReportForm):
    note = forms.CharField(label=gettext_lazy("What this version corrects or adds (optional)"),
                           max_length=500, required=False)
    # Made with the page, so a second click on its Publish button is the same request.
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


def publish_key() -> str:
    return secrets.token_urlsafe(16)


class ShareForm(PlainTextForm):
    shared_with = forms.CharField(label=gettext_lazy("Who the link is for"), max_length=150,
                                  help_text=gettext_lazy("For example, the funder's name."))
    expires_on = forms.DateField(label=gettext_lazy("The link stops working after"),
                                 widget=date_input())

    def clean_expires_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Choose a date from today onwards."))
        if day > today + datetime.timedelta(days=LONGEST_SHARE):
            raise forms.ValidationError(_("A share link can stay open for a year at most."))
        return day

import datetime
import secrets
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, PlainTextModelForm, date_input
from coproduce.people.picker import PersonField, PickerForm, limit_people

from .frameworks import Framework, Item, frameworks
from .models import (
    ActionStatus,
    Occasion,
    PlannedAction,
    RespondentRole,
    Round,
    SurveyKind,
)

DONT_KNOW = "dont_know"


class RoundForm(PlainTextModelForm):
    framework = forms.ChoiceField(label=_("Framework"), widget=forms.RadioSelect)
    roles = forms.MultipleChoiceField(
        label=_("Who will you ask?"), choices=RespondentRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ask staff and people with lived experience side by side, so you can see "
                    "where your views differ."),
        error_messages={"required": _("Choose at least one group of people to ask")},
    )

    class Meta:
        model = Round
        fields = ["title", "roles", "anonymous", "closes_on"]
        widgets = {"closes_on": date_input()}
        error_messages = {
            "title": {"required": _("Enter a title, like “Spring 2026 self-assessment”")},
            "closes_on": {"invalid": _("Enter a real date, like 2026-03-31")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["framework"]).choices = [
            (framework.key, str(framework.name)) for framework in frameworks()]
        self.fields["framework"].error_messages["required"] = _("Choose a framework")
        self.fields["framework"].help_text = _(
            "Each framework comes from published research. You can read them all on the "
            "frameworks page.")

    def clean_closes_on(self) -> datetime.date | None:
        closes_on: datetime.date | None = self.cleaned_data.get("closes_on")
        if closes_on and closes_on < timezone.localdate():
            raise forms.ValidationError(_("The closing date must be today or later."))
        return closes_on


def rating_field(item: Item, questions: Framework, easy_read: bool) -> forms.ChoiceField:
    choices = [(str(point.value), str(point.wording(easy_read)))
               for point in questions.scale.points]
    choices.append((DONT_KNOW, gettext("Don't know")))
    return forms.ChoiceField(
        label=str(item.wording(easy_read)), choices=choices, required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext(
            "Choose one of the answers given, from %(low)s to %(high)s, or “Don't know”")
            % {"low": questions.scale.minimum, "high": questions.scale.maximum}},
    )


class AnswerForm(PlainTextForm):
    """One radio group per statement, grouped by area; drafts may leave gaps."""

    role = forms.ChoiceField(label=_("Which of these describes you best here?"),
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose who you are answering as")})
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
                              required=False)

    def __init__(self, *args: Any, questions: Framework, easy_read: bool = False,
                 roles: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions, self.easy_read = questions, easy_read
        for item in questions.items:
            self.fields[f"item_{item.key}"] = rating_field(item, questions, easy_read)
        if roles is None:
            del self.fields["role"]
        else:
            labels = dict(RespondentRole.choices)
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (role, labels[role]) for role in roles]
        if questions.comment is None:
            del self.fields["comment"]
        else:
            prompt = questions.comment_easy_read if easy_read else questions.comment
            self.fields["comment"].label = str(prompt)

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """Return each area with the bound fields of its statements."""
        return [(area, [self[f"item_{item.key}"] for item in area.items])
                for area in self.questions.areas]

    def values(self) -> dict[str, int | None]:
        """Return the answers given: a number, or None for "don't know"; gaps left out."""
        found: dict[str, int | None] = {}
        for item in self.questions.items:
            value = self.cleaned_data.get(f"item_{item.key}")
            if value == DONT_KNOW:
                found[item.key] = None
            elif value:
                found[item.key] = int(value)
        return found

    def require_every_answer(self) -> bool:
        """Add an error to each unanswered statement; return whether all are answered."""
        answered = self.values()
        for item in self.questions.items:
            if item.key not in answered:
                self.add_error(f"item_{item.key}", gettext(
                    "Choose an answer for “%(statement)s”, or “Don't know”")
                    % {"statement": item.wording(self.easy_read)})
        return not self.errors


class PaperEntryForm(AnswerForm):
    paper_reference = forms.CharField(
        label=_("Reference written on the paper form"), max_length=40, required=False,
        help_text=_("Optional. If you give one, the same form cannot be entered twice."),
    )


class LinksForm(PickerForm, PlainTextForm):
    role = forms.ChoiceField(label=_("Who are the links for?"), widget=forms.RadioSelect,
                             error_messages={"required": _("Choose who the links are for")})
    count = forms.IntegerField(
        label=_("How many links?"), min_value=1, max_value=50, initial=1,
        help_text=_("Each link can be used by one person, once."),
        error_messages={"required": _("Enter how many links you need"),
                        "invalid": _("Enter a whole number, like 5"),
                        "min_value": _("Make at least 1 link"),
                        "max_value": _("Make at most 50 links at a time")},
    )
    days = forms.IntegerField(
        label=_("How many days should the links work for?"), min_value=1, max_value=90,
        initial=14,
        error_messages={"required": _("Enter how many days the links should work"),
                        "invalid": _("Enter a whole number, like 14"),
                        "min_value": _("Links must work for at least 1 day"),
                        "max_value": _("Links can work for at most 90 days")},
    )
    easy_read = forms.BooleanField(label=_("Open the easy-read version"), required=False)
    person = PersonField(
        label=_("For someone in People"), required=False,
        help_text=_("Optional, for one link. Their timeline then shows that it was sent and "
                    "when it was used, never their answers."))
    send = forms.BooleanField(
        label=_("Send it to them now, in the way they prefer"), required=False,
        help_text=_("By email, letter or the call list, in their language, if they agreed to "
                    "be contacted."))
    # A key for this form alone, so that sending it twice (a double click) sends once.
    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args: Any, roles: list[str], organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(RespondentRole.choices)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (role, labels[role]) for role in roles]
        limit_people(self.fields.values(), organisation)
        self.fields["once"].initial = secrets.token_urlsafe(16)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("person") is not None and (cleaned.get("count") or 1) > 1:
            self.add_error("count", _("Make one link when it is for one person"))
        if cleaned.get("send") and cleaned.get("person") is None and "person" not in self.errors:
            self.add_error("person", _("Choose who to send the link to"))
        return cleaned


class SurveyForm(PlainTextForm):
    kind = forms.ChoiceField(label=_("Kind of survey"), choices=SurveyKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the kind of survey")})
    occasion = forms.ModelChoiceField(
        label=_("Earlier meeting or activity"), queryset=Occasion.objects.none(),
        required=False, empty_label=_("A new one (fill in below)"),
    )
    title = forms.CharField(label=_("What was the meeting or activity?"), max_length=150,
                            required=False)
    on = forms.DateField(label=_("Date"), required=False, widget=date_input(),
                         error_messages={"invalid": _("Enter a real date, like 2026-03-31")})
    anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, initial=True,
        help_text=_("Do not record which members answered."),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occasion"].queryset = Occasion.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("occasion"):
            if not cleaned.get("title") and "title" not in self.errors:
                self.add_error("title", _("Enter what the meeting or activity was"))
            if not cleaned.get("on") and "on" not in self.errors:
                self.add_error("on", _("Enter the date it happened, like 2026-03-31"))
        return cleaned


class ActionForm(PlainTextModelForm):
    class Meta:
        model = PlannedAction
        fields = ["area_key", "title", "owner", "due_on", "status"]
        widgets = {"due_on": date_input(), "status": forms.RadioSelect}
        error_messages = {
            "title": {"required": _("Enter what will be done")},
            "owner": {"required": _("Enter who will do it")},
            "due_on": {"required": _("Enter a due date, like 2026-06-30"),
                       "invalid": _("Enter a real date, like 2026-06-30")},
        }

    def __init__(self, *args: Any, questions: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_key"] = forms.ChoiceField(
            label=_("Area"), choices=[(area.key, str(area.name)) for area in questions.areas],
            error_messages={"required": _("Choose the area this action is about"),
                            "invalid_choice": _("Choose one of the framework's areas")},
        )
        cast(forms.ChoiceField, self.fields["status"]).choices = ActionStatus.choices

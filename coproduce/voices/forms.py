import datetime
import re
import uuid
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import PlainTextForm, SearchInPlaceForm, date_input
from coproduce.people.models import ConsentPurpose, Group, Person, RecordedHow
from coproduce.people.picker import PersonField, PickerForm, limit_people

from .bulk import UNGROUPED, BulkAction, grouping
from .links import links
from .models import MAX_TEXT, OUTCOME_STATUSES, Channel, Kind, Status, Tag

WHO = [("person", _("Someone in People")), ("new", _("Someone new")),
       ("anonymous", _("Anonymous"))]


def not_in_future(value: datetime.date) -> datetime.date:
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date must be today or in the past."))
    return value


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in re.split(r"[;,]", text) if tag.strip()]


class VoiceForm(SearchInPlaceForm, PlainTextForm):
    """Quick entry for staff: everything from the keyboard, in one form."""

    text = forms.CharField(label=_("What did they say?"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
                           error_messages={"required": _("Enter what they said")})
    who = forms.ChoiceField(label=_("Who said it?"), choices=WHO, widget=forms.RadioSelect,
                            initial="person")
    person_query = forms.CharField(
        label=_("Find them by name, email or phone"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(),
                                    required=False, widget=forms.RadioSelect)
    new_person_name = forms.CharField(label=_("Name of the new person"), required=False,
                                      max_length=150)
    new_person_email = forms.EmailField(label=_("Their email address"), required=False,
                                        max_length=254,
                                        error_messages={"invalid": _(
                                            "Enter an email address like name@example.org")})
    new_person_phone = forms.CharField(label=_("Their phone number"), required=False,
                                       max_length=40)
    new_person_contact = forms.BooleanField(
        label=_("They agreed to be contacted"), required=False,
        help_text=_("Kept on their People record as their consent, dated the day it was said "
                    "and with how it was said."))
    on_behalf = forms.BooleanField(label=_("Recorded on their behalf"), required=False,
                                   help_text=_("Tick if you wrote this down for them."))
    channel = forms.ChoiceField(label=_("How was it said?"), choices=Channel.choices)
    heard_on = forms.DateField(label=_("Date heard"), widget=date_input())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect,
                             initial=Kind.IDEA)
    group = forms.ModelChoiceField(label=_("Group or community it speaks for"),
                                   queryset=Group.objects.none(), required=False,
                                   empty_label=_("None"))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300,
                           help_text=_("Separate tags with commas, for example: trips, "
                                       "seaside"))
    send_receipt = forms.BooleanField(
        label=_("Send them a receipt saying what happens next"), required=False,
        help_text=_("In their preferred way, if they agreed to be contacted."))
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, organisation: Any, candidates: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation).active()
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.candidates = candidates if candidates is not None else people.none()
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        for link in links():
            self.fields[link.name] = link.field(organisation)
        self.initial.setdefault("form_token", uuid.uuid4().hex)

    @property
    def linked(self) -> list[Any]:
        """The bound fields other apps added (see voices/links.py), in their order."""
        return [self[link.name] for link in links()]

    @property
    def searching(self) -> bool:
        """Finding a person (the Find button, or Enter in its box) is not saving: no errors."""
        return self.is_bound and "find" in self.data

    def clean_heard_on(self) -> datetime.date:
        return not_in_future(self.cleaned_data["heard_on"])

    def clean_tags(self) -> list[str]:
        tags = split_tags(self.cleaned_data["tags"])
        if any(len(tag) > 60 for tag in tags):
            raise forms.ValidationError(_("Each tag must be 60 characters or fewer."))
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        who = cleaned.get("who")
        if who == "person" and not cleaned.get("person"):
            self.add_error("person_query", _("Find and choose the person, or choose "
                                             "“Someone new” or “Anonymous”"))
        if who == "new" and not cleaned.get("new_person_name"):
            self.add_error("new_person_name", _("Enter the new person's name"))
        if who == "new" and cleaned.get("new_person_contact") and not (
                cleaned.get("new_person_email") or cleaned.get("new_person_phone")):
            self.add_error("new_person_email", _("Give an email address or phone number to "
                                                 "contact them on"))
        return cleaned


class StatusForm(PlainTextForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for “Done” and “Not possible”: what was done, or why it could "
                    "not be."))
    note = forms.CharField(label=_("Note for the history"), required=False, max_length=500)
    waiting_reason = forms.CharField(
        label=_("Why it waits"), required=False, max_length=300,
        help_text=_("Needed for “Back burner”: for example, no funding yet."))
    review_on = forms.DateField(label=_("Look at it again on"), required=False,
                                widget=date_input(),
                                help_text=_("The dashboard reminds you on this date."))
    send_receipt = forms.BooleanField(
        label=_("Send them a receipt saying what happens next"), required=False,
        help_text=_("In their preferred way, if they agreed to be contacted."))
    outcome_public = forms.BooleanField(
        label=_("Show the outcome on the public “You said, we did” page"), required=False)
    public_summary = forms.CharField(
        label=_("Summary for the public page"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In your own words, with nothing that identifies anyone. Without it, "
                    "their words are shown only if they agreed to be quoted."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") in OUTCOME_STATUSES and not cleaned.get("outcome"):
            self.add_error("outcome", _("Say what was done, or why it was not possible."))
        if cleaned.get("status") == Status.BACK_BURNER and not cleaned.get("waiting_reason"):
            self.add_error("waiting_reason", _("Say why it waits"))
        return cleaned


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(),
                                         required=False, empty_label=_("Nobody"))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation,
            memberships__role__in=["admin", "coordinator"]).order_by("email")


class InterestForm(PickerForm, forms.Form):
    """Someone who wants an idea; whether they may be contacted goes to their consent record."""

    person = PersonField(label=_("Person who wants this"),
                         error_messages={"required": _("Choose the person")})
    may_recontact = forms.BooleanField(
        label=_("They agreed to be contacted when this moves forward"), required=False)
    how = forms.ChoiceField(label=_("How did they tell you?"), choices=RecordedHow.choices,
                            initial=RecordedHow.IN_PERSON, required=False,
                            widget=forms.RadioSelect)
    which = forms.ChoiceField(
        label=_("Which is right?"), required=False, widget=forms.RadioSelect,
        choices=[("tick", _("What I have just ticked: record it as their answer today")),
                 ("record", _("What their record says: keep it"))])

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)
        self.conflict = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["how"] = cleaned.get("how") or RecordedHow.IN_PERSON
        person = cleaned.get("person")
        if person is None:
            return cleaned
        latest = person.current_consents().get(ConsentPurpose.CONTACT)
        ticked = bool(cleaned.get("may_recontact"))
        self.conflict = latest is not None and latest.is_held != ticked
        if self.conflict and not cleaned.get("which"):
            text = (_("Their consent record says they agreed to be contacted (%(how)s, "
                      "%(date)s), but the box is not ticked. Choose which is right.")
                    if latest.is_held else
                    _("Their consent record says they did not agree to be contacted (%(how)s, "
                      "%(date)s), but the box is ticked. Choose which is right."))
            self.add_error("which", text % {"how": latest.get_how_display(),
                                            "date": formats.date_format(latest.recorded_on)})
        return cleaned

    def consent_to_record(self) -> bool | None:
        """The answer to add to their consent record, or None when it already says so."""
        person, ticked = self.cleaned_data["person"], bool(self.cleaned_data["may_recontact"])
        latest = person.current_consents().get(ConsentPurpose.CONTACT)
        if latest is None:
            return True if ticked else None
        if latest.is_held == ticked or self.cleaned_data.get("which") == "record":
            return None
        return ticked


STATES = [("", _("Open or closed")), ("open", _("Open")), ("closed", _("Closed"))]


class VoiceFilterForm(PlainTextForm):
    q = forms.CharField(label=_("Search what people said"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("Open or closed"), required=False, choices=STATES)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    person = PersonField(label=_("Who said it"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status"))] + Status.choices)
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("Any channel"))] + Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any kind"))] + Kind.choices)
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(),
                                   required=False, empty_label=_("Any group"))
    tag = forms.ModelChoiceField(label=_("Tag"), queryset=Tag.objects.none(), required=False,
                                 empty_label=_("Any tag"))
    heard_from = forms.DateField(label=_("Heard from"), required=False, widget=date_input())
    heard_to = forms.DateField(label=_("Heard to"), required=False, widget=date_input())
    mine = forms.BooleanField(label=_("Only voices assigned to me"), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["tag"].queryset = Tag.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        found = grouping()
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("Any theme")), (UNGROUPED, _("Not yet grouped"))] + (
            found.choices(organisation) if found else [])
        limit_people([self.fields["person"]], organisation)
        self.fields["person"].widget.form_data = self.data


class PublicVoiceForm(PlainTextForm):
    """The public form: anyone may say something, named or not."""

    text = forms.CharField(label=_("What would you like to tell us?"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Tell us what you would like to say")})
    name = forms.CharField(label=_("Your name"), required=False, max_length=150)
    contact = forms.CharField(label=_("Email address or phone number"), required=False,
                              max_length=254,
                              help_text=_("Only if you would like us to tell you what happens."))
    consent = forms.ChoiceField(
        label=_("May we keep your name and contact details to tell you what happens?"),
        choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, required=False)
    website = forms.CharField(required=False, label=_("Leave this empty"))  # honeypot
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4().hex)

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"].strip()
        if contact and "@" in contact:
            forms.EmailField().clean(contact)
        elif contact and not re.fullmatch(r"[0-9 +()-]{7,20}", contact):
            raise forms.ValidationError(_("Enter an email address, or a phone number with "
                                          "only numbers and spaces"))
        return contact

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (cleaned.get("name") or cleaned.get("contact")) and not cleaned.get("consent"):
            self.add_error("consent", _("Say whether we may keep your details"))
        return cleaned


class EquityForm(PlainTextForm):
    start = forms.DateField(label=_("From"), widget=date_input())
    end = forms.DateField(label=_("To"), widget=date_input())
    months = forms.IntegerField(label=_("Not heard from for (months)"), min_value=1,
                                max_value=60, initial=6)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end must be on or after the start."))
        return cleaned


class BulkForm(forms.Form):
    """Which voices (ticked, or all matching the filter) and what to do with them."""

    action = forms.ChoiceField(label=_("With the ticked voices"), choices=BulkAction.choices,
                               error_messages={"required": _("Choose what to do")})
    voice = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    all_matching = forms.BooleanField(required=False)
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = self.data.getlist("voice") if hasattr(self.data, "getlist") else []
        self.fields["voice"].choices = [  # type: ignore[attr-defined]
            (value, value) for value in ids if str(value).isdigit()][:10_000]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("voice") and not cleaned.get("all_matching"):
            raise forms.ValidationError(_("Tick at least one voice, or “all matching this "
                                          "filter”."))
        return cleaned


class BulkDetailsForm(PlainTextForm):
    """What a bulk action needs to know: who, which tag or theme, why and when to look again."""

    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(),
                                      required=False, empty_label=_("Nobody"))
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    reason = forms.CharField(label=_("Why they are going on the back burner"), required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label=_("Look at them again on"), required=False,
                                widget=date_input())

    def __init__(self, *args: Any, organisation: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["assignee"].queryset = AssignForm(  # type: ignore[attr-defined]
            organisation=organisation).fields["assigned_to"].queryset  # type: ignore[attr-defined]
        found = grouping()
        self.fields["theme"].choices = [("", _("Choose a theme"))] + (  # type: ignore[attr-defined]
            found.choices(organisation) if found else [])
        wanted = {BulkAction.ASSIGN: ["assignee"], BulkAction.TAG: ["tag"],
                  BulkAction.THEME: ["theme"], BulkAction.BACK_BURNER: ["reason", "review_on"]}
        for name in list(self.fields):
            if name not in wanted.get(action, []):  # type: ignore[call-overload]
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.action == BulkAction.TAG and not cleaned.get("tag"):
            self.add_error("tag", _("Enter the tag"))
        if self.action == BulkAction.THEME and not cleaned.get("theme"):
            self.add_error("theme", _("Choose a theme"))
        if self.action == BulkAction.BACK_BURNER and not cleaned.get("reason"):
            self.add_error("reason", _("Say why they are going on the back burner"))
        if cleaned.get("review_on") and cleaned["review_on"] <= timezone.localdate():
            self.add_error("review_on", _("The date to look again must be in the future."))
        return cleaned


class CorrectionForm(PickerForm, PlainTextForm):
    """Staff put right what was recorded: every field that capture set."""

    text = forms.CharField(label=_("What they said"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Enter what they said")})
    person = PersonField(label=_("Who said it"), required=False,
                         help_text=_("Leave empty if it was anonymous."))
    channel = forms.ChoiceField(label=_("How was it said?"), choices=Channel.choices)
    heard_on = forms.DateField(label=_("Date heard"), widget=date_input())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    group = forms.ModelChoiceField(label=_("Group or community it speaks for"),
                                   queryset=Group.objects.none(), required=False,
                                   empty_label=_("None"))
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300,
                           help_text=_("Separate tags with commas."))
    version = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean_heard_on(self) -> datetime.date:
        return not_in_future(self.cleaned_data["heard_on"])

    def clean_tags(self) -> list[str]:
        tags = split_tags(self.cleaned_data["tags"])
        if any(len(tag) > 60 for tag in tags):
            raise forms.ValidationError(_("Each tag must be 60 characters or fewer."))
        return tags


class RemoveForm(PlainTextForm):
    reason = forms.CharField(label=_("Why is it being removed?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why the voice is being "
                                                           "removed")},
                             help_text=_("For example: a test entry, or entered twice."))


class SameAsForm(forms.Form):
    earlier = forms.TypedChoiceField(label=_("The earlier voice it is the same as"), coerce=int,
                                     widget=forms.RadioSelect,
                                     error_messages={"required": _("Choose the earlier voice")})

    def __init__(self, *args: Any, voices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["earlier"].choices = [  # type: ignore[attr-defined]
            (voice.pk, f"{voice.text[:120]} ({voice.heard_on:%d/%m/%Y})") for voice in voices]

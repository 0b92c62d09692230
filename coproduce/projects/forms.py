import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import OnceForm, PlainTextForm, PlainTextModelForm, date_input
from coproduce.people.models import Person
from coproduce.people.picker import PeopleField, PersonField, PickerForm, limit_people
from coproduce.voices.models import OUTCOME_STATUSES, Voice

from .models import (
    Attendance,
    Boundary,
    BoundaryStatus,
    Decision,
    JourneyMapEntry,
    Meeting,
    Method,
    PaperFormat,
    Phase,
    Project,
    ProposalKind,
    Reply,
    Role,
    Support,
)


def datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class ProjectForm(OnceForm, PlainTextModelForm):
    class Meta:
        model = Project
        fields = ["title", "purpose", "status", "everything_open"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class PhaseForm(PlainTextModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "starts_on", "ends_on"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and self.project.phases.filter(kind=kind).exclude(pk=self.instance.pk).exists():
            self.add_error("kind", _("The project already has this phase."))
        elif kind and not self.project.may_enter(kind):
            self.add_error("kind", _("State at least one boundary, or say that everything is "
                                     "open, before co-design starts."))
        return cleaned


class RoleForm(PickerForm, OnceForm, PlainTextModelForm):
    person = PersonField(label=_("Participant"), required=False)

    class Meta:
        model = Role
        fields = ["side", "involvement", "person", "description"]
        widgets = {"side": forms.RadioSelect, "involvement": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("side") == "participant" and not cleaned.get("person") \
                and not cleaned.get("description"):
            self.add_error("person", _("Choose the participant, or describe them"))
        return cleaned


class BoundaryForm(OnceForm, PlainTextModelForm):
    class Meta:
        model = Boundary
        fields = ["topic", "status", "limits", "reason"]
        widgets = {"status": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == BoundaryStatus.LIMITED and not cleaned.get("limits"):
            self.add_error("limits", _("State the limits"))
        if status in {BoundaryStatus.LIMITED, BoundaryStatus.FIXED} and not cleaned.get("reason"):
            self.add_error("reason", _("Say why it is limited or fixed"))
        return cleaned


class JourneyForm(OnceForm, PlainTextModelForm):
    support = forms.MultipleChoiceField(label=_("Support offered"), choices=Support.choices,
                                        widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = JourneyMapEntry
        fields = ["role", "time_asked", "support", "gains", "expected_outcome"]


class MeetingForm(PickerForm, OnceForm, PlainTextModelForm):
    attendees = PeopleField(label=_("Participants invited"), required=False,
                            help_text=_("The project's participants are offered first."))
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https",
                                 max_length=200)
    paper_formats = forms.MultipleChoiceField(
        label=_("Formats the papers were sent in"), choices=PaperFormat.choices,
        widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "status", "place", "step_free", "hearing_loop",
                  "public_transport", "online_link", "contact_name", "attendees", "staff",
                  "papers_sent_on", "paper_formats", "bsl_booked", "interpreter_booked",
                  "childcare_offered", "travel_offered", "agenda", "notes"]
        widgets = {"starts_at": datetime_input(), "ends_at": datetime_input(),
                   "papers_sent_on": date_input(),
                   "staff": forms.CheckboxSelectMultiple,
                   "agenda": forms.Textarea(attrs={"rows": 4}),
                   "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)
        project = self.instance.project if self.instance.project_id else None
        if project is not None:
            self.fields["attendees"].offer_first(  # type: ignore[attr-defined]
                Person.objects.filter(project_roles__phase__project=project).distinct())
        self.fields["staff"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=organisation,
            memberships__role__in=["admin", "coordinator"]).order_by("email")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]  # type: ignore[attr-defined]


class DecisionForm(PickerForm, OnceForm, PlainTextModelForm):
    proposer = PersonField(
        label=_("Who proposed it"), required=False,
        help_text=_("Optional: the person in People who proposed it. It then shows on their "
                    "timeline."))
    close_voices = forms.BooleanField(
        label=_("Close the voices it answers with this decision as their outcome"),
        required=False, initial=True,
        help_text=_("One outcome is made for all of them. Nothing is sent until you have seen "
                    "what each person will receive and pressed Send."))

    class Meta:
        model = Decision
        fields = ["text", "decided_on", "meeting", "proposed_by", "proposer", "method",
                  "votes_for", "votes_against", "abstentions", "voices", "close_voices"]
        widgets = {"decided_on": date_input(), "proposed_by": forms.RadioSelect,
                   "method": forms.RadioSelect, "voices": forms.CheckboxSelectMultiple,
                   "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = project.meetings.all()  # type: ignore[attr-defined]
        for name in ("proposed_by", "method"):  # radios: no "---------" choice ticked at first
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [(value, label) for value, label in cast(
                list[tuple[str, str]], field.choices) if value != ""]
        # Only this organisation's voices that are still open may be answered: the project's
        # own voices where it has some (not every voice of the organisation), newest first.
        open_voices = Voice.objects.filter(
            organisation=project.organisation).exclude(status__in=OUTCOME_STATUSES)
        if project.voices.exists():
            open_voices = open_voices.filter(projects=project)
        self.fields["voices"].queryset = open_voices.order_by(  # type: ignore[attr-defined]
            "-heard_on", "-id")
        limit_people(self.fields.values(), project.organisation)
        self.initial.setdefault("decided_on", timezone.localdate())

    def clean_decided_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("method") == Method.VOTE and cleaned.get("votes_for") is None:
            self.add_error("votes_for", _("Give the vote counts"))
        if cleaned.get("close_voices") and not cleaned.get("voices"):
            self.add_error("voices", _("Choose the voices to close"))
        return cleaned


class FromVoiceForm(PlainTextForm):
    title = forms.CharField(label=_("Project title"), max_length=150)
    purpose = forms.CharField(label=_("Purpose, in plain language"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(PlainTextForm):
    """A reply to an invitation: recorded by staff, or given by the person through their link."""

    reply = forms.ChoiceField(label=_("Reply"), choices=Reply.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("Say whether you are coming")})
    support = forms.CharField(label=_("What support is needed?"), required=False,
                              max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("For example: a lift, a hearing loop, large print, "
                                          "an interpreter, help with travel."))
    support_arranged = forms.BooleanField(label=_("Support arranged"), required=False)

    @classmethod
    def for_link(cls, data: Any) -> "ReplyForm":
        """The form a person sees through their link, asked in their own words."""
        form = cls(data)
        form.fields["reply"].label = _("Are you coming?")
        form.fields["reply"].choices = [  # type: ignore[attr-defined]
            choice for choice in Reply.choices if choice[0] != Reply.NONE]
        form.fields["support"].label = _("If you need support to come, what do you need?")
        del form.fields["support_arranged"]
        return form

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("reply") == Reply.NEEDS_SUPPORT and not cleaned.get("support"):
            self.add_error("support", _("Say what support is needed"))
        return cleaned


class AttendanceForm(forms.Form):
    """Who came: one choice per invited participant, and the staff who were there."""

    everyone_came = forms.BooleanField(
        label=_("Everyone invited came"), required=False,
        help_text=_("Everyone not marked otherwise below is recorded as having come, apart "
                    "from those who said they were not coming (recorded as apologies)."))
    staff = forms.ModelMultipleChoiceField(label=_("Staff who came"), required=False,
                                           queryset=User.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, meeting: Meeting, invitations: list[Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(memberships__organisation=meeting.project.organisation,
                                    memberships__role__in=["admin", "coordinator"]
                                    ).order_by("email")
        self.fields["staff"].queryset = staff  # type: ignore[attr-defined]
        self.fields["staff"].label_from_instance = lambda user: user.email  # type: ignore[attr-defined]  # noqa: E501
        self.initial.setdefault("staff", list(meeting.staff_attended.values_list("pk", flat=True))
                                or list(meeting.staff.values_list("pk", flat=True)))
        self.names = []
        self.not_coming = {i.pk for i in invitations if i.reply == Reply.NOT_COMING}
        for invitation in invitations:
            name = f"i{invitation.pk}"
            self.names.append((name, invitation.pk))
            self.fields[name] = forms.ChoiceField(
                label=invitation.person.name, widget=forms.RadioSelect, required=False,
                choices=[c for c in Attendance.choices if c[0] != Attendance.UNKNOWN],
                initial=invitation.attendance if invitation.attendance != Attendance.UNKNOWN
                else (Attendance.APOLOGIES if invitation.reply == Reply.NOT_COMING else None))

    def attendance(self) -> dict[int, str]:
        """Each invitation's attendance; with "everyone came", the unmarked ones came (or
        sent apologies, when they had said they were not coming)."""
        chosen = {pk: self.cleaned_data[name] for name, pk in self.names
                  if self.cleaned_data.get(name)}
        if self.cleaned_data.get("everyone_came"):
            for _name, pk in self.names:
                chosen.setdefault(pk, Attendance.APOLOGIES if pk in self.not_coming
                                  else Attendance.CAME)
        return chosen


class ProposalForm(PlainTextForm):
    """A participant puts forward something to talk about, or a decision to make."""

    kind = forms.ChoiceField(label=_("What are you proposing?"), choices=ProposalKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what you are proposing")})
    text = forms.CharField(label=_("Your proposal, in your own words"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Say what you propose")})
    meeting = forms.ModelChoiceField(
        label=_("Which meeting should talk about it?"), required=False,
        queryset=Meeting.objects.none(), empty_label=_("Choose a meeting"),
        help_text=_("Only for something to talk about at a meeting."))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = project.meetings.filter(  # type: ignore[attr-defined]
            status="upcoming", starts_at__gt=timezone.now())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ProposalKind.AGENDA_ITEM and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the meeting that should talk about it"))
        return cleaned


class DecideProposalForm(PlainTextForm):
    """Staff record what became of a proposal (decided by them, or by the panel)."""

    agree = forms.TypedChoiceField(
        label=_("What was decided?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Agreed")), ("no", _("Not agreed"))],
        error_messages={"required": _("Say whether it was agreed")})
    method = forms.ChoiceField(label=_("How it was decided"), choices=Method.choices,
                               initial=Method.STAFF)
    answer = forms.CharField(label=_("Why, in a few words"), required=False, max_length=500,
                             help_text=_("Needed when it is not agreed: the person sees it."))

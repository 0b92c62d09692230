from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.people.models import ConsentPurpose, Group, Person
from coproduce.people.picker import PeopleField, PersonField, PickerForm, limit_people
from coproduce.themes.models import Theme

from .models import BallotKind, Process, Proposal, ProposalStatus, Stage


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "title_cy", "description", "description_cy", "project", "budget",
                  "ballot_kind", "max_choices", "max_points", "within_budget", "rule",
                  "min_support", "is_public"]
        widgets = {"ballot_kind": forms.RadioSelect, "rule": forms.RadioSelect}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = organisation.projects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rule") == "phragmen" and data.get("ballot_kind") != BallotKind.APPROVAL:
            self.add_error("rule", _("Phragmén's method counts approval ballots only."))
        return data


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "title_cy", "description", "description_cy", "easy_read", "cost",
                  "picture", "picture_alt", "theme"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        self.fields["theme"].label = _("theme it comes from")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("picture") and not data.get("picture_alt"):
            self.add_error("picture_alt", _("Say what the picture shows."))
        return data


class ProposalFromForm(ProposalForm):
    """A proposal made from a theme or a single voice, for a vote collecting proposals."""

    process = forms.ModelChoiceField(label=_("Budget vote it is for"),
                                     queryset=Process.objects.none())

    field_order = ["process"]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, stage=Stage.PROPOSALS)
        del self.fields["theme"]


class ReviewForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (ProposalStatus.FEASIBLE, _("Feasible: put it on the ballot")),
        (ProposalStatus.EXCLUDED, _("Not feasible: leave it off the ballot"))])

    class Meta:
        model = Proposal
        fields = ["cost", "status", "exclusion_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ProposalStatus.EXCLUDED and not data.get("exclusion_reason"):
            self.add_error("exclusion_reason", _("Give the reason, so that the proposer and "
                                                 "voters can see it."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your voter code"), max_length=20,
                           help_text=_("It is on your letter, for example ABCDE 23456."))


class CodesForm(PickerForm, forms.Form):
    """Eligibility from People: a code for everyone who agreed to be contacted, for a group,
    or for people found by name; and codes for no one in particular (for events)."""

    everyone = forms.BooleanField(
        label=_("Everyone in People who agreed to be contacted"), required=False)
    group = forms.ModelChoiceField(label=_("Everyone in a group or community"), required=False,
                                   queryset=Group.objects.none())
    people = PeopleField(label=_("People to write to"), required=False)
    extra = forms.IntegerField(label=_("Codes not linked to anyone (for events)"),
                               min_value=0, max_value=5000, initial=0, required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["group"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)
        limit_people(self.fields.values(), organisation)

    def chosen_people(self) -> list[Person]:
        """Everyone chosen, once: by group or everyone, only those whose latest consent allows
        contact; people chosen one by one, as staff chose them."""
        data = self.cleaned_data
        found = Person.objects.filter(organisation=self.organisation).active()
        widely: list[Person] = []
        if data.get("everyone") or data.get("group"):
            wide = found if data.get("everyone") else found.filter(groups=data["group"])
            widely = [p for p in wide.distinct().prefetch_related("consents")
                      if p.has_consent(ConsentPurpose.CONTACT)]
        named = [p.pk for p in data.get("people") or [] if p.pk not in {w.pk for w in widely}]
        return widely + list(found.filter(pk__in=named))


class BallotForm(forms.Form):
    """The ballot for a process: boxes to tick, points to give, or choices to rank."""

    def __init__(self, *args: Any, process: Process, easy_read: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process
        self.proposals = list(process.on_ballot())
        options: list[tuple[Any, Any]] = [(p.pk, f"{p.display_title} (£{p.cost:,})")
                                          for p in self.proposals]
        kind = process.ballot_kind
        if kind == BallotKind.APPROVAL:
            self.fields["chosen"] = forms.TypedMultipleChoiceField(
                label=_("Choose up to %(n)s projects") % {"n": process.max_choices},
                choices=options, coerce=int, widget=forms.CheckboxSelectMultiple)
        elif kind == BallotKind.CUMULATIVE:
            for p in self.proposals:
                self.fields[f"points_{p.pk}"] = forms.IntegerField(
                    label=f"{p.display_title} (£{p.cost:,})", min_value=0,
                    max_value=process.max_points, required=False)
        else:
            for rank in range(1, min(process.max_choices, len(self.proposals)) + 1):
                self.fields[f"rank_{rank}"] = forms.TypedChoiceField(
                    label=_("Choice number %(n)s") % {"n": rank}, coerce=int,
                    choices=[("", _("No choice")), *options], required=rank == 1,
                    empty_value=None)

    def choices(self) -> list[tuple[int, int]]:
        """The ballot as (proposal, points), in the voter's order."""
        kind, data = self.process.ballot_kind, self.cleaned_data
        if kind == BallotKind.APPROVAL:
            return [(pid, 1) for pid in data["chosen"]]
        if kind == BallotKind.CUMULATIVE:
            return [(p.pk, data[f"points_{p.pk}"]) for p in self.proposals
                    if data.get(f"points_{p.pk}")]
        return [(data[name], 1) for name in sorted(self.fields)
                if name.startswith("rank_") and data.get(name)]


class PaperVoterForm(PickerForm, forms.Form):
    code = forms.CharField(label=_("Voter code printed on the paper ballot"), max_length=20,
                           required=False)
    person = PersonField(label=_("Or the voter, from People"), required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_people(self.fields.values(), organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("person"):
            raise forms.ValidationError(_("Enter the voter code or choose the voter."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Pabulib file (.pb)"))


class EventVoterForm(forms.Form):
    """Who is about to vote on the event device: their voter code, or their entry on the
    voters list, found by name or postcode and checked by staff."""

    code = forms.CharField(label=_("Their voter code"), max_length=20, required=False)
    listed = forms.TypedChoiceField(label=_("Or the voter, from the voters list"),
                                    required=False, coerce=int, empty_value=None,
                                    widget=forms.RadioSelect, choices=[])

    def __init__(self, *args: Any, matches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listed"].choices = [  # type: ignore[attr-defined]
            (code.pk, f"{code.voter_name}, {code.voter_postcode or '—'}") for code in matches]
        if not matches:
            del self.fields["listed"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("listed"):
            raise forms.ValidationError(_("Enter their voter code or choose them from the "
                                          "voters list."))
        return data


class FindVoterForm(forms.Form):
    q = forms.CharField(label=_("Find on the voters list by name or postcode"), max_length=100,
                        required=False)

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coproduce.lib.formchecks import OnceForm, PlainTextForm, PlainTextModelForm, date_input
from coproduce.people.models import Person
from coproduce.projects.models import Meeting, Method, Project, Side

from .grants import CriterionDraft
from .models import (
    EASY_READ_SCALE,
    Answer,
    Bid,
    EligibilityQuestion,
    Fund,
    Interest,
    Language,
    Round,
)

MAX_ATTACHMENT = 5 * 1024 * 1024
# What a file must start with to be the kind its name says (so a renamed program is refused).
FILE_KINDS = {".pdf": (b"%PDF", "application/pdf"), ".png": (b"\x89PNG", "image/png"),
              ".jpg": (b"\xff\xd8", "image/jpeg"), ".jpeg": (b"\xff\xd8", "image/jpeg"),
              ".docx": (b"PK", "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document")}
CRITERIA_ROWS = 6


class FundForm(PlainTextModelForm):
    class Meta:
        model = Fund
        fields = ["project", "title", "title_cy", "purpose", "purpose_cy", "who_may_apply",
                  "who_may_apply_cy", "total_budget", "min_grant", "max_grant",
                  "funder_identifier", "identifier_prefix"]
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in ["purpose", "purpose_cy", "who_may_apply", "who_may_apply_cy"]}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("min_grant"), cleaned.get("max_grant")
        if low is not None and high is not None and low > high:
            self.add_error("max_grant", _("The largest grant must be at least the smallest."))
        return cleaned


class QuestionForm(PlainTextModelForm):
    class Meta:
        model = EligibilityQuestion
        fields = ["text", "text_cy", "needed", "reason"]
        widgets = {"needed": forms.RadioSelect}


class RoundForm(PlainTextModelForm):
    class Meta:
        model = Round
        fields = ["title", "title_cy", "budget", "opens_on", "closes_on", "min_scores",
                  "meeting"]
        widgets = {"opens_on": date_input(), "closes_on": date_input()}

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            project=fund.project)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the opening."))
        budget = cleaned.get("budget")
        if budget is not None and budget > self.fund.total_budget:
            self.add_error("budget", _("The round's budget cannot be more than the fund's "
                                       "total budget."))
        return cleaned


class CriteriaForm(PlainTextForm):
    """The whole set of criteria, proposed as one new version."""

    proposer_name = forms.CharField(label=_("Proposed by"), max_length=150,
                                    help_text=_("The panel member (or members) who proposed "
                                                "this version."))
    note = forms.CharField(label=_("What changed and why"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, CRITERIA_ROWS + 1):
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Criterion %(n)s") % {"n": row}, max_length=150, required=False)
            self.fields[f"name_cy_{row}"] = forms.CharField(
                label=_("Criterion %(n)s in Welsh") % {"n": row}, max_length=150,
                required=False)
            self.fields[f"description_{row}"] = forms.CharField(
                label=_("What a high score looks like"), max_length=500, required=False)
            self.fields[f"description_cy_{row}"] = forms.CharField(
                label=_("What a high score looks like, in Welsh"), max_length=500,
                required=False)
            self.fields[f"weight_{row}"] = forms.IntegerField(
                label=_("Weight (%)"), min_value=1, max_value=100, required=False)
        for score, (english, welsh) in enumerate(EASY_READ_SCALE, start=1):
            self.fields[f"meaning_{score}"] = forms.CharField(
                label=_("Score %(n)s means") % {"n": score}, max_length=100,
                initial=str(english))
            self.fields[f"meaning_cy_{score}"] = forms.CharField(
                label=_("Score %(n)s means, in Welsh") % {"n": score}, max_length=100,
                initial=welsh)

    def rows(self) -> list[list[Any]]:
        names = ["name", "name_cy", "description", "description_cy", "weight"]
        return [[self[f"{name}_{row}"] for name in names]
                for row in range(1, CRITERIA_ROWS + 1)]

    def meaning_rows(self) -> list[list[Any]]:
        return [[self[f"meaning_{n}"], self[f"meaning_cy_{n}"]] for n in range(1, 6)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for row in range(1, CRITERIA_ROWS + 1):
            named, weighted = cleaned.get(f"name_{row}"), cleaned.get(f"weight_{row}")
            if named and not weighted:
                self.add_error(f"weight_{row}", _("Give this criterion a weight."))
            if weighted and not named:
                self.add_error(f"name_{row}", _("Name the criterion this weight is for."))
            if named and not cleaned.get(f"description_{row}"):
                self.add_error(f"description_{row}", _("Say what a high score looks like."))
        total = sum(cleaned.get(f"weight_{r}") or 0 for r in range(1, CRITERIA_ROWS + 1))
        if not self.errors and total != 100:
            self.add_error("weight_1", _("The weights add up to %(total)s%%. They must add "
                                         "up to exactly 100%%.") % {"total": total})
        return cleaned

    def drafts(self) -> list[CriterionDraft]:
        data = self.cleaned_data
        return [CriterionDraft(name=data[f"name_{r}"], weight=data[f"weight_{r}"],
                               description=data[f"description_{r}"],
                               name_cy=data[f"name_cy_{r}"],
                               description_cy=data[f"description_cy_{r}"])
                for r in range(1, CRITERIA_ROWS + 1) if data.get(f"name_{r}")]

    def scale(self) -> list[list[str]]:
        return [[self.cleaned_data[f"meaning_{n}"], self.cleaned_data[f"meaning_cy_{n}"]]
                for n in range(1, 6)]


class DecisionHowForm(PlainTextForm):
    """Who proposed it and how the panel decided, for the decision log."""

    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=Side.choices,
                                    initial=Side.PARTICIPANT, widget=forms.RadioSelect)
    method = forms.ChoiceField(label=_("How it was decided"), choices=Method.choices,
                               initial=Method.CONSENSUS, widget=forms.RadioSelect)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)

    def votes(self) -> tuple[int | None, int | None, int | None]:
        data = self.cleaned_data
        return data.get("votes_for"), data.get("votes_against"), data.get("abstentions")


class PanellistForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Panel member"), queryset=Person.objects.none(),
                                    help_text=_("A panel member with a login is linked to "
                                                "their record in People by an administrator."))
    on_paper = forms.BooleanField(label=_("Scores on paper (staff enter the sheets)"),
                                  required=False)

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, archived_at__isnull=True)


def check_attachment(upload: UploadedFile) -> None:
    """Refuse files over 5 MB, and files that are not the PDF, image or Word file they claim."""
    if upload.size is not None and upload.size > MAX_ATTACHMENT:
        raise forms.ValidationError(_("The file must be smaller than 5 MB."))
    name = (upload.name or "").lower()
    kind = next((v for ext, v in FILE_KINDS.items() if name.endswith(ext)), None)
    head = upload.read(8)
    upload.seek(0)
    if kind is None or not head.startswith(kind[0]):
        raise forms.ValidationError(_("The file must be a PDF, a photo (JPG or PNG) or a "
                                      "Word document (.docx)."))


class BidForm(OnceForm, PlainTextModelForm):
    """An application: the same fields online, in easy read, and from a paper form."""

    attachment = forms.FileField(label=_("A file to send with it"), required=False,
                                 validators=[check_attachment],
                                 help_text=_("A PDF, photo or Word document, up to 5 MB."))

    class Meta:
        model = Bid
        fields = ["title", "summary", "amount", "group_name", "charity_number",
                  "contact_name", "email", "phone", "address", "language"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}),
                   "address": forms.Textarea(attrs={"rows": 3}),
                   "language": forms.RadioSelect}

    EASY_READ = {
        "title": _("What is your idea called?"),
        "summary": _("What will you do? Who will it help?"),
        "amount": _("How much money do you need? (£)"),
        "group_name": _("What is your group called?"),
        "contact_name": _("Your name"),
        "language": _("Which language should we write to you in?"),
    }

    def __init__(self, *args: Any, fund: Fund, easy_read: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        self.fields["language"].choices = Language.choices  # type: ignore[attr-defined]
        for question in fund.questions.all():
            self.fields[f"question_{question.pk}"] = forms.ChoiceField(
                label=question.display_text, choices=Answer.choices, widget=forms.RadioSelect,
                initial=(self.instance.answers or {}).get(str(question.pk)))
        if easy_read:
            for name, label in self.EASY_READ.items():
                self.fields[name].label = label
                self.fields[name].help_text = ""

    def question_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("question_")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not cleaned.get("address"):
            self.add_error("email", _("Give an email address, a phone number or a postal "
                                      "address, so we can tell you the result."))
        return cleaned


class DeclarationForm(forms.Form):
    """For each bid: no connection, an interest, or a conflict."""

    def __init__(self, *args: Any, bids: list[Bid], existing: dict[int, Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bids = bids
        for bid in bids:
            found = existing.get(bid.pk)
            self.fields[f"kind_{bid.pk}"] = forms.ChoiceField(
                label=f"{bid.reference}: {bid.title} ({bid.group_name})",
                choices=Interest.choices, widget=forms.RadioSelect,
                initial=found.kind if found else None)
            self.fields[f"note_{bid.pk}"] = forms.CharField(
                label=_("What the connection is"), max_length=300, required=False,
                initial=found.note if found else "")

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"kind_{b.pk}"], self[f"note_{b.pk}"]) for b in self.bids]

    def kinds(self) -> dict[int, tuple[str, str]]:
        return {b.pk: (self.cleaned_data[f"kind_{b.pk}"], self.cleaned_data[f"note_{b.pk}"])
                for b in self.bids}


class ScoreForm(forms.Form):
    """A score from 1 to 5 for each agreed criterion, each with an optional comment."""

    def __init__(self, *args: Any, criteria: list[Any], meanings: list[tuple[int, str]],
                 initial_scores: dict[int, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        choices = [(str(n), f"{n} – {meaning}") for n, meaning in meanings]
        for criterion in criteria:
            old = initial_scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.display_name} ({criterion.weight}%)", choices=choices,
                coerce=int, widget=forms.RadioSelect, help_text=criterion.display_description,
                initial=str(old.score) if old else None,
                error_messages={"required": _("Choose a score from 1 to 5."),
                                "invalid_choice": _("Choose a score from 1 to 5.")})
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), max_length=1000, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=old.comment if old else "")

    def pairs(self) -> list[tuple[Any, Any]]:
        return [(self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
                for c in self.criteria}


class MoveForm(DecisionHowForm):
    bid = forms.ModelChoiceField(label=_("Bid"), queryset=Bid.objects.none())
    to_position = forms.IntegerField(label=_("Move it to place"), min_value=1)
    reason = forms.CharField(label=_("Why"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, round: Round, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = round.bids.filter(  # type: ignore[attr-defined]
            status="submitted", eligible=True)


class AwardForm(DecisionHowForm):
    """The amount for each bid, filled in from the ranking; the panel may change them."""

    note = forms.CharField(label=_("Anything to add to the decision"), max_length=500,
                           required=False)

    def __init__(self, *args: Any, order: list[tuple[str, Decimal]],
                 planned: dict[str, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        for reference, asked in order:
            self.fields[f"amount_{reference}"] = forms.DecimalField(
                label=_("Grant for %(bid)s (asked for £%(asked)s)")
                % {"bid": reference, "asked": asked},
                min_value=Decimal("0"), max_value=asked, decimal_places=2,
                initial=planned.get(reference, Decimal("0")))

    def amount_fields(self) -> list[Any]:
        return [self[f"amount_{reference}"] for reference, _asked in self.order]

    def amounts(self) -> dict[str, Decimal]:
        return {ref: self.cleaned_data[f"amount_{ref}"] for ref, _asked in self.order}


class FeedbackForm(PlainTextModelForm):
    class Meta:
        model = Bid
        fields = ["feedback"]
        widgets = {"feedback": forms.Textarea(attrs={"rows": 5})}

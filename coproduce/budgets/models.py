import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.lib.bilingual import in_language


class Stage(models.TextChoices):
    PROPOSALS = "proposals", _("Collecting proposals")
    REVIEW = "review", _("Checking feasibility and cost")
    VOTING = "voting", _("Voting")
    CLOSED = "closed", _("Voting closed")
    COUNTING = "counting", _("Counting")
    RESULTS = "results", _("Results published")


# What each stage allows: one table, read by the views.
ALLOWS: dict[str, set[str]] = {
    Stage.PROPOSALS: {"propose", "review"},
    Stage.REVIEW: {"review"},
    Stage.VOTING: {"vote"},
    Stage.CLOSED: {"count"},
    Stage.COUNTING: set(),
    Stage.RESULTS: set(),
}
NEXT = {Stage.PROPOSALS: Stage.REVIEW, Stage.REVIEW: Stage.VOTING, Stage.VOTING: Stage.CLOSED,
        Stage.CLOSED: Stage.COUNTING}


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose up to a number of projects")
    CUMULATIVE = "cumulative", _("Points: spread a number of points")
    RANKED = "ordinal", _("Ranked: first, second and third choice (Borda points)")


class Rule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first (greedy)")
    GREEDY_NO_SKIP = "greedy-no-skip", _("Most votes first, stopping at the first that "
                                         "does not fit")
    MES = "mes-add1", _("Method of Equal Shares, with completion")
    MES_GREEDY = "mes-add1-greedy", _("Method of Equal Shares, with completion and a "
                                      "greedy top-up")
    PHRAGMEN = "phragmen", _("Sequential Phragmén (approval ballots)")


class Process(models.Model):
    """One participatory budget: a sum of money, proposals, a vote and its results."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="budget_processes")
    project = models.ForeignKey("projects.Project", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="budget_processes",
                                verbose_name=_("project it belongs to"))
    title = models.CharField(_("title"), max_length=150)
    title_cy = models.CharField(_("title in Welsh"), max_length=150, blank=True)
    description = models.TextField(_("what it is for, in plain language"), max_length=3000)
    description_cy = models.TextField(_("description in Welsh"), max_length=3000, blank=True)
    budget = models.PositiveIntegerField(_("budget (£)"))
    ballot_kind = models.CharField(_("kind of ballot"), max_length=20,
                                   choices=BallotKind.choices, default=BallotKind.APPROVAL)
    max_choices = models.PositiveIntegerField(
        _("most projects a voter may choose or rank"), default=3)
    max_points = models.PositiveIntegerField(_("points each voter spreads"), default=10)
    within_budget = models.BooleanField(
        _("choices must fit within the budget"), default=False,
        help_text=_("For approval ballots: the chosen projects may not cost more than the "
                    "budget together."))
    rule = models.CharField(_("how winners are chosen"), max_length=20, choices=Rule.choices,
                            default=Rule.MES)
    min_support = models.PositiveIntegerField(
        _("least support a project needs (votes or points)"), default=0)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices,
                             default=Stage.PROPOSALS)
    is_public = models.BooleanField(
        _("show the ballot and results to the public"), default=True)
    tie_seed = models.CharField(max_length=64, blank=True, editable=False)
    tie_order = models.JSONField(default=list, blank=True, editable=False)
    result = models.JSONField(null=True, blank=True, editable=False)
    imported_from = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgets:detail", kwargs={"org_slug": self.organisation.slug,
                                                 "process_id": self.pk})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_cy)

    def allows(self, action: str) -> bool:
        return action in ALLOWS[self.stage]

    def on_ballot(self) -> "models.QuerySet[Proposal]":
        return self.proposals.filter(status=ProposalStatus.FEASIBLE)


class StageChange(models.Model):
    """When the process moved to a stage, and who moved it: its dated history."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="history")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.at:%Y-%m-%d}"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    FEASIBLE = "feasible", _("On the ballot")
    EXCLUDED = "excluded", _("Not on the ballot")


class Proposal(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=150)
    title_cy = models.CharField(_("title in Welsh"), max_length=150, blank=True)
    description = models.TextField(_("plain description"), max_length=2000)
    description_cy = models.TextField(_("description in Welsh"), max_length=2000, blank=True)
    easy_read = models.TextField(_("easy-read description"), max_length=600, blank=True,
                                 help_text=_("Short sentences and everyday words."))
    cost = models.PositiveIntegerField(_("cost (£)"))
    picture = models.ImageField(_("picture"), upload_to="budgets/", blank=True)
    picture_alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED)
    exclusion_reason = models.CharField(_("why it is not on the ballot"), max_length=500,
                                        blank=True)
    voice = models.ForeignKey("voices.Voice", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="budget_proposals")
    theme = models.ForeignKey("themes.Theme", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="budget_proposals")
    pabulib_id = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        return self.pabulib_id or str(self.pk)

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_cy)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_cy)


def new_code() -> str:
    # 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L): easy to type.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class VoterCode(models.Model):
    """A single-use code printed on a letter: one voter, one ballot."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12, unique=True, default=new_code)
    person = models.ForeignKey("people.Person", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="voter_codes")
    used_at = models.DateTimeField(null=True, blank=True)
    # An eligible voter from an uploaded voters list (when not someone in People).
    name = models.CharField(_("name"), max_length=150, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    reference = models.CharField(_("reference on the voters list"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(
            fields=["process", "reference"], condition=~models.Q(reference=""),
            name="one_code_per_listed_voter")]

    def __str__(self) -> str:
        return self.code

    @property
    def grouped(self) -> str:
        return f"{self.code[:5]} {self.code[5:]}"

    @property
    def voter_name(self) -> str:
        return self.person.name if self.person else self.name

    @property
    def voter_address(self) -> str:
        return self.person.address if self.person else self.address

    @property
    def voter_postcode(self) -> str:
        return self.person.postcode if self.person else self.postcode


class Channel(models.TextChoices):
    ONLINE = "online", _("Online, signed in")
    CODE = "code", _("Online, with a voter code")
    PAPER = "paper", _("Paper ballot entered by staff")
    EVENT = "event", _("At an event, on a staff device")
    IMPORTED = "imported", _("Imported from a Pabulib file")


class Ballot(models.Model):
    """One voter's ballot. `voter` is unique within a process, so a voter has one ballot,
    which they may replace until voting closes, and which is counted once."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ballots")
    voter = models.CharField(max_length=80)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # [[proposal id, points], ...] in the voter's order (for ranked ballots, first choice first).
    choices = models.JSONField(default=list)
    language = models.CharField(max_length=10, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["process", "voter"],
                                               name="one_ballot_per_voter")]

    def __str__(self) -> str:
        return f"{self.process} – {self.voter}"

    def points(self) -> dict[int, int]:
        return {int(pid): int(points) for pid, points in self.choices}

    def describe(self) -> Any:
        return self.choices

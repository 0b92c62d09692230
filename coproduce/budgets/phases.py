"""A budget vote's stages as rows in its project's phases, each dated from the vote's history."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.projects.models import Project
from coproduce.projects.phase_rows import PhaseRow, register

from .models import Process, Stage

# What each stage lets people do, as the project page says it.
DOES = {
    Stage.PROPOSALS: gettext_lazy("People propose how the money is spent."),
    Stage.REVIEW: gettext_lazy("Staff check feasibility and cost, giving the reason for "
                               "anything left off the ballot."),
    Stage.VOTING: gettext_lazy("Eligible voters choose: online, on paper or at an event."),
    Stage.CLOSED: gettext_lazy("Voting has closed; the order that breaks ties is published."),
    Stage.COUNTING: gettext_lazy("The ballots are counted."),
    Stage.RESULTS: gettext_lazy("The results are published, with why each project won or lost."),
}


def stage_rows(project: Project) -> Iterable[PhaseRow]:
    """One row per stage each budget vote of the project has reached, in two queries."""
    for process in Process.objects.filter(project=project).select_related(
            "organisation").prefetch_related("history"):
        changes = list(process.history.all())
        for change, following in zip(changes, [*changes[1:], None], strict=True):
            yield PhaseRow(
                _("Budget vote “%(title)s”: %(stage)s") % {
                    "title": process.display_title, "stage": change.get_stage_display()},
                timezone.localdate(change.at),
                timezone.localdate(following.at) if following else None,
                str(DOES[Stage(change.stage)]), process.get_absolute_url())


def register_rows() -> None:
    register("budgets", stage_rows)

"""Build the report for trustees and funders from the record, for a period and optionally one
project. Read everything, write nothing; a fixed number of queries whatever the size of the
organisation (assessment rounds and budget votes add a few each, and there are few of them).
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coproduce.assessments.models import Round, Survey, SurveyKind
from coproduce.assessments.results import round_results, survey_results
from coproduce.budgets.models import Process
from coproduce.budgets.voting import winners
from coproduce.commissioning.models import Award, Fund
from coproduce.commissioning.models import Round as GrantRound
from coproduce.lib.bilingual import in_language
from coproduce.people.models import (
    AccessNeed,
    Consent,
    ConsentPurpose,
    Group,
    JourneyStage,
    NeedKind,
    Person,
)
from coproduce.projects.models import (
    Attendance,
    Boundary,
    Decision,
    Meeting,
    MeetingStatus,
    Phase,
    Project,
    Role,
    Side,
)
from coproduce.projects.phases import FAMILY, Family, PhaseKind
from coproduce.projects.typology import MeetingFact, RoleFact, place
from coproduce.reciprocity.costing import true_cost
from coproduce.reciprocity.models import Certificate, Entry, TransferKind
from coproduce.themes.models import Placement
from coproduce.voices.equity import lens
from coproduce.voices.models import Channel, Outcome, OutcomeKind, Voice
from coproduce.voices.summaries import cached_summary, people_version

from .figures import Figure, Kind, Report, Section

QUOTES = 5


@dataclass
class Scope:
    organisation: Any
    start: datetime.date
    end: datetime.date
    project: Project | None = None
    fund: Fund | None = None

    def projects(self) -> "QuerySet[Project]":
        found = Project.objects.filter(organisation=self.organisation)
        return found.filter(pk=self.project.pk) if self.project else found


class PeriodError(ValueError):
    """The period ends before it starts."""


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The twelve months to today."""
    end = today or timezone.localdate()
    return end.replace(year=end.year - 1) + datetime.timedelta(days=1), end


def build(organisation: Any, start: datetime.date, end: datetime.date,
          project: Project | None = None, language: str = "en",
          fund: Fund | None = None, sections: Collection[str] | None = None) -> Report:
    """Build the report in `language`: every section, or only the `sections` named (keys of
    SECTIONS), in the report's order. A fund's report is its project's, with only that fund's
    grants. `empty` says whether anything happened in the sections built."""
    if end < start:
        raise PeriodError(_("The end of the period must be on or after its start."))
    wanted = list(SECTIONS) if sections is None else [key for key in SECTIONS if key in sections]
    if sections is not None and (unknown := set(sections) - set(SECTIONS)):
        raise ValueError(f"No report section {', '.join(sorted(unknown))}.")
    project = fund.project if fund is not None else project
    scope = Scope(organisation, start, end, project, fund)
    with translation.override(language):
        report = Report(
            organisation=in_language(organisation.name, getattr(organisation, "name_cy", "")),
            title=_("Co-production report"), start=start.isoformat(), end=end.isoformat(),
            language=language, built_on=timezone.localdate().isoformat(),
            project=(f"{fund.display_title} ({project.title})" if fund and project
                     else project.title if project else ""))
        report.sections = [SECTIONS[key](scope) for key in wanted]
        report.empty = not any(figure.value for key, measure in happenings()
                               if (figure := report.figure(key, str(measure))) is not None)
    return report


def happenings() -> list[tuple[str, str]]:
    """The figures that say something happened in the period (for a report that says when
    nothing did)."""
    return [("activity", _("All Co's: meetings held")), ("activity", _("Decisions made")),
            ("participation", _("Voices heard")), ("outcomes", _("Outcomes delivered")),
            ("outcomes", _("Progress updates sent")),
            ("cost", _("Hours given by participants")), ("cost", _("Hours given by staff")),
            ("cost", _("Expenses")), ("commissioning", _("Grants awarded")),
            ("commissioning", _("Budget votes counted")),
            ("assessment", _("Assessment rounds closed"))]


def period_text(report: Report) -> str:
    first = datetime.date.fromisoformat(report.start)
    last = datetime.date.fromisoformat(report.end)
    return f"{formats.date_format(first, 'j F Y')} – {formats.date_format(last, 'j F Y')}"


# The four Co's --------------------------------------------------------------------------------

def placements(projects: list[Project]) -> dict[int, Any]:
    """Each project's place on Needham and Carr's levels, its facts read in four queries."""
    roles: dict[int, list[RoleFact]] = defaultdict(list)
    for role in Role.objects.filter(phase__project__in=projects).select_related("phase"):
        roles[role.phase.project_id].append(RoleFact(
            family=FAMILY[PhaseKind(role.phase.kind)], side=role.side,
            involvement=role.involvement, phase=role.phase.get_kind_display(),
            who=str(role.person_id or role.description)))
    meetings: dict[int, list[MeetingFact]] = defaultdict(list)
    for project_id, staff, people in held(Meeting.objects.filter(project__in=projects)):
        meetings[project_id].append(MeetingFact(has_staff=staff > 0, has_participants=people > 0))
    proposers: dict[int, list[str]] = defaultdict(list)
    for project_id, side in Decision.objects.filter(project__in=projects).values_list(
            "project_id", "proposed_by"):
        proposers[project_id].append(side)
    boundaries: dict[int, list[str]] = defaultdict(list)
    for project_id, status in Boundary.objects.filter(
            project__in=projects).values_list("project_id", "status"):
        boundaries[project_id].append(status)
    return {p.pk: place(roles[p.pk], proposers[p.pk], meetings[p.pk], boundaries[p.pk])
            for p in projects}


def held(meetings: "QuerySet[Meeting]") -> list[tuple[int, int, int]]:
    """Meetings that happened: (project, staff who came, participants who came)."""
    return list(meetings.filter(status=MeetingStatus.HELD).annotate(
        staff_came=Count("staff_attended", distinct=True),
        people_came=Count("invitations", filter=Q(invitations__attendance=Attendance.CAME),
                          distinct=True)).values_list("project_id", "staff_came", "people_came"))


def co_names(families: set[str]) -> str:
    return ", ".join(str(Family(f).label) for f in sorted(families))


def activity(scope: Scope) -> Section:
    section = Section("activity", _("Activity by the four Co's"))
    projects = list(scope.projects().order_by("title"))
    phases = Phase.objects.filter(project__in=projects).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=scope.end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=scope.start))
    families: dict[int, set[str]] = defaultdict(set)
    phase_counts: dict[str, int] = defaultdict(int)
    for project_id, kind in phases.values_list("project_id", "kind"):
        families[project_id].add(FAMILY[PhaseKind(kind)])
        phase_counts[FAMILY[PhaseKind(kind)]] += 1
    meetings = held(Meeting.objects.filter(
        project__in=projects, starts_at__date__range=(scope.start, scope.end)))
    for family in Family:
        in_family = [m for m in meetings if family in families[m[0]]]
        label = family.label
        section.add(_("%(co)s: projects") % {"co": label},
                    sum(1 for p in projects if family in families[p.pk]))
        section.add(_("%(co)s: phases run") % {"co": label}, phase_counts[family])
        section.add(_("%(co)s: meetings held") % {"co": label}, len(in_family))
        section.add(_("%(co)s: joint meetings") % {"co": label},
                    sum(1 for _p, staff, people in in_family if staff and people))
    active = [p for p in projects if families[p.pk]]
    overlap = [p for p in active if len(families[p.pk]) > 1]
    section.add(_("All Co's: projects (each counted once)"), len(active))
    section.add(_("Projects in more than one Co"), len(overlap))
    section.add(_("All Co's: meetings held"), len(meetings))
    section.add(_("All Co's: joint meetings (staff and participants together)"),
                sum(1 for _p, staff, people in meetings if staff and people))
    if overlap:
        names = "; ".join(f"{p.title} ({co_names(families[p.pk])})" for p in overlap)
        section.notes.append(_("Work in more than one Co is counted in each, and once in the "
                               "total: %(names)s.") % {"names": names})
    decisions: dict[str, int] = dict(Decision.objects.filter(
        project__in=projects, decided_on__range=(scope.start, scope.end))
        .values_list("proposed_by").annotate(n=Count("id")))
    section.add(_("Decisions made"), sum(decisions.values()))
    section.breakdown(_("Decisions by who proposed them"),
                      [(label, decisions.get(side, 0)) for side, label in Side.choices],
                      parts=True)
    levels = placements(projects)
    for project in projects:
        placement = levels[project.pk]
        section.figures.append(Figure(project.title, placement.level_label, Kind.TEXT,
                                      table=_("Level on Needham and Carr's ladder")))
        section.notes.append(f"{project.title}: {placement.level_label}. "
                             + " ".join(str(r) for r in placement.reasons))
    return section


# Who took part --------------------------------------------------------------------------------

def people_in(scope: Scope) -> "QuerySet[Person]":
    """The organisation's people, or those who took part in the one project."""
    people = Person.objects.filter(organisation=scope.organisation).active()
    if scope.project is None:
        return people
    project = scope.project
    return people.filter(
        Q(meeting_invitations__meeting__project=project,
          meeting_invitations__attendance=Attendance.CAME)
        | Q(project_roles__phase__project=project) | Q(contributions__project=project)
    ).distinct()


def voices_in(scope: Scope) -> "QuerySet[Voice]":
    voices = Voice.objects.filter(organisation=scope.organisation,
                                  heard_on__range=(scope.start, scope.end))
    return voices.filter(projects=scope.project) if scope.project else voices


def participation(scope: Scope) -> Section:
    section = Section("participation", _("Who took part"))
    people = people_in(scope)
    ids = people.values("pk")
    section.add(_("People the organisation works with"), people.count())
    by_group = dict(Person.groups.through.objects.filter(person__in=ids)
                    .values_list("group_id").annotate(n=Count("person_id", distinct=True)))
    groups = Group.objects.filter(organisation=scope.organisation).order_by("name")
    section.breakdown(_("People by group"), [(in_language(g.name, g.name_cy),
                                              by_group.get(g.pk, 0)) for g in groups])
    needs = dict(AccessNeed.objects.filter(person__in=ids).values_list("kind")
                 .annotate(n=Count("person", distinct=True)))
    section.breakdown(_("People by access need"), [
        (label, needs[kind]) for kind, label in NeedKind.choices if kind in needs])
    stages = dict(Person.objects.filter(pk__in=ids).with_stage()
                  .values_list("current_stage_id").annotate(n=Count("id")))  # type: ignore[misc]
    section.breakdown(_("People by journey stage"), [
        (in_language(s.name, s.name_cy), stages.get(s.pk, 0)) for s in
        JourneyStage.objects.filter(organisation=scope.organisation).order_by("position")],
        parts=True)
    if scope.project is not None:
        channels = dict(voices_in(scope).values_list("channel").annotate(n=Count("id")))
        section.add(_("Voices heard"), sum(channels.values()))
        section.breakdown(_("Voices by channel"), [
            (label, channels[value]) for value, label in Channel.choices if value in channels],
            parts=True)
    else:
        # The equity lens counts the voices by channel too, so they are read once; it is kept
        # in the voices' shared cache until a voice or a person changes.
        seen = cached_summary(
            scope.organisation, "report-lens",
            lambda: lens(scope.organisation, scope.start, scope.end, list_limit=0),
            scope.start, scope.end, translation.get_language(),
            people_version(scope.organisation))
        section.add(_("Voices heard"), seen.total)
        section.breakdown(_("Voices by channel"), seen.by_channel, parts=True)
        section.add(_("People heard"), seen.contributors)
        section.add(_("Quiet groups (heard at less than half their share)"),
                    len(seen.quiet_groups))
        section.add(_("Share of voices from the most active tenth"), round(seen.top_tenth_share, 3),
                    Kind.PERCENT)
        section.add(_("Concentration of voices (Gini, 0 = everyone equally)"),
                    round(seen.gini, 2), Kind.SCORE)
        if seen.quiet_groups:
            section.notes.append(_("Quiet groups: %(names)s.") % {"names": ", ".join(
                in_language(row.group.name, row.group.name_cy) for row in seen.quiet_groups)})
    return section


# What people said and what happened ----------------------------------------------------------

def said_and_done(scope: Scope) -> Section:
    section = Section("outcomes", _("What people said and what happened"))
    heard = {"voice__organisation": scope.organisation, "voice__removed_at__isnull": True,
             "voice__heard_on__range": (scope.start, scope.end),
             **({"voice__projects": scope.project} if scope.project else {})}
    themes = list(Placement.objects.filter(**heard).values("theme__label")
                  .annotate(n=Count("id")).order_by("-n", "theme__label"))
    section.add(_("Themes building up"), len(themes))
    section.breakdown(_("Voices in the largest themes"),
                      [(row["theme__label"], row["n"]) for row in themes[:5]])
    outcomes = Outcome.objects.filter(organisation=scope.organisation, corrects__isnull=True,
                                      happened_on__range=(scope.start, scope.end))
    if scope.project:
        outcomes = outcomes.filter(voices__projects=scope.project).distinct()
    kinds = dict(outcomes.values_list("kind").annotate(n=Count("id", distinct=True)))
    section.add(_("Outcomes delivered"), kinds.get(OutcomeKind.DONE, 0))
    section.add(_("Answered as not possible, with the reason"),
                kinds.get(OutcomeKind.NOT_POSSIBLE, 0))
    section.add(_("Progress updates sent"), kinds.get(OutcomeKind.PROGRESS, 0))
    answered = Outcome.voices.through.objects.filter(
        outcome__corrects__isnull=True, **heard).values("voice_id").annotate(
        said=Min("voice__heard_on"), first=Min("outcome__happened_on"))
    waits = [(row["first"] - row["said"]).days for row in answered
             if scope.start <= row["first"] <= scope.end]
    section.add(_("Voices answered"), len(waits))
    section.add(_("Median days from hearing a voice to its first answer"),
                statistics.median(waits) if waits else None, Kind.DAYS)
    published = list(outcomes.filter(publish=True, follows__isnull=True)
                     .order_by("-happened_on", "-id")[:10])
    section.add(_("“You said, we did” entries published"),
                outcomes.filter(publish=True, follows__isnull=True).count())
    for outcome in published:
        asked = in_language(outcome.title, outcome.title_cy) or in_language(
            outcome.asked, outcome.asked_cy)[:150]
        section.notes.append(f"{asked}: {in_language(outcome.text, outcome.text_cy)[:300]}")
    return section


# Time given and the true cost ----------------------------------------------------------------

def time_and_cost(scope: Scope) -> Section:
    section = Section("cost", _("Time given and the true cost"))
    cost = true_cost(scope.organisation, scope.project, scope.start, scope.end)
    section.add(_("Hours given by participants"), cost.participant_minutes, Kind.HOURS)
    section.add(_("Hours given by staff"), sum(v.minutes for v in cost.staff), Kind.HOURS)
    section.add(_("Value of participants' time"), cost.participant_value, Kind.MONEY)
    section.add(_("Staff cost"), cost.staff_cost, Kind.MONEY)
    section.add(_("Expenses"), cost.expenses, Kind.MONEY)
    section.add(_("Recognition payments"), cost.recognition, Kind.MONEY)
    section.add(_("Overheads"), cost.overheads, Kind.MONEY)
    section.add(_("True cost"), cost.true_cost, Kind.MONEY)
    section.add(_("Funded"), cost.funded, Kind.MONEY)
    section.add(_("Gap between the true cost and what was funded"), cost.gap, Kind.MONEY)
    section.add(_("Share of the true cost given in kind by participants"),
                cost.in_kind_share, Kind.PERCENT)
    section.add(_("Rate card used"), cost.card, Kind.TEXT)
    for rate in cost.participants:
        since = formats.date_format(rate.effective_from, "j F Y") if rate.effective_from else "–"
        section.figures.append(Figure(
            rate.name, _("£%(amount)s an hour from %(date)s (%(source)s)") % {
                "amount": formats.number_format(rate.amount_pence / 100, 2, use_l10n=True),
                "date": since, "source": rate.source},
            Kind.TEXT, table=_("Rates used for participants' time")))
    section.notes += [str(note) for note in cost.overhead_notes] + [str(f) for f in cost.funders]
    certificates = Certificate.objects.filter(organisation=scope.organisation,
                                              issued_on__range=(scope.start, scope.end))
    if scope.project:
        certificates = certificates.none()
    section.add(_("Certificates of thanks issued"), certificates.count())
    credits = Entry.objects.filter(
        transfer__organisation=scope.organisation, transfer__kind=TransferKind.ISSUE,
        transfer__on__range=(scope.start, scope.end), account__person__isnull=False)
    if scope.project:
        credits = credits.filter(transfer__contribution__project=scope.project)
    section.add(_("Time credits issued (hours)"),
                credits.aggregate(m=Sum("minutes"))["m"] or 0, Kind.HOURS)
    return section


# Co-commissioning ----------------------------------------------------------------------------

def commissioning(scope: Scope) -> Section:
    section = Section("commissioning", _("Co-commissioning"))
    funds = Fund.objects.filter(organisation=scope.organisation)
    if scope.fund:
        funds = funds.filter(pk=scope.fund.pk)
    elif scope.project:
        funds = funds.filter(project=scope.project)
    awards = Award.objects.filter(bid__round__fund__in=funds,
                                  awarded_on__range=(scope.start, scope.end))
    totals = awards.aggregate(n=Count("id"), amount=Sum("amount"))
    section.add(_("Grants awarded"), totals["n"])
    section.add(_("Amount awarded in grants"), int((totals["amount"] or 0) * 100), Kind.MONEY)
    for grant_round in GrantRound.objects.filter(bids__award__in=awards).distinct().order_by(
            "opens_on", "id"):
        section.notes.append(_("%(round)s: 360Giving open data at %(url)s") % {
            "round": grant_round.display_title, "url": reverse(
                "commissioning:open_data_json",
                kwargs={"org_slug": scope.organisation.slug, "grant_round_id": grant_round.pk})})
    processes = Process.objects.filter(organisation=scope.organisation, result__isnull=False)
    if scope.project:
        processes = processes.filter(project=scope.project)
    counted = [p for p in processes.annotate(
        voted=Count("ballots", distinct=True), invited=Count("codes", distinct=True))
        .prefetch_related("proposals").order_by("title")
        if scope.start.isoformat() <= str((p.result or {}).get("counted_at", ""))[:10]
        <= scope.end.isoformat()]
    section.add(_("Budget votes counted"), len(counted))
    section.add(_("Votes cast in budget votes"), sum(p.voted for p in counted))
    for process in counted:
        name = process.display_title
        section.figures.append(Figure(_("%(vote)s: votes cast") % {"vote": name},
                                      process.voted, table=_("Budget votes")))
        if process.invited:
            section.figures.append(Figure(_("%(vote)s: turnout") % {"vote": name},
                                          round(process.voted / process.invited, 3),
                                          Kind.PERCENT, table=_("Budget votes")))
        section.figures.append(Figure(_("%(vote)s: rule") % {"vote": name},
                                      str(process.get_rule_display()), Kind.TEXT,
                                      table=_("Budget votes")))
        section.figures.append(Figure(
            _("%(vote)s: winners") % {"vote": name},
            "; ".join(p.display_title for p in winners(process)) or _("none"), Kind.TEXT,
            table=_("Budget votes")))
    return section


# Assessment ----------------------------------------------------------------------------------

def assessment(scope: Scope) -> Section:
    section = Section("assessment", _("How well we co-produce: assessment results"))
    rounds = Round.objects.filter(organisation=scope.organisation,
                                  closes_on__range=(scope.start, scope.end)).order_by("closes_on")
    for round_ in rounds:
        results = round_results(round_)
        table = _("%(round)s (%(n)s answers, closed %(date)s)") % {
            "round": round_.title,
            "date": formats.date_format(round_.closes_on or scope.end, "j F Y"),
            "n": results.respondents}
        for area in results.areas:
            name = str(area.area.name)
            mean = area.score.mean
            section.figures.append(Figure(name, None if mean is None else round(mean, 1),
                                          Kind.SCORE, table=table, hidden=mean is None))
            before = area.earlier[0] if area.earlier else None
            if mean is not None and before is not None:
                section.figures.append(Figure(
                    _("%(area)s: change since the last round") % {"area": name},
                    round(mean - before, 1), Kind.SCORE, table=table))
    section.add(_("Assessment rounds closed"), len(rounds))
    surveys = Survey.objects.filter(organisation=scope.organisation, kind=SurveyKind.OUTCOMES,
                                    occasion__on__range=(scope.start, scope.end))
    for survey in surveys.select_related("occasion").order_by("occasion__on"):
        answers = survey_results(survey)
        table = _("Participant outcomes: %(what)s (%(n)s answers)") % {
            "what": survey.occasion.title, "n": answers.respondents}
        for item, spread in answers.items:
            mean = spread.mean if answers.visible else None
            section.figures.append(Figure(str(item.text), None if mean is None else
                                          round(mean, 1), Kind.SCORE, table=table,
                                          hidden=mean is None))
    return section


# Quotes --------------------------------------------------------------------------------------

def quotes(scope: Scope) -> Section:
    """Words of people who agreed, today, to be quoted in reports; nobody else's."""
    section = Section("quotes", _("In their own words"))
    latest = Consent.objects.filter(person=OuterRef("person"), purpose=ConsentPurpose.QUOTE
                                    ).order_by("-recorded_on", "-id").values("given")[:1]
    chosen = (voices_in(scope).filter(person__isnull=False)
              .annotate(may_quote=Subquery(latest)).filter(may_quote=True)
              .select_related("person").order_by("-heard_on", "-id")[:QUOTES])
    labels = dict(Channel.choices)
    for voice in chosen:
        # Attributed as the person chose; anonymous unless they said otherwise.
        who = _("%(who)s, %(channel)s, %(month)s") % {
            "who": (voice.person and voice.person.quote_as) or _("A participant"),
            "channel": str(labels.get(voice.channel, voice.channel)).lower(),
            "month": formats.date_format(voice.heard_on, "F Y")}
        # The person is kept (never shown) so a withdrawal reaches published copies too.
        section.quotes.append({"text": voice.text, "who": who, "person": voice.person_id})
    section.add(_("Quotes from people who agreed to be quoted"), len(section.quotes))
    return section


# Every section in the report's order, by key; `build` makes all of them or those named.
SECTIONS: dict[str, Callable[[Scope], Section]] = {
    "activity": activity, "participation": participation, "outcomes": said_and_done,
    "cost": time_and_cost, "commissioning": commissioning, "assessment": assessment,
    "quotes": quotes}

# What trustees read in the governance summary, in the order they read it.
GOVERNANCE = ("outcomes", "participation", "cost", "assessment")


def still_agreed(person_ids: list[int]) -> set[int]:
    """Those of these people whose latest word on being quoted is yes."""
    latest: dict[int, bool] = {}
    for person_id, given in Consent.objects.filter(
            person_id__in=person_ids, purpose=ConsentPurpose.QUOTE).order_by(
            "recorded_on", "id").values_list("person_id", "given"):
        latest[person_id] = given
    return {pk for pk, given in latest.items() if given}


def fund_named(organisation: Any, text: str) -> Fund | None:
    """The organisation's fund with this id or name (None for anyone else's)."""
    funds = Fund.objects.filter(organisation=organisation).select_related("project")
    if text.strip().isdigit() and (found := funds.filter(pk=int(text)).first()):
        return found
    return funds.filter(title__iexact=text.strip()).order_by("pk").first()


def project_named(organisation: Any, text: str) -> Project | None:
    """The organisation's project with this id or title (None for anyone else's)."""
    projects = Project.objects.filter(organisation=organisation)
    if text.strip().isdigit():
        found = projects.filter(pk=int(text)).first()
        if found:
            return found
    return projects.filter(title__iexact=text.strip()).order_by("pk").first()

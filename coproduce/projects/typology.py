"""Where a project stands, derived from its record and never ticked by hand.

Bovaird's table places it by who plans and who delivers; Needham and Carr's levels say how
far power is shared; the indicators give the figures behind both. Every conclusion comes with
the reasons that led to it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .phases import DELIVERY, PLANNING

PROFESSIONALS, CO, USERS = "professionals", "co", "users"

# Bovaird (2007), Table 1: (who plans, who delivers) -> the kind of provision.
BOVAIRD = {
    (PROFESSIONALS, PROFESSIONALS): gettext_lazy("Traditional professional service provision"),
    (CO, PROFESSIONALS): gettext_lazy("Traditional professional service provision with users "
                                      "and communities involved in planning and design"),
    (USERS, PROFESSIONALS): gettext_lazy("Not applicable"),
    (PROFESSIONALS, CO): gettext_lazy("User co-delivery of professionally designed services"),
    (CO, CO): gettext_lazy("Full user/professional co-production"),
    (USERS, CO): gettext_lazy("User/community co-delivery of services with professionals, "
                              "with little formal planning or design"),
    (PROFESSIONALS, USERS): gettext_lazy("User/community delivery of professionally planned "
                                         "services"),
    (CO, USERS): gettext_lazy("User/community delivery of co-planned or co-designed services"),
    (USERS, USERS): gettext_lazy("Traditional self-organised community provision"),
}
PLANNERS = {PROFESSIONALS: gettext_lazy("Professionals as sole planners"),
            CO: gettext_lazy("Users and communities as co-planners"),
            USERS: gettext_lazy("No professional input into planning")}
DELIVERERS = {PROFESSIONALS: gettext_lazy("Professionals as sole deliverers"),
              CO: gettext_lazy("Professionals and users/communities as co-deliverers"),
              USERS: gettext_lazy("Users/communities as sole deliverers")}
LEVELS = {"simple": gettext_lazy("Simple"), "intermediate": gettext_lazy("Intermediate"),
          "transformational": gettext_lazy("Transformational")}


@dataclass(frozen=True)
class RoleFact:
    family: str  # commissioning, design, delivery or assessment
    side: str  # staff, participant or community
    involvement: str  # decides, delivers, advises or informed
    phase: str = ""
    who: str = ""


@dataclass(frozen=True)
class MeetingFact:
    has_staff: bool
    has_participants: bool


@dataclass
class Indicators:
    participant_decision_share: float | None
    joint_meeting_share: float | None
    participants_per_phase: dict[str, int]
    open_boundary_share: float | None


@dataclass
class Placement:
    planning: str
    delivery: str
    level: str
    indicators: Indicators
    reasons: list[str] = field(default_factory=list)

    @property
    def cell(self) -> str:
        return str(BOVAIRD[(self.planning, self.delivery)])

    @property
    def level_label(self) -> str:
        return str(LEVELS[self.level])

    @property
    def planning_label(self) -> str:
        return str(PLANNERS[self.planning])

    @property
    def delivery_label(self) -> str:
        return str(DELIVERERS[self.delivery])


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def axis(staff: bool, users: bool) -> str:
    if users and staff:
        return CO
    return USERS if users else PROFESSIONALS


def indicators(roles: list[RoleFact], proposers: list[str], meetings: list[MeetingFact],
               boundaries: list[str]) -> Indicators:
    per_phase: dict[str, set[str]] = {}
    for role in roles:
        per_phase.setdefault(role.phase, set())
        if role.side == "participant":
            per_phase[role.phase].add(role.who)
    return Indicators(
        participant_decision_share=share(
            sum(p in {"participant", "community"} for p in proposers), len(proposers)),
        joint_meeting_share=share(sum(m.has_staff and m.has_participants for m in meetings),
                                  len(meetings)),
        participants_per_phase={phase: len(who) for phase, who in per_phase.items()},
        open_boundary_share=share(sum(b in {"open", "limited"} for b in boundaries),
                                  len(boundaries)),
    )


def place(roles: list[RoleFact], proposers: list[str], meetings: list[MeetingFact],
          boundaries: list[str]) -> Placement:
    """Place a project on Bovaird's table and Needham and Carr's levels, with reasons."""
    reasons: list[str] = []
    users = {"participant", "community"}
    planning_roles = [r for r in roles if r.family in PLANNING
                      and r.involvement in {"decides", "advises"}]
    delivery_roles = [r for r in roles if r.family in DELIVERY and r.involvement == "delivers"]
    users_plan = any(r.side in users for r in planning_roles)
    users_decide = any(r.side in users and r.involvement == "decides" for r in planning_roles)
    staff_plan = any(r.side == "staff" for r in planning_roles) or not planning_roles
    users_deliver = any(r.side in users for r in delivery_roles)
    staff_deliver = any(r.side == "staff" for r in delivery_roles) or not delivery_roles
    if not roles:
        reasons.append(_("No phases or roles are recorded yet, so professionals are taken to "
                         "plan and deliver alone."))
    if users_plan:
        reasons.append(_("Participants or the community plan, decide or advise in "
                         "commissioning, design or assessment."))
    elif roles:
        reasons.append(_("Only staff plan or decide: no participant or community role in "
                         "commissioning, design or assessment."))
    if users_deliver:
        reasons.append(_("Participants or the community deliver the service."))
    figures = indicators(roles, proposers, meetings, boundaries)
    shared = figures.participant_decision_share
    joint = figures.joint_meeting_share
    if shared is not None:
        reasons.append(_("%(share)d%% of decisions were proposed by participants or the "
                         "community.") % {"share": round(shared * 100)})
    if joint is not None:
        reasons.append(_("%(share)d%% of meetings were joint meetings of staff and "
                         "participants.") % {"share": round(joint * 100)})
    if users_decide and shared is not None and shared >= 0.5 and joint is not None \
            and joint >= 0.75:
        level = "transformational"
        reasons.append(_("Transformational: participants decide in planning, propose at least "
                         "half of the decisions, and meet with staff as equals."))
    elif users_plan or (shared or 0) > 0:
        level = "intermediate"
        reasons.append(_("Intermediate: participants shape the service, but power is not yet "
                         "fully shared."))
    else:
        level = "simple"
        reasons.append(_("Simple: participants contribute, but do not yet plan or propose "
                         "decisions."))
    return Placement(planning=axis(staff_plan, users_plan),
                     delivery=axis(staff_deliver, users_deliver),
                     level=level, indicators=figures, reasons=reasons)

"""The derived typology and the power-sharing indicators, from the record alone."""

from coproduce.projects.typology import MeetingFact, RoleFact, indicators, place


def role(family: str, side: str, involvement: str, who: str = "x") -> RoleFact:
    return RoleFact(family=family, side=side, involvement=involvement, phase=family, who=who)


def test_a_project_with_no_phases_is_traditional_and_simple() -> None:
    placement = place([], [], [], [])
    assert (placement.planning, placement.delivery, placement.level) == (
        "professionals", "professionals", "simple")
    assert placement.cell == "Traditional professional service provision"
    assert any("No phases or roles" in reason for reason in placement.reasons)
    assert placement.indicators.participant_decision_share is None
    assert placement.indicators.joint_meeting_share is None
    assert placement.indicators.open_boundary_share is None


def test_only_staff_is_simple_whatever_else_happens() -> None:
    roles = [role("design", "staff", "decides"), role("delivery", "staff", "delivers")]
    placement = place(roles, ["staff", "staff"], [MeetingFact(True, False)], ["fixed"])
    assert placement.level == "simple" and placement.planning == "professionals"
    assert placement.indicators.participant_decision_share == 0
    assert placement.indicators.joint_meeting_share == 0


def test_users_delivering_a_professional_design_is_user_co_delivery() -> None:
    roles = [role("design", "staff", "decides"), role("delivery", "staff", "delivers"),
             role("delivery", "participant", "delivers")]
    placement = place(roles, [], [], [])
    assert placement.cell == "User co-delivery of professionally designed services"
    assert placement.level == "simple"


def test_co_planning_with_a_participant_proposal_is_intermediate() -> None:
    roles = [role("commissioning", "staff", "decides"),
             role("commissioning", "participant", "advises")]
    placement = place(roles, ["participant", "staff", "staff"], [], ["open", "fixed"])
    assert placement.planning == "co" and placement.level == "intermediate"
    assert placement.indicators.open_boundary_share == 0.5


def test_shared_decisions_and_joint_meetings_are_transformational() -> None:
    roles = [role("design", "staff", "decides"), role("design", "participant", "decides", "a"),
             role("design", "participant", "decides", "b"),
             role("delivery", "participant", "delivers"), role("delivery", "staff", "delivers")]
    meetings = [MeetingFact(True, True)] * 3 + [MeetingFact(True, False)]
    placement = place(roles, ["participant", "community", "staff"], meetings, ["open"])
    assert placement.cell == "Full user/professional co-production"
    assert placement.level == "transformational"
    assert placement.indicators.joint_meeting_share == 0.75
    assert placement.indicators.participants_per_phase["design"] == 2


def test_community_alone_is_self_organised_provision() -> None:
    roles = [role("design", "community", "decides"), role("delivery", "community", "delivers")]
    placement = place(roles, [], [], [])
    assert placement.cell == "Traditional self-organised community provision"


def test_indicators_count_participants_once_per_phase() -> None:
    figures = indicators([role("design", "participant", "advises", "a"),
                          role("design", "participant", "decides", "a")], [], [], [])
    assert figures.participants_per_phase == {"design": 1}

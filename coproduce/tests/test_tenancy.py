"""Nothing one organisation owns is reachable from another.

Every URL pattern of Coproduce's own views is walked as an administrator of organisation A
(who may do everything there) against organisation B's slug and B's objects: each must
answer 404. A new view that forgets the scoping helper fails here; a new URL argument
naming an object fails until it is added to OBJECTS below.
"""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coproduce.assessments.models import Invitation as AssessmentLink
from coproduce.assessments.models import Round, Survey
from coproduce.assessments.tests.factories import tenancy_objects
from coproduce.budgets.tests.factories import budget_objects
from coproduce.commissioning.tests.factories import tenancy_objects as grant_objects
from coproduce.community.tests.factories import tenancy_objects as community_objects
from coproduce.conftest import make_member
from coproduce.imports.models import Upload
from coproduce.notices.models import Notice
from coproduce.organisations.models import ApiToken, Membership, Role
from coproduce.people.models import Person
from coproduce.projects.models import Boundary, Invitation, Meeting, Phase, Project, Proposal
from coproduce.reciprocity.tests.factories import tenancy_objects as reciprocity_objects
from coproduce.reports.tests.factories import report_objects
from coproduce.sortition.models import Selection
from coproduce.themes.models import Placement, Theme
from coproduce.voices.answering import answer
from coproduce.voices.models import Voice

# Pages outside /o/<org_slug>/: they may show only the signed-in user's own things.
UNSCOPED = {"home", "admin:login", "set_language", "your_language"}

# The language switch, for everyone, signed in or not: it changes only the user's own choice.
ANYONE = {"set_language"}

# Public pages anyone may open: each shows only the organisation named in its address.
PUBLIC = {"voices:say", "voices:say_easy_read", "voices:say_thanks", "voices:paper",
          "voices:you_said_we_did", "voices:you_said_we_did_entry", "themes:public_suggest"}

# Public pages opened with a secret token: B's token under B's slug is meant to work, so
# only A's slug with B's token is checked (it must be 404).
PUBLIC_BY_TOKEN = {"assessments:answer_link", "voices:confirm_contact", "projects:rsvp",
                   "reciprocity:verify", "budgets:vote", "budgets:ballot", "budgets:results",
                   "budgets:results_pb", "reports:shared"}

# Public pages of one of an organisation's objects (a grant round's criteria, form, results):
# B's object under B's slug is meant to work, so only A's slug with B's object is checked.
PUBLIC_OBJECT_PAGES = {"commissioning:public_round", "commissioning:apply",
                       "commissioning:apply_easy_read", "commissioning:paper_form",
                       "commissioning:draft", "commissioning:results",
                       "commissioning:open_data_json", "commissioning:open_data_csv"}

# How to find organisation B's object for each URL argument that names one.
OBJECTS: dict[str, Callable[[dict[str, Any]], object]] = {
    "person_id": lambda b: b["person"].pk,
    "membership_id": lambda b: b["membership"].pk,
    "voice_id": lambda b: b["voice"].pk,
    "project_id": lambda b: b["project"].pk,
    "phase_id": lambda b: b["phase"].pk,
    "boundary_id": lambda b: b["boundary"].pk,
    "meeting_id": lambda b: b["meeting"].pk,
    "theme_id": lambda b: b["theme"].pk,
    "token_id": lambda b: b["token"].pk,
    "round_id": lambda b: b["assessments"]["round_id"],
    "survey_id": lambda b: b["assessments"]["survey_id"],
    "action_id": lambda b: b["assessments"]["action_id"],
    "token": lambda b: b["assessments"]["token"],
    # The round's link under a round's address, the survey's under a survey's: each of B's.
    "link_id": lambda b: b["assessments"]["round_link_id"],
    "upload_id": lambda b: b["upload"].pk,
    "notice_id": lambda b: b["notice"].pk,
    "outcome_id": lambda b: b["outcome"].pk,
    "rsvp_token": lambda b: b["invitation"].token,
    "contribution_id": lambda b: b["reciprocity"]["contribution"].pk,
    "claim_id": lambda b: b["reciprocity"]["claim"].pk,
    "receipt_id": lambda b: b["reciprocity"]["receipt"].pk,
    "offer_id": lambda b: b["reciprocity"]["offer"].pk,
    "transfer_id": lambda b: b["reciprocity"]["transfer"].pk,
    "card_id": lambda b: b["reciprocity"]["card"].pk,
    "certificate_id": lambda b: b["reciprocity"]["certificate"].pk,
    "published_id": lambda b: b["reciprocity"]["published"].pk,
    "code": lambda b: b["reciprocity"]["certificate"].code,
    "fund_id": lambda b: b["grants"]["fund_id"],
    "grant_round_id": lambda b: b["grants"]["grant_round_id"],
    "bid_id": lambda b: b["grants"]["bid_id"],
    "panellist_id": lambda b: b["grants"]["panellist_id"],
    "version_id": lambda b: b["grants"]["version_id"],
    "attachment_id": lambda b: b["grants"]["attachment_id"],
    "draft_token": lambda b: b["grants"]["draft_token"],
    "process_id": lambda b: b["budgets"]["process"].pk,
    "proposal_id": lambda b: b["budgets"]["proposal"].pk,
    "selection_id": lambda b: b["selection"].pk,
    "project_proposal_id": lambda b: b["project_proposal"].pk,
    "role_id": lambda b: b["community"]["role"].pk,
    "holder_id": lambda b: b["community"]["holder"].pk,
    "check_id": lambda b: b["community"]["check"].pk,
    "agreement_id": lambda b: b["community"]["agreement"].pk,
    "asset_id": lambda b: b["community"]["asset"].pk,
    "taken_id": lambda b: b["community"]["taken"].pk,
    "session_id": lambda b: b["community"]["session"].pk,
    "group_id": lambda b: b["community"]["group"].pk,
    "report_id": lambda b: b["reports"]["report"].pk,
    "share_id": lambda b: b["reports"]["share"].pk,
    "share_token": lambda b: b["reports"]["token"],
    "publication_id": lambda b: b["reports"]["publication"].pk,
}
# URL arguments that name no object (the same value is right for every organisation).
PLAIN = {"kind": "voices"}


def projects_objects(other_org: Any, other_person: Any) -> dict[str, Any]:
    project = Project.objects.create(organisation=other_org, title="B's project", purpose="B")
    now = timezone.now() + datetime.timedelta(days=3)
    meeting = Meeting.objects.create(project=project, title="B's meeting", starts_at=now,
                                     ends_at=now + datetime.timedelta(hours=2))
    return {
        "project": project,
        "phase": Phase.objects.create(project=project, kind="co_planning"),
        "boundary": Boundary.objects.create(project=project, topic="Budget", status="fixed",
                                            reason="Set by the council"),
        "meeting": meeting,
        "invitation": Invitation.objects.create(meeting=meeting, person=other_person,
                                                token=f"invitation-token-{meeting.pk}"),
        "project_proposal": Proposal.objects.create(project=project, kind="decision",
                                                    text="B's proposal", person=other_person),
    }


def voices_objects(other_org: Any, other_person: Any) -> dict[str, Any]:
    voice = Voice.objects.create(organisation=other_org, text="B's voice", channel="phone",
                                 heard_on=datetime.date(2025, 1, 1), person=other_person)
    theme = Theme.objects.create(organisation=other_org, key="b", label="B's theme")
    Placement.objects.create(voice=voice, theme=theme)
    upload = Upload.objects.create(organisation=other_org, kind="voices", filename="b.csv",
                                   columns=["text"], state="checked")
    notice = Notice.objects.create(organisation=other_org, person=other_person, purpose="other",
                                   method="letter", state="to_print", subject="B's", body="B")
    outcome = answer([voice], "done", "B's outcome", None, publish=True)
    return {"voice": voice, "token": ApiToken.issue(other_org, "B's token")[0], "theme": theme,
            "notice": notice, "outcome": outcome, "upload": upload}


def walk(patterns: list[Any], prefix: str = "", namespace: str = "",
         kwargs: frozenset[str] = frozenset()) -> Iterator[tuple[str, frozenset[str], str]]:
    for entry in patterns:
        names = kwargs | frozenset(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns, names)
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            if module.startswith("coproduce."):
                yield namespace + entry.name, names, prefix + str(entry.pattern)


def project_patterns() -> list[tuple[str, frozenset[str], str]]:
    return sorted(walk(get_resolver().url_patterns))


def test_it_finds_the_organisation_pages_to_check() -> None:
    names = {name for name, _kwargs, _route in project_patterns()}
    assert {"people:list", "people:detail", "people:sensitive", "organisations:members",
            "audit:list", "reports:dashboard"} <= names


@pytest.mark.parametrize(("name", "kwargs", "route"), project_patterns(),
                         ids=[p[0] for p in project_patterns()])
def test_it_answers_404_for_another_organisations_data(
    name: str, kwargs: frozenset[str], route: str, login: Any, admin_user: Any, org: Any,
    other_org: Any, other_person: Any, outsider: Any,
) -> None:
    client = login(admin_user)
    if not kwargs:
        assert name in UNSCOPED, f"{route} is not under /o/<org_slug>/: scope it or list it"
        page = client.get(reverse(name)).content.decode()
        assert other_org.name not in page and other_person.name not in page
        return
    if name in PUBLIC and kwargs - {"org_slug"}:  # a public page naming one of B's things
        objects = {key: OBJECTS[key](voices_objects(other_org, other_person))
                   for key in kwargs - {"org_slug"}}
        assert client.get(reverse(name, kwargs={"org_slug": other_org.slug, **objects})
                          ).status_code == 200
        assert client.get(reverse(name, kwargs={"org_slug": org.slug, **objects})
                          ).status_code == 404
        return
    if name in PUBLIC:
        response = client.get(reverse(name, kwargs={"org_slug": other_org.slug}))
        assert response.status_code == 200
        if response["Content-Type"].startswith("text/html") and name != "themes:public_suggest":
            page = response.content.decode()
            assert other_org.name in page and org.name not in page
        return
    unknown = kwargs - {"org_slug"} - set(OBJECTS) - set(PLAIN)
    assert not unknown, f"{route}: add {sorted(unknown)} to OBJECTS so the walk can check it"
    b = {"person": other_person, "membership": Membership.objects.get(user=outsider),
         **voices_objects(other_org, other_person),
         "assessments": tenancy_objects(other_org), "grants": grant_objects(other_org),
         **projects_objects(other_org, other_person),
         "budgets": budget_objects(other_org),
         "selection": Selection.objects.create(organisation=other_org, title="B's panel",
                                               size=1, seed="b")}
    b["reciprocity"] = reciprocity_objects(other_org, other_person, b["project"])
    b["community"] = community_objects(other_org, other_person)
    b["reports"] = report_objects(other_org)
    objects = {key: OBJECTS[key](b) for key in kwargs if key in OBJECTS}
    plain = {key: PLAIN[key] for key in kwargs if key in PLAIN}
    urls = [] if name in PUBLIC_BY_TOKEN | PUBLIC_OBJECT_PAGES else [
        reverse(name, kwargs={"org_slug": other_org.slug, **objects, **plain})]
    if objects:  # A's own slug with B's objects
        urls.append(reverse(name, kwargs={"org_slug": org.slug, **objects, **plain}))
    for url in urls:
        # An action (POST only) answers a GET with 405 whatever the object, revealing nothing.
        assert client.get(url).status_code in {404, 405}, f"GET {url} must be 404 (or 405)"
        assert client.post(url, {}).status_code == 404, f"POST {url} must be 404"


# --- The same walk as a peer mentor and as a panel member of the organisation itself ---------

# Pages a participant (peer mentor or panel member, linked to their People record) may open in
# their own organisation; every other page must refuse them (403, 404, or 405 for an action).
PARTICIPANT_PAGES = {
    "home", "your_language", "reports:dashboard", "projects:list", "projects:detail",
    "projects:print",
    "projects:meeting", "projects:agenda", "projects:my_calendar", "projects:your_part",
    "projects:your_reply", "projects:propose", "reciprocity:index", "reciprocity:mine",
    "assessments:round_answer", "assessments:survey_answer", "budgets:list", "budgets:detail",
    "budgets:export", "community:assets", "community:asset_map", "community:asset_export",
    "community:asset", "community:groups", "community:group", "community:your_agreements",
}
ROLE_PAGES: dict[str, set[str]] = {
    Role.PEER_MENTOR.value: {"voices:peer_list", "voices:peer_add", "voices:peer_correct"},
    # Panel members follow grant funds and propose criteria (commissioning's own rules).
    Role.PANEL_MEMBER.value: {"commissioning:funds", "commissioning:fund", "commissioning:round",
                        "commissioning:criteria_propose"},
}


def own_objects(org: Any, someone: Any, peer: Any, panel: Any) -> dict[str, Any]:
    """One of each object in the participants' own organisation. `someone` is another person,
    whose contact details must never show; the peer and the panel member take part in the
    project and are invited to its meeting."""
    a = {"person": someone, **voices_objects(org, someone),
         "assessments": tenancy_objects(org), "grants": grant_objects(org),
         **projects_objects(org, peer), "budgets": budget_objects(org),
         "selection": Selection.objects.create(organisation=org, title="A's panel", size=1,
                                               seed="a")}
    Invitation.objects.create(meeting=a["meeting"], person=panel, token="a-panel-token")
    for person in (peer, panel):
        a["project"].take_part("co_design", "participant", "decides", person=person)
        for subject in (Round, Survey):
            AssessmentLink.issue(subject.objects.get(pk=a["assessments"][
                f"{subject.subject_field}_id"]), "volunteer", 14, person=person)
    a["reciprocity"] = reciprocity_objects(org, someone, a["project"])
    a["community"] = community_objects(org, someone)
    a["reports"] = report_objects(org)
    return a


def participant(org: Any, email: str, role: str, name: str) -> tuple[Any, Any]:
    person = Person.objects.create(organisation=org, name=name, email=email)
    user = make_member(org, email, role)
    Membership.objects.filter(user=user).update(person=person)
    return user, person


@pytest.mark.parametrize("role", [Role.PEER_MENTOR.value, Role.PANEL_MEMBER.value])
def test_a_participant_reaches_only_their_pages_and_never_contact_details(
        role: str, login: Any, org: Any, person: Any, admin_user: Any) -> None:
    person.phone, person.postcode = "07700 900456", "CF99 1NA"
    person.save()
    peer, peer_person = participant(org, "peer@harbour.example", Role.PEER_MENTOR, "Peer P")
    panel, panel_person = participant(org, "panel@harbour.example", Role.PANEL_MEMBER,
                                      "Panel P")
    a = own_objects(org, person, peer_person, panel_person)
    a["membership"] = Membership.objects.get(user=admin_user)
    user = peer if role == Role.PEER_MENTOR else panel
    Voice.objects.filter(pk=a["voice"].pk).update(recorded_by=peer, heard_by_peer=True)
    client = login(user)
    secrets = ["sian@mail.example", "07700 900456", "CF99 1NA", "Diabetes", "Hostel"]
    allowed = PARTICIPANT_PAGES | ROLE_PAGES[role]
    for name, kwargs, _route in project_patterns():
        if name in PUBLIC | PUBLIC_BY_TOKEN | PUBLIC_OBJECT_PAGES | ANYONE:
            continue
        values = {key: OBJECTS[key](a) for key in kwargs if key in OBJECTS}
        values |= {key: PLAIN[key] for key in kwargs if key in PLAIN}
        url = reverse(name, kwargs={"org_slug": org.slug, **values} if kwargs else None)
        response = client.get(url)
        if name in allowed:
            assert response.status_code in {200, 302}, f"{role} must reach {url}"
        else:
            assert response.status_code in {403, 404, 405}, f"{role} must be refused {url}"
            assert client.post(url, {}).status_code in {403, 404, 405}, f"POST {url}"
        if response.get("Content-Type", "").startswith("text/"):
            page = response.content.decode()
            leaked = [secret for secret in secrets if secret in page]
            assert not leaked, f"{url} shows {role} contact or special-category details"

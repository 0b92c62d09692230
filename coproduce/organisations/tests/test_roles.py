"""Each role sees what it needs and is refused the rest."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from coproduce.audit.models import Action, AuditEvent
from coproduce.organisations.models import Membership, Role


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def test_it_sends_anonymous_visitors_to_sign_in(client: Any, org: Any) -> None:
    response = client.get(url("people:list", org))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_answers_404_to_someone_who_is_not_a_member(login: Any, outsider: Any, org: Any) -> None:
    assert login(outsider).get(url("reports:dashboard", org)).status_code == 404


@pytest.mark.parametrize("role_fixture", ["viewer", "peer_mentor"])
def test_it_refuses_people_pages_to_viewers_and_peer_mentors(
    request: Any, role_fixture: str, login: Any, org: Any, person: Any
) -> None:
    client = login(request.getfixturevalue(role_fixture))
    for name, kwargs in [("people:list", {}), ("people:add", {}), ("people:export", {}),
                         ("people:import", {}), ("people:detail", {"person_id": person.pk}),
                         ("people:sensitive", {"person_id": person.pk})]:
        assert client.get(url(name, org, **kwargs)).status_code == 403, name


def test_it_shows_a_viewer_aggregates_but_no_names(login: Any, viewer: Any, org: Any,
                                                   person: Any) -> None:
    person.move_to_stage(org.journey_stages.get(name="Volunteer"), datetime.date(2025, 1, 1))
    response = login(viewer).get(url("reports:dashboard", org))
    assert response.status_code == 200
    page = response.content.decode()
    assert person.name not in page
    assert "Recent changes" not in page
    # one volunteer: a viewer sees no count smaller than five
    assert "fewer than 5" in page
    assert response.context["figures"]["by_stage"][3].count == 1


def test_it_shows_a_coordinator_recent_changes(login: Any, coordinator: Any, org: Any,
                                               person: Any) -> None:
    from coproduce.voices.models import Voice

    Voice.objects.create(organisation=org, text="More benches\nin the park", channel="phone",
                         heard_on=datetime.date(2025, 1, 1), person=person)
    page = login(coordinator).get(url("reports:dashboard", org)).content.decode()
    # Recent changes say what changed, not only who.
    assert f"Added to People: {person.name}" in page
    assert f"Consent: {person.name} said yes to “Keep sensitive information”" in page
    assert "Voice recorded (Phone): “More benches in the park”" in page


@pytest.mark.parametrize("name", ["organisations:members", "organisations:settings", "audit:list",
                                  "people:stages"])
def test_it_keeps_admin_pages_for_admins(name: str, login: Any, coordinator: Any,
                                         admin_user: Any, org: Any) -> None:
    assert login(coordinator).get(url(name, org)).status_code == 403
    assert login(admin_user).get(url(name, org)).status_code == 200


def test_it_adds_a_member_and_invites_them_by_email(login: Any, admin_user: Any, org: Any,
                                                    mailoutbox: Any,
                                                    django_capture_on_commit_callbacks: Any
                                                    ) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends it after commit
        response = login(admin_user).post(url("organisations:members", org), {
            "email": "New.Mentor@Example.org", "role": "peer_mentor"})
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=org, user__email="new.mentor@example.org")
    assert membership.role == Role.PEER_MENTOR
    assert not membership.user.has_usable_password()
    assert len(mailoutbox) == 1 and "Harbour Day Centre" in mailoutbox[0].subject
    assert AuditEvent.objects.filter(action=Action.MEMBER_ADDED, organisation=org).exists()


def test_it_refuses_a_bad_email_and_keeps_what_was_typed(login: Any, admin_user: Any,
                                                         org: Any) -> None:
    response = login(admin_user).post(url("organisations:members", org),
                                      {"email": "not an email", "role": "viewer"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and 'value="not an email"' in page
    assert Membership.objects.filter(organisation=org).count() == 1


def test_it_changes_a_role_and_audits_it(login: Any, admin_user: Any, coordinator: Any,
                                         org: Any) -> None:
    membership = Membership.objects.get(user=coordinator)
    response = login(admin_user).post(url("organisations:member_edit", org,
                                          membership_id=membership.pk), {"role": "viewer"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert membership.may_view_sensitive is False
    event = AuditEvent.objects.get(action=Action.ROLE_CHANGED)
    assert event.detail["was"] == "coordinator" and event.user == admin_user


def test_it_never_leaves_an_organisation_without_an_administrator(login: Any, admin_user: Any,
                                                                  org: Any) -> None:
    membership = Membership.objects.get(user=admin_user)
    response = login(admin_user).post(url("organisations:member_edit", org,
                                          membership_id=membership.pk), {"role": "viewer"})
    assert response.status_code == 200
    assert "at least one administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert not AuditEvent.objects.filter(action=Action.ROLE_CHANGED).exists()


def test_it_lists_every_organisation_of_a_user_on_the_home_page(login: Any, coordinator: Any,
                                                                 other_org: Any) -> None:
    Membership.objects.create(user=coordinator, organisation=other_org, role=Role.VIEWER)
    page = login(coordinator).get(reverse("home")).content.decode()
    assert "/o/harbour/" in page and "/o/northgate/" in page


def test_it_saves_organisation_settings_and_refuses_a_negative_value(login: Any, admin_user: Any,
                                                                     org: Any) -> None:
    client = login(admin_user)
    bad = client.post(url("organisations:settings", org),
                      {"name": "Harbour", "participant_hourly_value": "-1"})
    assert bad.status_code == 200 and "cannot be negative" in bad.content.decode()
    good = client.post(url("organisations:settings", org),
                       {"name": "Harbour", "name_cy": "Harbwr", "participant_hourly_value": "15"})
    assert good.status_code == 302
    org.refresh_from_db()
    assert (org.name_cy, str(org.participant_hourly_value)) == ("Harbwr", "15.00")


def test_the_dashboard_shows_staff_what_needs_attention(login: Any, coordinator: Any,
                                                        viewer: Any, org: Any) -> None:
    from coproduce.voices.models import Voice

    Voice.objects.create(organisation=org, text="New", channel="phone",
                         heard_on=datetime.date(2025, 1, 1))
    Voice.objects.create(organisation=org, text="Mine", channel="phone",
                         heard_on=datetime.date(2025, 1, 1), assigned_to=coordinator,
                         status="considering")
    page = login(coordinator).get(url("reports:dashboard", org)).content.decode()
    assert "2 new voices" not in page and "1 new voice to acknowledge" in page
    assert "1 open voice assigned to you" in page
    viewer_page = login(viewer).get(url("reports:dashboard", org)).content.decode()
    assert "Needs attention" not in viewer_page

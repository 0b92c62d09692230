"""A single-use link can be made for someone in People: their story shows it, never answers."""

from typing import Any

from django.urls import reverse

from coproduce.assessments.models import Invitation
from coproduce.assessments.tests.factories import make_round


def links_url(org: Any, round_id: int) -> str:
    return reverse("assessments:round_links", kwargs={"org_slug": org.slug,
                                                      "round_id": round_id})


def test_a_link_for_a_person_shows_on_their_timeline(login: Any, coordinator: Any, org: Any,
                                                     person: Any) -> None:
    assessment = make_round(org)
    client = login(coordinator)
    client.post(links_url(org, assessment.pk), {"role": "lived_experience", "count": 1,
                                                "days": 14, "person": person.pk})
    invitation = Invitation.objects.get()
    assert invitation.person == person
    page = client.get(reverse("people:detail", kwargs={
        "org_slug": org.slug, "person_id": person.pk})).content.decode()
    assert "Sent a link to answer: Spring round" in page and "not used yet" in page


def test_one_link_only_for_one_person_and_never_someone_elsewhere(
        login: Any, coordinator: Any, org: Any, person: Any, other_person: Any) -> None:
    assessment = make_round(org)
    client = login(coordinator)
    page = client.post(links_url(org, assessment.pk), {"role": "lived_experience",
                                                      "count": 3, "days": 14,
                                                      "person": person.pk}).content.decode()
    assert "Make one link when it is for one person" in page
    client.post(links_url(org, assessment.pk), {"role": "lived_experience", "count": 1,
                                                "days": 14, "person": other_person.pk})
    assert not Invitation.objects.exists()


def test_a_used_link_shows_as_used_on_the_timeline_without_the_answers(
        client: Any, login: Any, coordinator: Any, org: Any, person: Any) -> None:
    import re

    assessment = make_round(org)
    staff = login(coordinator)
    page = staff.post(links_url(org, assessment.pk), {"role": "lived_experience", "count": 1,
                                                      "days": 14, "person": person.pk}
                      ).content.decode()
    [token] = set(re.findall(r"/assessments/answer/([A-Za-z0-9_-]{43})/", page))
    answers = {f"item_{item.key}": "2" for item in assessment.questions.items}
    answered = client.post(reverse("assessments:answer_link", kwargs={
        "org_slug": org.slug, "token": token}), {**answers, "comment": "The panel ignores us"})
    assert "Your answers have been sent" in answered.content.decode()
    story = staff.get(reverse("people:detail", kwargs={
        "org_slug": org.slug, "person_id": person.pk})).content.decode()
    assert "Sent a link to answer: Spring round" in story and "used on" in story
    assert "not used yet" not in story and "The panel ignores us" not in story

"""Assessments speak Welsh: the interface from the catalogue, the frameworks from their files."""

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from coproduce.assessments.models import Invitation

from .factories import answer, area_values, make_round, make_survey


def test_the_results_page_is_in_welsh(login: Any, coordinator: Any, org: Any) -> None:
    round_ = make_round(org, title="Gwanwyn 2026")
    for _ in range(5):
        answer(round_, "staff", area_values(round_, {"enabling-factors": 5, "skills": 4,
                                                     "processes": 4}))
        answer(round_, "lived_experience", area_values(round_, {"enabling-factors": 2,
                                                                "skills": 4, "processes": 4}))
    client = login(coordinator)
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("assessments:round_results", kwargs={
        "org_slug": org.slug, "round_id": round_.pk})).content.decode()
    enabling = round_.questions.area("enabling-factors")
    assert enabling is not None
    assert '<html lang="cy"' in page
    assert "Canlyniadau: Gwanwyn 2026" in page
    assert "Ble mae staff a phobl â phrofiad bywyd yn wahanol" in page
    assert "staff yn sgorio 3.0 yn uwch" in page
    assert "Ffactorau galluogi" in page and "Ffactorau llwyddiant hanfodol" in page
    assert escape(enabling.tips[0].cy) in page and escape(enabling.starters[0].cy) in page
    assert "Mae 10 o bobl wedi ateb." in page
    assert "Enabling factors" not in page and "Conversation starters" not in page


def test_a_participant_answers_in_welsh_and_easy_read(client: Client, org: Any) -> None:
    survey = make_survey(org)
    _invitation, token = Invitation.issue(survey, "lived_experience", days=2)
    client.cookies["django_language"] = "cy"
    page = client.get(reverse("assessments:answer_link", kwargs={
        "org_slug": org.slug, "token": token}) + "?easy=1").content.decode()
    assert "Roeddwn i&#x27;n gallu dweud beth rwy&#x27;n ei feddwl." in page  # easy read
    assert "Anfon fy atebion" in page and "Ddim yn gwybod" in page
    assert "Sut aeth y cyfarfod?" in page

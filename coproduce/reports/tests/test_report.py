"""The report for trustees and funders, built from the record."""

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from coproduce.conftest import make_person
from coproduce.projects.models import Project
from coproduce.reports.builder import PeriodError, build
from coproduce.reports.figures import Figure, Kind

from .records import DAY, QUOTE, record

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture(autouse=True)
def frozen_today() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_it_counts_each_co_and_the_overlap_once(org: Any) -> None:
    record(org)
    report = build(org, START, END)
    activity = report.section("activity")
    assert activity is not None
    values = {f.label: f.value for f in activity.figures}
    assert values["Co-design: projects"] == 1
    assert values["Co-delivery: projects"] == 1
    assert values["All Co's: projects (each counted once)"] == 1
    assert values["Projects in more than one Co"] == 1
    assert values["All Co's: meetings held"] == 1
    assert values["All Co's: joint meetings (staff and participants together)"] == 0
    assert values["Decisions by who proposed them: Participant"] == 6
    assert values["Level on Needham and Carr's ladder: Bus times"]
    assert any("Bus times (Co-delivery, Co-design)" in note for note in activity.notes)


def test_it_breaks_down_who_took_part_and_holds_back_small_numbers(org: Any) -> None:
    record(org)
    report = build(org, START, END)
    people = {f.label: f for f in report.section("participation").figures}
    assert people["People the organisation works with"].value == 12
    assert people["People by group: Carers"].value == 9
    young = people["People by group: Young people"]
    with translation.override("en"):
        assert young.hidden and young.value is None and young.text == "fewer than 5"
    assert people["Voices heard"].value == 12
    assert people["Voices by channel: Phone"].value == 6
    assert people["Voices by channel: Email"].hidden  # 3
    assert people["People heard"].value == 12


def test_it_holds_back_a_second_figure_when_one_alone_would_be_given_away(org: Any) -> None:
    from coproduce.reports.figures import Section
    section = Section("x", "X")
    section.breakdown("Channels", [("Phone", 20), ("Email", 3), ("Post", 7)], parts=True)
    shown = {f.measure: f.hidden for f in section.figures}
    assert shown == {"Phone": False, "Email": True, "Post": True}


def test_it_follows_the_organisations_small_number_setting(settings: Any) -> None:
    from coproduce.reports.figures import Section, shown
    settings.COPRODUCE_SMALL_NUMBER = 10
    section = Section("x", "X")
    section.breakdown("Channels", [("Phone", 20), ("Email", 7)])
    held = {f.measure: f for f in section.figures}
    assert held["Email"].hidden and not held["Phone"].hidden
    assert shown(held["Email"]) == "fewer than 10"


def test_it_reports_time_and_true_cost_with_the_rate_card(org: Any) -> None:
    record(org)
    cost = {f.label: f for f in build(org, START, END).section("cost").figures}
    assert cost["Hours given by participants"].value == 720
    with translation.override("en"):
        assert cost["Hours given by participants"].text == "12.0"
    assert cost["Rate card used"].value
    assert cost["True cost"].kind == Kind.MONEY and cost["True cost"].value > 0
    assert any(f.table == "Rates used for participants' time" and "from" in f.value
               for f in cost.values())


def test_it_quotes_only_people_who_agreed_and_drops_a_quote_after_withdrawal(org: Any) -> None:
    made = record(org)
    quotes = build(org, START, END).section("quotes")
    assert [q["text"] for q in quotes.quotes] == [QUOTE]
    made["quoted"].record_consent("quote", False, "phone", DAY + datetime.timedelta(days=1))
    assert build(org, START, END).section("quotes").quotes == []
    csv_text = build(org, START, END).rows()
    assert QUOTE not in str(csv_text)


def test_a_quote_is_attributed_as_the_person_chose_and_anonymous_otherwise(org: Any,
                                                                           login: Any,
                                                                           coordinator: Any
                                                                           ) -> None:
    made = record(org)
    assert build(org, START, END).section("quotes").quotes[0]["who"].startswith(
        "A participant, ")
    person = made["quoted"]
    form = {"name": person.name, "date_joined": "2025-01-01", "preferred_language": "en",
            "quote_as": "Jo, a tenant for ten years"}
    response = login(coordinator).post(reverse("people:edit", args=[org.slug, person.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    quote = build(org, START, END).section("quotes").quotes[0]
    assert quote["text"] == QUOTE and quote["who"].startswith("Jo, a tenant for ten years, ")


def test_it_refuses_a_period_that_ends_before_it_starts(org: Any, coordinator: Any,
                                                        login: Any) -> None:
    with pytest.raises(PeriodError):
        build(org, END, START)
    page = login(coordinator).get(reverse("reports:build", args=[org.slug]),
                                  {"start": "2026-05-01", "end": "2026-01-01"})
    assert page.status_code == 200
    assert "The end of the period must be on or after its start." in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()
    with pytest.raises(CommandError, match="on or after its start"):
        call_command("report", "--org", org.slug, "--from", "2026-05-01", "--to", "2026-01-01",
                     "--format", "csv")


def test_it_says_so_when_nothing_happened_in_the_period(org: Any, coordinator: Any,
                                                       login: Any) -> None:
    record(org)
    report = build(org, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert report.empty
    page = login(coordinator).get(reverse("reports:build", args=[org.slug]),
                                  {"start": "2020-01-01", "end": "2020-12-31"})
    assert page.status_code == 200
    assert "Nothing was recorded in this period" in page.content.decode()


def test_it_answers_404_for_a_project_of_another_organisation(org: Any, other_org: Any,
                                                             coordinator: Any,
                                                             login: Any) -> None:
    theirs = Project.objects.create(organisation=other_org, title="Theirs", purpose="B")
    client = login(coordinator)
    page = client.get(reverse("reports:build", args=[org.slug]), {"project": theirs.pk})
    assert page.status_code == 404
    with pytest.raises(CommandError, match="has no project"):
        call_command("report", "--org", org.slug, "--project", str(theirs.pk),
                     "--format", "csv")


def test_it_reports_on_one_project(org: Any) -> None:
    made = record(org)
    Project.objects.create(organisation=org, title="Other work", purpose="Else")
    report = build(org, START, END, made["project"])
    values = {f.label: f.value for f in report.section("activity").figures}
    assert values["All Co's: projects (each counted once)"] == 1
    assert report.project == "Bus times"
    people = {f.label: f.value for f in report.section("participation").figures}
    assert people["People the organisation works with"] == 6  # those who gave time or came


def test_it_writes_the_csv_the_command_promises(org: Any, capsysbinary: Any) -> None:
    record(org)
    call_command("report", "--org", org.slug, "--from", "2026-01-01", "--to", "2026-12-31",
                 "--format", "csv")
    text = capsysbinary.readouterr().out.decode()
    assert text.splitlines()[0] == "section,measure,value"
    assert "Who took part,People by group: Young people,fewer than 5" in text
    assert "Who took part,People by group: Carers,9" in text


def test_it_writes_to_a_file_in_welsh(org: Any, tmp_path: Any) -> None:
    record(org)
    out = tmp_path / "report.csv"
    call_command("report", "--org", org.slug, "--from", "2026-01-01", "--to", "2026-12-31",
                 "--format", "csv", "--language", "cy", "--out", str(out), stderr=io.StringIO())
    text = out.read_text()
    assert "Gofalwyr" in text  # the organisation's own Welsh name for the group
    assert "Pwy gymerodd ran,Pobl yn ôl grŵp: Gofalwyr,9" in text
    assert "llai na 5" in text


def test_staff_build_it_on_the_web_and_viewers_may_not(org: Any, coordinator: Any,
                                                      viewer: Any, login: Any) -> None:
    record(org)
    url = reverse("reports:build", args=[org.slug])
    page = login(coordinator).get(url, {"start": "2026-01-01", "end": "2026-12-31"})
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<h1") == 1 and "Who took part" in body and "<svg" in body
    assert login(viewer).get(url).status_code == 403
    assert login(viewer).get(reverse("reports:index", args=[org.slug])).status_code == 200


def test_it_keeps_the_queries_flat_as_the_record_grows(org: Any, other_org: Any,
                                                       django_assert_max_num_queries: Any
                                                       ) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    record(org, people=6, small_group=1)
    with CaptureQueriesContext(connection) as small:
        build(org, START, END)
    record(other_org, people=60, small_group=20)
    for n in range(3):
        Project.objects.create(organisation=other_org, title=f"More {n}", purpose="More")
    with django_assert_max_num_queries(len(small.captured_queries)):
        build(other_org, START, END)


def test_it_is_stable_for_a_person_in_no_group(org: Any) -> None:
    make_person(org, "Nobody grouped")
    report = build(org, START, END)
    assert report.section("participation").figures[0].value == 1


def test_it_reports_on_one_fund_with_only_its_grants(org: Any, other_org: Any,
                                                      coordinator: Any, login: Any) -> None:
    from decimal import Decimal

    from coproduce.commissioning.models import Award
    from coproduce.commissioning.tests.factories import make_bid, make_fund, make_round

    first = make_round(org)
    second = make_round(org)
    for grant_round, amount in ((first, "1000"), (second, "250")):
        bid = make_bid(grant_round, f"Bid {amount}", amount)
        Award.objects.create(bid=bid, amount=Decimal(amount), awarded_on=DAY)
    report = build(org, START, END, fund=first.fund)
    grants = {f.label: f.value for f in report.section("commissioning").figures}
    assert grants["Grants awarded"] == 1 and grants["Amount awarded in grants"] == 100000
    assert build(org, START, END).figure("commissioning", "Grants awarded").value == 2
    assert report.project.startswith("Community fund")
    theirs = make_fund(other_org)
    client = login(coordinator)
    url = reverse("reports:build", args=[org.slug])
    assert client.get(url, {"fund": theirs.pk}).status_code == 404
    page = client.get(url, {"start": "2026-01-01", "end": "2026-12-31", "fund": first.fund.pk,
                            "format": "csv"})
    assert "Co-commissioning,Grants awarded,1" in page.content.decode()
    with pytest.raises(CommandError, match="has no fund"):
        call_command("report", "--org", org.slug, "--fund", str(theirs.pk), "--format", "csv")


def test_money_below_nothing_reads_with_its_sign_before_the_pound() -> None:
    assert Figure("Gap", -187660, Kind.MONEY).text == "-£1,876.60"
    assert Figure("Funded", 450000, Kind.MONEY).text == "£4,500.00"

"""The build-up view and the equity lens: who stands behind an idea, and who is heard."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from coproduce.people.models import ConsentPurpose, Group, Person, RecordedHow
from coproduce.voices.buildup import build_up
from coproduce.voices.equity import gini, lens, top_share
from coproduce.voices.models import Tag, Voice

TODAY = datetime.date(2025, 6, 30)


@given(st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=200))
def test_gini_is_between_zero_and_one(counts: list[int]) -> None:
    assert 0 <= gini(counts) < 1
    assert 0 < top_share(counts) <= 1


def test_gini_and_top_share_on_known_cases() -> None:
    assert gini([3, 3, 3, 3]) == 0
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert top_share([10] + [1] * 9) == pytest.approx(10 / 19)
    assert gini([]) == 0 and top_share([]) == 0


@pytest.fixture
def club(org: Any) -> dict[str, Any]:
    """Ten carers and ten men's group members; one loud carer, men barely heard."""
    carers = Group.objects.create(organisation=org, name="Carers")
    men = Group.objects.create(organisation=org, name="Men's group")
    tiny = Group.objects.create(organisation=org, name="Tiny group")
    people = []
    for index in range(20):
        person = Person.objects.create(organisation=org, name=f"Member {index}")
        person.groups.add(carers if index < 10 else men)
        person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, TODAY)
        people.append(person)
    people[0].groups.add(tiny)
    seaside = Tag.objects.create(organisation=org, name="seaside")
    for index in range(12):  # the loud carer
        v = Voice.objects.create(organisation=org, text=f"Seaside {index}", channel="phone",
                                 heard_on=TODAY - datetime.timedelta(days=index),
                                 person=people[0])
        v.tags.add(seaside)
    for index in range(1, 6):  # five other carers, through two channels
        v = Voice.objects.create(organisation=org, text="Seaside please", heard_on=TODAY,
                                 channel="event" if index % 2 else "web", person=people[index],
                                 group=carers)
        v.tags.add(seaside)
    Voice.objects.create(organisation=org, text="Darts", channel="phone", heard_on=TODAY,
                         person=people[15], group=men)
    Voice.objects.create(organisation=org, text="Anonymous note", channel="paper",
                         heard_on=TODAY)
    old = Voice.objects.create(organisation=org, text="Old seaside", channel="email",
                               heard_on=TODAY - datetime.timedelta(days=150), person=people[16])
    old.tags.add(seaside)
    return {"carers": carers, "men": men, "tiny": tiny, "people": people}


def test_the_lens_counts_channels_groups_and_concentration(org: Any, club: Any) -> None:
    result = lens(org, TODAY - datetime.timedelta(days=90), TODAY, quiet_months=3)
    assert result.total == 19 and result.anonymous == 1 and result.contributors == 7
    assert dict(result.by_channel)["Phone"] == 13
    rows = {row.group.name: row for row in result.by_group}
    assert (rows["Carers"].people, rows["Carers"].heard, rows["Carers"].voices) == (10, 6, 17)
    assert rows["Men's group"].ratio == pytest.approx((1 / 18) / (10 / 20))
    assert [row.group.name for row in result.quiet_groups] == ["Men's group"]
    assert rows["Tiny group"].is_small and not rows["Tiny group"].is_quiet
    assert result.top_tenth_share == pytest.approx(12 / 18)
    assert result.gini > 0.5
    # 20 agreed to be contacted; 7 were heard in the last three months
    assert result.not_heard == 13


def test_the_build_up_counts_distinct_people_channels_and_trend(org: Any, club: Any) -> None:
    [row] = build_up(org, TODAY)
    assert (row.tag.name, row.voices, row.people, row.channels, row.groups) == (
        "seaside", 18, 7, 4, 1)
    assert row.first == TODAY - datetime.timedelta(days=150) and row.last == TODAY
    assert (row.recent, row.before, row.trend) == (17, 1, "rising")


def test_a_viewer_sees_no_breakdown_of_a_small_group(login: Any, viewer: Any, coordinator: Any,
                                                     org: Any, club: Any) -> None:
    equity = reverse("voices:equity", kwargs={"org_slug": org.slug})
    page = login(viewer).get(equity).content.decode()
    assert "Fewer than 5 people: not broken down" in page
    assert "Member 0" not in page  # no names for viewers
    staff = login(coordinator).get(equity).content.decode()
    assert "Fewer than 5 people" not in staff and "Member 1" in staff
    assert 'role="img"' in staff and "<table" in staff


def test_the_equity_form_refuses_an_end_before_the_start(login: Any, coordinator: Any,
                                                         org: Any) -> None:
    response = login(coordinator).get(reverse("voices:equity", kwargs={"org_slug": org.slug}),
                                      {"start": "2025-06-01", "end": "2025-01-01", "months": 6})
    assert "The end must be on or after the start" in response.content.decode()


@pytest.mark.parametrize("name", ["voices:equity", "voices:buildup"])
def test_the_pages_use_a_flat_number_of_queries(name: str, login: Any, coordinator: Any,
                                                org: Any, club: Any,
                                                django_assert_max_num_queries: Any) -> None:
    client = login(coordinator)
    with django_assert_max_num_queries(24):
        assert client.get(reverse(name, kwargs={"org_slug": org.slug})).status_code == 200
    for index in range(30):
        group = Group.objects.create(organisation=org, name=f"Extra {index}")
        tag = Tag.objects.create(organisation=org, name=f"extra {index}")
        v = Voice.objects.create(organisation=org, text="x", channel="web", heard_on=TODAY,
                                 group=group)
        v.tags.add(tag)
    with django_assert_max_num_queries(24):
        assert client.get(reverse(name, kwargs={"org_slug": org.slug})).status_code == 200


def test_cached_figures_change_as_soon_as_voices_or_people_change(
    login: Any, coordinator: Any, org: Any, club: Any
) -> None:
    client = login(coordinator)
    buildup = reverse("voices:buildup", kwargs={"org_slug": org.slug})
    equity = reverse("voices:equity", kwargs={"org_slug": org.slug})
    assert client.get(buildup).context["rows"][0].voices == 18
    voice = Voice.objects.create(organisation=org, text="Seaside!", channel="web",
                                 heard_on=datetime.date.today())
    voice.tags.add(Tag.objects.get(name="seaside"))
    assert client.get(buildup).context["rows"][0].voices == 19
    before = client.get(equity).context["lens"].not_heard
    newcomer = Person.objects.create(organisation=org, name="Newcomer")
    newcomer.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.WEB, TODAY)
    assert client.get(equity).context["lens"].not_heard == before + 1

"""Time credits: a ledger that always balances, whatever is issued, gifted, spent or reversed."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.organisations.models import Organisation
from coproduce.people.models import Person
from coproduce.reciprocity import credits
from coproduce.reciprocity.hours import Giver, confirm, record_hours
from coproduce.reciprocity.models import Entry, Settings, Transfer

DAY = datetime.date(2026, 4, 1)

steps = st.lists(st.tuples(st.sampled_from(["issue", "gift", "spend", "reverse"]),
                           st.integers(0, 3), st.integers(0, 3), st.integers(1, 600)),
                 max_size=25)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=steps)
def test_it_keeps_the_ledger_balanced(steps: list[tuple[str, int, int, int]]) -> None:
    org = Organisation.found(f"ledger-{Organisation.objects.count()}", "Ledger")[0]
    people = [Person.objects.create(organisation=org, name=f"P{n}") for n in range(4)]
    home = credits.organisation_account(org)
    accounts = [credits.account_of(p) for p in people]
    for kind, a, b, minutes in steps:
        try:
            if kind == "issue":
                credits.transfer(home, accounts[a], minutes, "issue", DAY, None)
            elif kind == "gift":
                credits.transfer(accounts[a], accounts[b], minutes, "gift", DAY, None)
            elif kind == "spend":
                credits.transfer(accounts[a], home, minutes, "spend", DAY, None)
            else:
                done = list(Transfer.objects.filter(organisation=org).exclude(kind="reversal"))
                if done:
                    credits.reverse(done[a % len(done)], None)
        except ValidationError:
            assert kind == "reverse" or a == b
    for transfer in Transfer.objects.filter(organisation=org):
        assert transfer.entries.aggregate(t=Sum("minutes"))["t"] == 0
    total = 0
    for account in [home, *accounts]:
        entries = list(Entry.objects.filter(account=account).values_list("minutes", flat=True))
        assert credits.balance(account) == sum(entries)
        total += credits.balance(account)
    assert total == 0


def test_it_refuses_a_transfer_to_oneself(org: Any, person: Any) -> None:
    account = credits.account_of(person)
    with pytest.raises(ValidationError):
        credits.transfer(account, account, 60, "gift", DAY, None)
    assert not Transfer.objects.exists()


def test_it_allows_but_flags_an_overdrawn_gift(org: Any, person: Any) -> None:
    friend = Person.objects.create(organisation=org, name="Friend")
    made = credits.transfer(credits.account_of(person), credits.account_of(friend), 90, "gift",
                            DAY, None)
    assert "below zero" in made.flagged
    assert credits.balance(credits.account_of(friend)) == 90


def test_it_issues_credits_for_confirmed_hours_at_the_ratio(org: Any, person: Any,
                                                            coordinator: Any) -> None:
    Settings.objects.create(organisation=org, issue_credits=True, credit_ratio="1.5")
    entry = record_hours(org, Giver(person=person), DAY, 120, "mentoring", coordinator)
    assert credits.balance(credits.account_of(person)) == 0  # pending hours earn nothing
    confirm(entry, coordinator)
    assert credits.balance(credits.account_of(person)) == 180


def test_it_reverses_a_transfer_only_once(org: Any, person: Any) -> None:
    made = credits.transfer(credits.organisation_account(org), credits.account_of(person), 60,
                            "issue", DAY, None)
    credits.reverse(made, None)
    with pytest.raises(ValidationError):
        credits.reverse(made, None)
    assert credits.balance(credits.account_of(person)) == 0


def test_it_flags_only_past_a_limit_when_one_is_set(login: Any, coordinator: Any, org: Any,
                                                   person: Any) -> None:
    login(coordinator).post(reverse("reciprocity:credit_limit", kwargs={
        "org_slug": org.slug, "person_id": person.pk}), {"limit_minutes": "120"})
    account = credits.account_of(person)
    assert account.limit_minutes == 120
    home = credits.organisation_account(org)
    assert credits.transfer(account, home, 90, "spend", DAY, None).flagged == ""
    assert "past their limit" in credits.transfer(account, home, 60, "spend", DAY, None).flagged
    assert credits.balance(account) == -150  # flagged, never blocked

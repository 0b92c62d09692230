"""The demo housing association has a completed grant round and an open one."""

from typing import Any

import pytest

from coproduce.commissioning.giving360 import awards_of, package, problems
from coproduce.commissioning.models import Fund, RoundStatus
from coproduce.demo.build import build


@pytest.mark.django_db
def test_the_demo_housing_association_has_a_completed_and_an_open_round(settings: Any
                                                                        ) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = build("demo password 42")
    fund = Fund.objects.get(organisation__slug="northgate-homes")
    done, open_ = fund.rounds.get(title="Spring 2026"), fund.rounds.get(title="Autumn 2026")
    assert done.status == RoundStatus.AWARDED and open_.status == RoundStatus.OPEN
    spent = sum(bid.award.amount for bid in done.bids.filter(award__isnull=False))
    assert 0 < spent <= done.budget
    assert done.moves.exists() and fund.project.decisions.count() >= 4
    assert problems(package(awards_of(Fund.objects.filter(pk=fund.pk)))) == []
    assert any(login.email == "panel@northgate-homes.example" for login in logins)
    build("demo password 42")  # a second build adds nothing
    assert Fund.objects.count() == 1 and fund.rounds.count() == 2

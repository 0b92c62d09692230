"""The demo housing association's panel is drawn from People, behind the consent gate."""

import datetime

from django.contrib.auth.models import User

from coproduce.demo.panels import TITLE, make_people_panel
from coproduce.organisations.models import Organisation
from coproduce.people.models import ConsentPurpose, JourneyStage, Person, RecordedHow
from coproduce.sortition.drawing import pool_of, unsealed
from coproduce.sortition.selection import Quota, meets

DAY = datetime.date(2025, 1, 1)


def test_it_draws_the_demo_panel_from_consenting_residents_only(db: None) -> None:
    organisation = Organisation.found("northgate-homes", "Northgate Homes")[0]
    JourneyStage.create_defaults(organisation)
    stages = list(JourneyStage.objects.filter(organisation=organisation))
    people = []
    for n in range(40):
        person = Person.objects.create(organisation=organisation, name=f"Resident {n}",
                                       address=f"{n} Birch Tower", postcode="M1 1AA")
        person.record_consent(ConsentPurpose.CONTACT, n % 8 != 0, RecordedHow.PAPER, DAY)
        person.move_to_stage(stages[n % 3], DAY)
        people.append(person)
    by = User.objects.create_user("c@northgate.example", "c@northgate.example")
    make_people_panel(organisation, by)
    make_people_panel(organisation, by)  # building twice changes nothing
    panel = organisation.panel_selections.get(title=TITLE)
    chosen = set(unsealed(panel)["people"].values())
    assert chosen == {p.pk for n, p in enumerate(people) if n % 8 != 0}
    assert len(panel.panel) == 12
    assert meets(pool_of(panel), [Quota(**q) for q in panel.quotas], panel.panel)

"""The demo organisations get realistic hours, claims, recognition and credits."""


from coproduce.conftest import make_member, make_person
from coproduce.demo.projects import make_project
from coproduce.demo.reciprocity import make_reciprocity
from coproduce.organisations.models import Organisation, Role
from coproduce.reciprocity.costing import true_cost
from coproduce.reciprocity.models import Claim, Contribution, Entry, Offer


def test_it_gives_a_demo_organisation_a_true_cost(db: None) -> None:
    org = Organisation.found("evergreen-circle", "Evergreen Circle")[0]
    coordinator = make_member(org, "coordinator@evergreen-circle.example", Role.COORDINATOR)
    make_member(org, "admin@evergreen-circle.example", Role.ADMIN)
    for n in range(12):
        make_person(org, f"Member{n} Jones")
    make_project(org, coordinator)
    make_reciprocity(org, coordinator)
    make_reciprocity(org, coordinator)  # idempotent
    assert Contribution.objects.filter(status="confirmed").count() > 30
    assert Contribution.objects.filter(status="disputed").count() == 1
    assert set(Claim.objects.values_list("status", flat=True)) == {
        "submitted", "approved", "rejected", "paid"}
    assert Offer.objects.filter(status="paid").count() == 2
    assert Entry.objects.exists()
    figures = true_cost(org, org.projects.get()).as_json()
    assert figures["funded"] == "2500.00" and figures["staff_rates"]
    assert float(figures["true_cost"]) > 0

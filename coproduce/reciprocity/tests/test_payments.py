"""Expenses through approval and payment, recognition offers, benefits warnings, refusals."""

import datetime
import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse

from coproduce.reciprocity import claims, recognition
from coproduce.reciprocity.models import (
    Claim,
    Entry,
    Offer,
    RecognitionPreference,
    Settings,
)


def url(name: str, org: Any, **kwargs: Any) -> str:
    return reverse(f"reciprocity:{name}", kwargs={"org_slug": org.slug, **kwargs})


def enter_claim(client: Any, org: Any, person: Any, amount: str = "£1,046.80",
                **extra: Any) -> Any:
    return client.post(url("claim_add", org), {
        "person": person.pk, "kind": "travel", "amount": amount, "spent_on": "2026-04-01",
        "description": "Bus fares", **extra})


def test_it_takes_a_claim_through_approval_and_payment(login: Any, coordinator: Any,
                                                       admin_user: Any, org: Any,
                                                       person: Any) -> None:
    receipt = SimpleUploadedFile("ticket.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    enter_claim(login(coordinator), org, person, receipts=receipt)
    claim = Claim.objects.get()
    assert (claim.amount_pence, claim.status, claim.receipts.count()) == (104680, "submitted", 1)
    refused = login(coordinator).post(url("claim_decide", org, claim_id=claim.pk),
                                      {"decision": "approve"}, follow=True)
    assert "Someone other than the person who entered" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.status == "submitted"
    approver = login(admin_user)
    approver.post(url("claim_decide", org, claim_id=claim.pk), {"decision": "approve"})
    approver.post(url("claim_pay", org, claim_id=claim.pk),
                  {"paid_on": "2026-04-03", "method": "bank", "reference": "BACS 1"})
    claim.refresh_from_db()
    assert (claim.status, claim.paid_method, claim.paid_reference) == ("paid", "bank", "BACS 1")
    again = approver.post(url("claim_pay", org, claim_id=claim.pk),
                          {"paid_on": "2026-04-04", "method": "cash"}, follow=True)
    assert "already been dealt with" in again.content.decode()
    approver.post(url("claim_reverse", org, claim_id=claim.pk), {"reason": "Paid twice"})
    reversal = Claim.objects.get(reverses=claim)
    assert reversal.amount_pence == -104680
    claim.refresh_from_db()
    assert (claim.status, claim.amount_pence) == ("paid", 104680)  # the original is untouched


@pytest.mark.parametrize("amount", ["12,50.5.", "twelve", "12.505", "-5", "€12"])
def test_it_refuses_amounts_it_cannot_read(login: Any, coordinator: Any, org: Any,
                                           person: Any, amount: str) -> None:
    response = enter_claim(login(coordinator), org, person, amount=amount)
    assert "govuk-error-summary" in response.content.decode()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("receipt.exe", b"MZ\x90\x00" + b"0" * 100),
    ("receipt.png", b"not really a png"),
])
def test_it_refuses_receipts_that_are_not_photos_or_pdfs(login: Any, coordinator: Any,
                                                        org: Any, person: Any, name: str,
                                                        content: bytes) -> None:
    upload = SimpleUploadedFile(name, content, "image/png")
    response = enter_claim(login(coordinator), org, person, receipts=upload)
    assert "must be a photo" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_refuses_a_receipt_over_10_mb(login: Any, coordinator: Any, org: Any,
                                         person: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = enter_claim(login(coordinator), org, person, receipts=upload)
    assert "smaller than 10 MB" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_refuses_approval_by_a_viewer(login: Any, coordinator: Any, viewer: Any, org: Any,
                                         person: Any) -> None:
    enter_claim(login(coordinator), org, person)
    claim = Claim.objects.get()
    assert login(viewer).post(url("claim_decide", org, claim_id=claim.pk),
                              {"decision": "approve"}).status_code == 403
    assert login(viewer).get(url("claim", org, claim_id=claim.pk)).status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"


@pytest.mark.django_db(transaction=True)
def test_it_pays_once_when_two_people_approve_at_once(org: Any, coordinator: Any,
                                                      admin_user: Any, person: Any) -> None:
    claim = claims.submit(Claim(organisation=org, person=person, kind="care",
                                amount_pence=3000, spent_on=datetime.date(2026, 4, 1)),
                          coordinator)
    barrier, outcomes = threading.Barrier(2), []

    def retrying(step: Any) -> None:
        for _attempt in range(50):  # the test database's shared cache locks rather than waits
            try:
                return step()
            except OperationalError:
                time.sleep(0.05)
        raise AssertionError("the database stayed locked")

    def approve_and_pay() -> None:
        barrier.wait()
        try:
            fresh = Claim.objects.get(pk=claim.pk)
            retrying(lambda: claims.decide(fresh, True, admin_user))
            retrying(lambda: claims.pay(fresh, datetime.date(2026, 4, 2), "bank", "",
                                        admin_user))
            outcomes.append("paid")
        except ValidationError:
            outcomes.append("ValidationError")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_and_pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "paid"]
    claim.refresh_from_db()
    assert claim.status == "paid"


def test_it_warns_before_offering_to_someone_on_benefits(login: Any, coordinator: Any,
                                                         org: Any, person: Any) -> None:
    RecognitionPreference.objects.create(person=person, receives_benefits="yes")
    Settings.objects.create(organisation=org, benefits_weekly_limit_pence=2000)
    client = login(coordinator)
    data = {"person": person.pk, "kind": "cash", "amount": "25", "activity": "Panel day",
            "offered_on": "2026-04-01"}
    warned = client.post(url("offer_add", org), data).content.decode()
    assert "told us they receive benefits" in warned and "over the £20.00 a week" in warned
    assert "citizensadvice.org.uk" in warned
    assert not Offer.objects.exists()
    client.post(url("offer_add", org), {**data, "kind": "voucher", "warnings_seen": "on"})
    assert Offer.objects.get().kind == "voucher"


def test_it_keeps_the_benefits_answer_encrypted(person: Any) -> None:
    RecognitionPreference.objects.create(person=person, receives_benefits="yes",
                                         preference="Vouchers please")
    with connection.cursor() as cursor:
        cursor.execute("select receives_benefits, preference from "
                       "reciprocity_recognitionpreference")
        stored = cursor.fetchone()
    assert "yes" not in stored[0] and "Vouchers" not in stored[1]


def test_it_gives_a_declined_payment_to_a_charity(login: Any, coordinator: Any,
                                                  admin_user: Any, org: Any,
                                                  person: Any) -> None:
    offer = recognition.make_offer(Offer(organisation=org, person=person, kind="cash",
                                         amount_pence=2500, activity="Panel day",
                                         offered_on=datetime.date(2026, 4, 1)),
                                   coordinator, False)
    login(coordinator).post(url("offer_answer", org, offer_id=offer.pk),
                            {"status": "charity", "charity": "Shelter Cymru"})
    login(admin_user).post(url("offer_pay", org, offer_id=offer.pk),
                           {"paid_on": "2026-04-05", "method": "charity"})
    offer.refresh_from_db()
    assert (offer.status, offer.answer_status, offer.charity) == ("paid", "charity",
                                                                   "Shelter Cymru")
    assert offer.payable_pence == 2500


def test_it_issues_credits_when_someone_takes_them_instead(coordinator: Any, org: Any,
                                                           person: Any) -> None:
    offer = recognition.make_offer(Offer(organisation=org, person=person, kind="cash",
                                         amount_pence=2500, activity="Panel day",
                                         offered_on=datetime.date(2026, 4, 1)),
                                   coordinator, False)
    recognition.answer(offer, "credits", credit_minutes=120)
    recognition.pay(offer, datetime.date(2026, 4, 2), "", "", coordinator)
    assert Entry.objects.filter(account__person=person).get().minutes == 120
    offer.refresh_from_db()
    assert offer.payable_pence == 0


def test_it_changes_a_waiting_claim_but_never_a_paid_one(login: Any, coordinator: Any,
                                                         admin_user: Any, org: Any,
                                                         person: Any) -> None:
    enter_claim(login(coordinator), org, person, amount="10")
    claim = Claim.objects.get()
    edit = url("claim_edit", org, claim_id=claim.pk)
    data = {"person": person.pk, "kind": "travel", "amount": "12.40", "spent_on": "2026-04-01"}
    login(coordinator).post(edit, data)
    claim.refresh_from_db()
    assert claim.amount_pence == 1240
    claims.decide(claim, True, admin_user)
    claims.pay(claim, datetime.date(2026, 4, 2), "cash", "", admin_user)
    refused = login(coordinator).post(edit, {**data, "amount": "99"}, follow=True)
    assert "A paid claim is reversed by a new entry instead" in refused.content.decode()
    claim.refresh_from_db()
    assert (claim.amount_pence, claim.status) == (1240, "paid")
    with pytest.raises(ValidationError):
        claim.amount_pence = 9900
        claims.change(claim, coordinator)
    assert Claim.objects.get().amount_pence == 1240

"""In a real Chromium, axe-checked, in English and Welsh: a meeting's time in one step, a claim
through approval and payment, a payment given to a charity instead, and a certificate."""

from typing import Any

import pytest
from django.test import Client

from coproduce.reciprocity.models import Certificate, Claim, Contribution, Offer
from coproduce.tests.browser import CheckedPage, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(p: Any, person: Any) -> None:
    """Choose the person in the people picker, as a coordinator would with the keyboard."""
    search = p.locator("#id_person")
    search.press_sequentially(person.name[:4])
    p.get_by_role("option").filter(has_text=person.name).first.wait_for()
    search.press("ArrowDown")
    search.press("Enter")


def click(page: CheckedPage, role: str, name: str) -> None:
    page.page.get_by_role(role, name=name).first.click()  # type: ignore[arg-type]
    page.check()


def test_staff_record_time_pay_a_claim_recognise_and_thank(
    browser_page: CheckedPage, chromium: Any, live_server: Any, coordinator: Any,
    admin_user: Any, participant: Any, org: Any, project: Any, meeting: Any, person: Any,
) -> None:
    page, p = browser_page, browser_page.page
    sign_in(page, coordinator.email)

    # A held meeting: everyone invited is ticked, its two and a half hours filled in.
    page.goto(f"/o/{org.slug}/projects/{project.pk}/meetings/{meeting.pk}/")
    click(page, "link", "Record everyone's time")
    assert p.get_by_label("How long each gave").input_value() == "2.5"
    click(page, "button", "Record the time")
    assert "Time recorded for 2 people" in p.inner_text("main")
    assert Contribution.objects.filter(meeting=meeting, status="confirmed").count() == 2

    # A claim, entered by the coordinator, approved and paid by someone else.
    page.goto(f"/o/{org.slug}/reciprocity/expenses/")
    click(page, "link", "Enter an expense claim")
    pick(p, person)
    p.get_by_label("What for").select_option("care")
    p.get_by_label("Amount").fill("£46.80")
    p.get_by_label("Project").select_option(str(project.pk))
    p.get_by_label("Pay in advance").check()
    click(page, "button", "Save")
    assert "You entered this claim" in p.inner_text("main")
    claim = Claim.objects.get()

    # A recognition payment that Sian asks to be given to a charity.
    page.goto(f"/o/{org.slug}/reciprocity/recognition/offer/")
    pick(p, person)
    p.get_by_label("Voucher").check()
    p.get_by_label("Amount").fill("25")
    p.get_by_label("For", exact=True).fill("Planning day")
    p.get_by_label("Project").select_option(str(project.pk))
    click(page, "button", "Record the offer")
    p.get_by_label("Give it to a charity").check()
    p.get_by_label("Which charity").fill("Shelter Cymru")
    click(page, "button", "Save their answer")
    assert "Shelter Cymru" in p.locator("#offer-status").inner_text()

    # A certificate of the confirmed time, and its public check.
    page.goto(f"/o/{org.slug}/reciprocity/people/{person.pk}/")
    p.get_by_label("Cymraeg").check()
    click(page, "button", "Make a certificate of thanks")
    certificate = Certificate.objects.get()
    assert certificate.code in p.inner_text("main")
    assert certificate.minutes == 150
    pdf = p.context.request.get(f"{live_server.url}/o/{org.slug}/reciprocity/certificates/"
                                f"{certificate.pk}.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    page.goto(f"/o/{org.slug}/reciprocity/certificates/check/{certificate.code}/")
    assert "2 h 30 min" in p.locator("#certificate-time").inner_text()

    # The administrator approves and pays the claim and the charity gift.
    admin_context = chromium.new_context(locale="en-GB")
    admin = CheckedPage(admin_context.new_page(), live_server.url)
    sign_in(admin, admin_user.email)
    admin.goto(f"/o/{org.slug}/reciprocity/expenses/{claim.pk}/")
    click(admin, "button", "Approve")
    admin.page.get_by_label("How").select_option("bank")
    admin.page.get_by_label("Reference").fill("BACS 42")
    click(admin, "button", "Record as paid")
    assert "Paid" in admin.page.locator("#claim-status").inner_text()
    admin.goto(f"/o/{org.slug}/reciprocity/recognition/{Offer.objects.get().pk}/")
    admin.page.get_by_label("How").select_option("charity")
    click(admin, "button", "Record as paid")
    admin.goto(f"/o/{org.slug}/reciprocity/true-cost/?project={project.pk}")
    assert "National Living Wage" in admin.page.inner_text("#true-cost")
    figures = admin.page.inner_text("#true-cost")
    assert "£25.00" in figures and "£46.80" in figures
    assert not admin.unchecked()
    admin_context.close()
    claim.refresh_from_db()
    assert (claim.status, claim.paid_reference) == ("paid", "BACS 42")

    # Sian sees only her own time and says an entry is wrong; then everything in Welsh.
    mine_context = chromium.new_context(locale="en-GB")
    mine = CheckedPage(mine_context.new_page(), live_server.url)
    sign_in(mine, participant.email)
    mine.goto(f"/o/{org.slug}/reciprocity/mine/")
    assert coordinator.email not in mine.page.inner_text("main")
    click(mine, "link", "This is wrong")
    mine.page.get_by_label("What is wrong with this entry?").fill("I stayed to clear up")
    click(mine, "button", "Save")
    assert Contribution.objects.get(person=person).status == "disputed"
    mine.page.get_by_role("button", name="Cymraeg").click()
    mine.check()
    assert "Eich amser a'ch taliadau" in mine.page.inner_text("h1")
    assert not mine.unchecked()
    mine_context.close()

    p.get_by_role("button", name="Cymraeg").click()
    page.check()
    for path in ["", "hours/", "expenses/", f"expenses/{claim.pk}/", "recognition/",
                 "credits/", "rates/", "true-cost/", f"true-cost/?project={project.pk}&print=1",
                 f"people/{person.pk}/", "hours/add/", "recognition/offer/"]:
        page.goto(f"/o/{org.slug}/reciprocity/{path}")
        assert p.locator("html").get_attribute("lang") == "cy"
        if path.startswith("true-cost/"):
            assert "Cost wirioneddol" in p.inner_text("main")
    page.goto(f"/o/{org.slug}/reciprocity/projects/{project.pk}/meetings/{meeting.pk}/hours/")
    page.goto(f"/o/{org.slug}/projects/{project.pk}/")
    assert "Y gost wirioneddol hyd yma" in p.inner_text("main")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_reciprocity_page_is_accessible(browser_page: CheckedPage, live_server: Any,
                                              admin_user: Any, participant: Any, org: Any,
                                              meeting: Any, record: dict[str, Any],
                                              language: str) -> None:
    page = browser_page
    page.page.context.add_cookies([{"name": "django_language", "value": language,
                                    "url": live_server.url}])
    client = Client()
    client.force_login(admin_user)
    page.page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"]
                                    .value, "url": live_server.url}])
    r, o = record, f"/o/{org.slug}/reciprocity"
    code = Certificate.objects.get(pk=r["certificate_id"]).code
    for path in ["/", "/hours/", "/hours/add/", f"/hours/{r['contribution_id']}/",
                 f"/hours/{r['contribution_id']}/correct/",
                 f"/projects/{meeting.project_id}/meetings/{meeting.pk}/hours/",
                 f"/people/{r['person_id']}/", f"/people/{r['person_id']}/recognition/",
                 f"/certificates/check/{code}/", "/expenses/", "/expenses/add/",
                 f"/expenses/{r['claim_id']}/", "/recognition/", "/recognition/offer/",
                 f"/recognition/{r['offer_id']}/", "/credits/", "/credits/move/",
                 f"/credits/people/{r['person_id']}/limit/", "/rates/", "/rates/add/",
                 f"/rates/{r['card_id']}/add/", "/rates/staff/add/", "/settings/",
                 "/true-cost/", "/true-cost/?print=1", f"/true-cost/published/{r['published_id']}/",
                 f"/projects/{r['project_id']}/costing/"]:
        page.goto(o + path)
    page.goto(f"/o/{org.slug}/")  # the dashboard's payments panel
    assert page.page.locator("html").get_attribute("lang") == (
        "cy" if language == "cy" else "en-GB")

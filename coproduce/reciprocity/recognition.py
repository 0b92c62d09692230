"""Recognition payments and vouchers, offered with care for people who receive benefits.

The product never says whether a payment affects someone's benefits: it warns staff when a
person who receives benefits would pass an amount the organisation has set, offers other ways
to recognise them, and points to independent advice.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coproduce.people.models import Person

from . import credits
from .models import (
    Benefits,
    Offer,
    OfferStatus,
    PayMethod,
    RecognitionPreference,
    Settings,
    TransferKind,
)
from .money import display

ANSWERS = {OfferStatus.ACCEPTED, OfferStatus.PART, OfferStatus.DECLINED, OfferStatus.CHARITY,
           OfferStatus.CREDITS}
COMMITTED = Q(status__in=[OfferStatus.ACCEPTED, OfferStatus.PART, OfferStatus.CHARITY]) | Q(
    status=OfferStatus.PAID, answer_status__in=[OfferStatus.ACCEPTED, OfferStatus.PART,
                                                OfferStatus.CHARITY])


def preference_of(person: Person) -> RecognitionPreference | None:
    return RecognitionPreference.objects.filter(person=person).first()


def received_between(person: Person, start: datetime.date, end: datetime.date) -> int:
    offers = Offer.objects.filter(person=person, offered_on__range=(start, end)).filter(
        COMMITTED | Q(status=OfferStatus.OFFERED))
    return sum(offer.payable_pence or offer.amount_pence for offer in offers)


def benefits_warnings(person: Person, amount_pence: int, on: datetime.date) -> list[str]:
    """Warnings to show staff before offering `amount_pence` to this person on `on`."""
    preference = preference_of(person)
    if preference is None or preference.receives_benefits != Benefits.YES:
        return []
    settings = Settings.of(person.organisation)
    warnings = [_("%(name)s has told us they receive benefits. A payment or voucher may affect "
                  "them: talk to them first, and offer another way if they prefer (time "
                  "credits, a gift to a charity, or expenses only).") % {"name": person.name}]
    monday = on - datetime.timedelta(days=on.weekday())
    weekly, monthly = settings.benefits_weekly_limit_pence, settings.benefits_monthly_limit_pence
    week = received_between(person, monday, monday + datetime.timedelta(days=6)) + amount_pence
    if weekly is not None and week > weekly:
        warnings.append(_("This brings their payments in the week to %(total)s, over the "
                          "%(limit)s a week your organisation has set.") % {
            "total": display(week), "limit": display(weekly)})
    first = on.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    month = received_between(person, first, last) + amount_pence
    if monthly is not None and month > monthly:
        warnings.append(_("This brings their payments in the month to %(total)s, over the "
                          "%(limit)s a month your organisation has set.") % {
            "total": display(month), "limit": display(monthly)})
    return warnings


def make_offer(offer: Offer, by: Any, warnings_seen: bool) -> Offer:
    """Save the offer; refuse it until staff have seen any benefits warning."""
    warnings = benefits_warnings(offer.person, offer.amount_pence, offer.offered_on)
    if warnings and not warnings_seen:
        raise ValidationError(warnings)
    offer.benefits_warning_seen = bool(warnings)
    offer.offered_by, offer.status = by, OfferStatus.OFFERED
    offer.save()
    return offer


def answer(offer: Offer, status: str, taken_pence: int | None = None, charity: str = "",
           credit_minutes: int | None = None) -> None:
    """Record what the person chose: all, part, none, to a charity, or as time credits."""
    if offer.status != OfferStatus.OFFERED:
        raise ValidationError(_("This offer has already been answered."))
    if status not in ANSWERS:
        raise ValidationError(_("Choose one of the answers."))
    if status == OfferStatus.PART and not (taken_pence and 0 < taken_pence < offer.amount_pence):
        raise ValidationError(_("Enter the part they take, less than the whole offer."))
    if status == OfferStatus.CHARITY and not charity.strip():
        raise ValidationError(_("Name the charity."))
    if status == OfferStatus.CREDITS and not credit_minutes:
        raise ValidationError(_("Enter how many hours of time credits they take instead."))
    updated = Offer.objects.filter(pk=offer.pk, status=OfferStatus.OFFERED).update(
        status=status, taken_pence=taken_pence if status == OfferStatus.PART else None,
        charity=charity.strip() if status == OfferStatus.CHARITY else "",
        credit_minutes=credit_minutes if status == OfferStatus.CREDITS else None)
    if not updated:
        raise ValidationError(_("This offer has already been answered."))
    offer.refresh_from_db()


@transaction.atomic
def pay(offer: Offer, on: datetime.date, method: str, reference: str, by: Any) -> None:
    """Pay what was accepted (to them or their charity), or issue the credits they chose."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status in {OfferStatus.OFFERED, OfferStatus.DECLINED, OfferStatus.PAID}:
        raise ValidationError(_("There is nothing to pay on this offer."))
    if offer.status == OfferStatus.CREDITS:
        credits.transfer(credits.organisation_account(offer.organisation),
                         credits.account_of(offer.person), offer.credit_minutes or 0,
                         TransferKind.ISSUE, on, by, note=offer.activity)
        method = PayMethod.CREDITS
    offer.answer_status, offer.status = offer.status, OfferStatus.PAID
    offer.paid_on, offer.paid_method, offer.paid_reference = on, method, reference.strip()
    offer.save(update_fields=["answer_status", "status", "paid_on", "paid_method",
                              "paid_reference"])

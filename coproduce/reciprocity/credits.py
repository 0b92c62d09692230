"""Time credits as a double-entry ledger in minutes.

Every transfer is two entries that sum to zero; a balance is the sum of its account's entries;
nothing is changed or deleted, a mistake is undone by a reversing transfer. Limits flag an
overdrawn account and never block.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from coproduce.people.models import Person

from .models import Contribution, CreditAccount, Entry, Transfer, TransferKind
from .money import half_up


def organisation_account(organisation: Any) -> CreditAccount:
    return CreditAccount.objects.get_or_create(organisation=organisation, person=None)[0]


def account_of(person: Person) -> CreditAccount:
    return CreditAccount.objects.get_or_create(organisation=person.organisation,
                                               person=person)[0]


def account_for(organisation: Any, person: Person | None) -> CreditAccount:
    """The person's account, or the organisation's own when no person is named."""
    return account_of(person) if person is not None else organisation_account(organisation)


def balance(account: CreditAccount) -> int:
    return account.entries.aggregate(total=Sum("minutes"))["total"] or 0


def flag_for(account: CreditAccount, minutes: int) -> str:
    """Say why a payment out of `account` is unusual, or '' if it is not."""
    if account.person_id is None:
        return ""
    after = balance(account) - minutes
    if account.limit_minutes is None and after < 0:
        return _("%(who)s's balance goes below zero (%(after)s minutes).") % {
            "who": account, "after": after}
    if account.limit_minutes is not None and after < -account.limit_minutes:
        return _("%(who)s's balance goes past their limit (%(after)s minutes).") % {
            "who": account, "after": after}
    return ""


@transaction.atomic
def transfer(source: CreditAccount, target: CreditAccount, minutes: int, kind: str,
             on: datetime.date, by: Any, note: str = "",
             contribution: Contribution | None = None) -> Transfer:
    """Move `minutes` of credit from one account to another, as one balanced transfer."""
    if source.pk == target.pk:
        raise ValidationError(_("Credits cannot be given to the same account they come from."))
    if minutes <= 0:
        raise ValidationError(_("Enter a number of credits greater than zero."))
    if source.organisation_id != target.organisation_id:
        raise ValidationError(_("Both accounts must belong to this organisation."))
    CreditAccount.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).count()
    made = Transfer.objects.create(organisation_id=source.organisation_id, kind=kind, on=on,
                                   note=note, by=by, contribution=contribution,
                                   flagged=flag_for(source, minutes))
    Entry.objects.bulk_create([Entry(transfer=made, account=source, minutes=-minutes),
                               Entry(transfer=made, account=target, minutes=minutes)])
    return made


def issue_for(contribution: Contribution, ratio: Decimal, by: Any) -> Transfer | None:
    """Issue credits for confirmed time, at the organisation's ratio."""
    minutes = half_up(Decimal(contribution.minutes) * ratio)
    if minutes <= 0 or contribution.person is None:
        return None
    return transfer(organisation_account(contribution.organisation),
                    account_of(contribution.person), minutes, TransferKind.ISSUE,
                    contribution.on, by, note=contribution.get_activity_display(),
                    contribution=contribution)


def live_issue(contribution: Contribution) -> Transfer | None:
    """The credits issued for this entry and not reversed, if any."""
    return contribution.credit_transfers.filter(kind=TransferKind.ISSUE,
                                                reversal__isnull=True).first()


@transaction.atomic
def reverse(original: Transfer, by: Any, note: str = "") -> Transfer:
    """Undo a transfer with a new one of opposite entries; a transfer is reversed only once."""
    original = Transfer.objects.select_for_update().get(pk=original.pk)
    if original.kind == TransferKind.REVERSAL:
        raise ValidationError(_("A reversal cannot itself be reversed; make a new transfer."))
    if Transfer.objects.filter(reverses=original).exists():
        raise ValidationError(_("This transfer has already been reversed."))
    made = Transfer.objects.create(organisation_id=original.organisation_id,
                                   kind=TransferKind.REVERSAL, on=original.on, by=by,
                                   note=note or original.note, reverses=original,
                                   contribution=original.contribution)
    Entry.objects.bulk_create([Entry(transfer=made, account_id=entry.account_id,
                                     minutes=-entry.minutes)
                               for entry in original.entries.all()])
    return made

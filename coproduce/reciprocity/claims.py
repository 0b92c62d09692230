"""Expenses: submitted, then approved or rejected by someone else, then paid, never edited.

Each move is one conditional update, so two people pressing the same button at once move the
claim once: the second is told it has already moved.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Claim, ClaimStatus, Receipt

MAX_RECEIPT = 10 * 1024 * 1024
# What a receipt may be, told by its first bytes (never by the name or the browser's word).
SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png",
              b"%PDF-": "application/pdf", b"GIF87a": "image/gif", b"GIF89a": "image/gif"}


def receipt_type(upload: UploadedFile) -> str:
    """Return the receipt's type, or refuse a file that is not a photo or PDF or is too big."""
    if (upload.size or 0) > MAX_RECEIPT:
        raise ValidationError(_("A receipt must be smaller than 10 MB."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError(_("A receipt must be a photo (JPEG, PNG, GIF or WebP) or a PDF."))


def attach(claim: Claim, upload: UploadedFile) -> Receipt:
    kind = receipt_type(upload)
    content = upload.read()
    return Receipt.objects.create(claim=claim, filename=(upload.name or "receipt")[-200:],
                                  content_type=kind, content=content, size=len(content))


@transaction.atomic
def submit(claim: Claim, by: Any, receipts: list[UploadedFile] | None = None) -> Claim:
    for upload in receipts or []:
        receipt_type(upload)
    claim.status, claim.entered_by = ClaimStatus.SUBMITTED, by
    claim.save()
    for upload in receipts or []:
        attach(claim, upload)
    return claim


@transaction.atomic
def change(claim: Claim, by: Any, receipt: UploadedFile | None = None) -> None:
    """Save changes to a claim only while it waits for approval (checked in the database)."""
    fields = ["person", "kind", "amount_pence", "spent_on", "description", "project",
              "in_advance", "supplier"]
    updated = Claim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
        **{name: getattr(claim, name) for name in fields}, entered_by=by)
    if not updated:
        raise ValidationError(_("Only a claim waiting for approval can be changed."))
    if receipt:
        attach(claim, receipt)


def move(claim: Claim, from_status: str, by: Any, **changes: Any) -> None:
    """Move the claim on if it is still in `from_status`; refuse if someone got there first."""
    moved = Claim.objects.filter(pk=claim.pk, status=from_status).update(**changes)
    if not moved:
        raise ValidationError(_("This claim has already been dealt with; nothing was changed."))
    claim.refresh_from_db()


def decide(claim: Claim, approve: bool, by: Any, reason: str = "") -> None:
    """Approve or reject; the person who entered a claim may not decide it."""
    if claim.entered_by_id == getattr(by, "pk", None):
        raise ValidationError(_("Someone other than the person who entered this claim must "
                                "approve or reject it."))
    if not approve and not reason.strip():
        raise ValidationError(_("Say why the claim is rejected."))
    move(claim, ClaimStatus.SUBMITTED, by,
         status=ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED,
         reason=reason.strip(), decided_by=by, decided_at=timezone.now())


def pay(claim: Claim, on: datetime.date, method: str, reference: str, by: Any) -> None:
    move(claim, ClaimStatus.APPROVED, by, status=ClaimStatus.PAID, paid_on=on,
         paid_method=method, paid_reference=reference.strip())


@transaction.atomic
def reverse(claim: Claim, reason: str, by: Any) -> Claim:
    """Undo a paid claim with a new, negative, paid entry; the original is left as it was."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PAID or claim.amount_pence <= 0:
        raise ValidationError(_("Only a paid claim can be reversed."))
    if Claim.objects.filter(reverses=claim).exists():
        raise ValidationError(_("This claim has already been reversed."))
    if not reason.strip():
        raise ValidationError(_("Say why the payment is reversed."))
    return Claim.objects.create(
        organisation=claim.organisation, person=claim.person, kind=claim.kind,
        amount_pence=-claim.amount_pence, spent_on=claim.spent_on, project=claim.project,
        description=_("Reversal of claim %(n)s") % {"n": claim.pk}, status=ClaimStatus.PAID,
        reason=reason.strip(), entered_by=by, decided_by=by, decided_at=timezone.now(),
        paid_on=timezone.localdate(), paid_method=claim.paid_method, reverses=claim)

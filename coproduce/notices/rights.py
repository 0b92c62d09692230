"""What the outbox holds about one person, for their export and their erasure."""

from typing import Any

from coproduce.people.models import Person
from coproduce.people.rights import Erasure

from .models import Notice


def export_notices(person: Person) -> dict[str, Any]:
    return {"notices": [
        {"purpose": n.purpose, "method": n.method, "state": n.state, "subject": n.subject,
         "body": n.body, "language": n.language, "created_at": n.created_at.isoformat(),
         "done_at": n.done_at.isoformat() if n.done_at else None}
        for n in Notice.objects.filter(person=person).order_by("created_at", "id")]}


def erase_notices(erasure: Erasure) -> dict[str, int]:
    """Delete every message to them, sent or waiting: a queued e-mail never goes out."""
    deleted, _by_model = Notice.objects.filter(person=erasure.person).delete()
    return {"notices": deleted}

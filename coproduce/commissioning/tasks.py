"""Background work for grant panels, run by the `db_worker` process (django-tasks)."""

from django_tasks import task

from .letters import send_letter
from .models import Bid, BidStatus


@task()
def send_round_letters(round_id: int) -> int:
    """E-mail every applicant of the round who has an address and no letter yet."""
    bids = Bid.objects.filter(round_id=round_id, status=BidStatus.SUBMITTED,
                              letter_sent_at__isnull=True).exclude(email="")
    return sum(send_letter(bid) for bid in bids.select_related("round__fund", "organisation"))

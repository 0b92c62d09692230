"""Background work for themes, run by the `db_worker` processes (django-tasks).

Placing new voices is quick and runs on the default queue; a regrouping can take minutes for
a big organisation, so it runs on its own queue (REGROUP_QUEUE, its own worker): new voices
are never queued behind another organisation's regrouping.
"""

from django_tasks import task

from coproduce.organisations.models import Organisation

from .models import Regrouping
from .store import place_voices, regroup

REGROUP_QUEUE = "themes-regroup"


@task(queue_name=REGROUP_QUEUE)
def regroup_organisation(organisation_id: int, run_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    run = Regrouping.objects.filter(pk=run_id).first()
    if run is not None:
        regroup(organisation, run)


@task()
def place_batch(organisation_id: int, voice_ids: list[int]) -> None:
    """Embed and place one batch of new voices (one task per batch, not per voice)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        place_voices(organisation, voice_ids)


BATCH = 2000


def place_new_voices(organisation_id: int, voice_ids: list[int]) -> None:
    """Queue placement of voices that have just come in (called after their commit)."""
    for start in range(0, len(voice_ids), BATCH):
        place_batch.enqueue(organisation_id, list(voice_ids[start:start + BATCH]))

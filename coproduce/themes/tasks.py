"""Background work for themes, run by the `db_worker` process (django-tasks)."""

from django_tasks import task

from coproduce.organisations.models import Organisation
from coproduce.voices.models import Voice

from .models import Regrouping
from .store import place_new_voice, regroup


@task()
def regroup_organisation(organisation_id: int, run_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    regroup(organisation, Regrouping.objects.get(pk=run_id))


@task()
def place_voice(voice_id: int) -> None:
    voice = Voice.objects.filter(pk=voice_id).select_related("organisation").first()
    if voice is not None:
        place_new_voice(voice)


@task()
def place_voices(voice_ids: list[int]) -> None:
    for voice in Voice.objects.filter(pk__in=voice_ids).select_related("organisation"):
        place_new_voice(voice)


def place_new_voices(organisation_id: int, voice_ids: list[int]) -> None:
    """Queue placement of a batch of voices that have just come in, as one task."""
    place_voices.enqueue(list(voice_ids))

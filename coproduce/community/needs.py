"""The research's "needs and capabilities" for one group: what it asks for (its themes), what
it has (assets that serve it and skills its people offer) and the gaps between them."""

from dataclasses import dataclass

from django.db.models import Count, Q

from coproduce.people.models import Group
from coproduce.themes.models import Theme
from coproduce.voices.models import Voice

from .assets import SkillCount, offered_skills
from .models import Asset, GroupReview


@dataclass
class Need:
    theme: Theme
    voices: int
    answered_by: list[Asset]


@dataclass
class Picture:
    group: Group
    needs: list[Need]
    assets: list[Asset]
    skills: list[SkillCount]
    review: GroupReview | None

    @property
    def gaps(self) -> list[Need]:
        return [need for need in self.needs if not need.answered_by]


def picture(group: Group) -> Picture:
    """Six queries, however many voices, assets and people the group has."""
    voices = Voice.objects.filter(Q(group=group) | Q(person__groups=group),
                                  organisation=group.organisation)
    themes = list(Theme.objects.filter(placements__voice__in=voices).annotate(
        n=Count("placements__voice", distinct=True)).order_by("-n", "label")
        .prefetch_related("assets"))
    serving = list(Asset.objects.filter(groups=group).order_by("name"))
    return Picture(
        group=group,
        needs=[Need(theme, theme.n, list(theme.assets.all())) for theme in themes],  # type: ignore[attr-defined]
        assets=serving, skills=offered_skills(group.people.all()),
        review=group.reviews.first())

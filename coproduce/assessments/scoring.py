"""Scores, spreads, breakdowns by role and the staff/lived-experience gap: plain Python.

Definitions (also shown to people on the results page):

- An item's score is the mean of the answers to it. "Don't know" is left out everywhere.
- A respondent's area score is the mean of their answers in that area; an area's score is
  the mean of those, so everyone counts once in an area however many items they answered.
- The gap in an area is the staff mean minus the lived-experience mean. It is shown only
  when each side has at least `threshold` respondents in that area (the small-number rule),
  and gaps are listed largest difference first, whichever side is higher.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean

STAFF = "staff"
LIVED_EXPERIENCE = "lived_experience"


@dataclass(frozen=True)
class Rating:
    """One answer: who gave it (a response id and its role) and to what."""

    response: int
    role: str
    area: str
    item: str
    value: int | None  # None: "don't know"


@dataclass
class Spread:
    """How a set of numbers is spread: how many, mean, lowest, highest, count per value."""

    count: int = 0
    mean: float | None = None
    lowest: float | None = None
    highest: float | None = None
    counts: dict[int, int] = field(default_factory=dict)
    dont_know: int = 0

    @property
    def has_score(self) -> bool:
        return self.mean is not None


def spread(values: Sequence[float], scale: Iterable[int] = ()) -> Spread:
    """Summarise `values`; count how many fell on each point of `scale`."""
    counts = {point: 0 for point in scale}
    for value in values:
        if value in counts:
            counts[int(value)] += 1
    if not values:
        return Spread(counts=counts)
    return Spread(len(values), fmean(values), min(values), max(values), counts)


def shown(count: int, threshold: int) -> bool:
    """The small-number rule: a group is shown only with at least `threshold` people."""
    return count >= threshold


def respondent_area_scores(ratings: Iterable[Rating]) -> dict[str, dict[int, float]]:
    """Return {area: {response: that respondent's mean in the area}}."""
    values: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for rating in ratings:
        if rating.value is not None:
            values[rating.area][rating.response].append(rating.value)
    return {area: {response: fmean(answers) for response, answers in by_response.items()}
            for area, by_response in values.items()}


def area_scores(ratings: Sequence[Rating], areas: Sequence[str]) -> dict[str, Spread]:
    """Return each area's score and spread over respondents (empty Spread if unanswered)."""
    per_respondent = respondent_area_scores(ratings)
    return {area: spread(list(per_respondent.get(area, {}).values())) for area in areas}


def item_scores(ratings: Sequence[Rating], items: Sequence[str],
                scale: Sequence[int]) -> dict[str, Spread]:
    """Return each item's score with how many chose each point of the scale."""
    values: dict[str, list[float]] = defaultdict(list)
    dont_know: dict[str, int] = defaultdict(int)
    for rating in ratings:
        if rating.value is None:
            dont_know[rating.item] += 1
        else:
            values[rating.item].append(rating.value)
    result = {item: spread(values.get(item, []), scale) for item in items}
    for item, score in result.items():
        score.dont_know = dont_know.get(item, 0)
    return result


def respondents(ratings: Iterable[Rating], role: str | None = None) -> int:
    return len({rating.response for rating in ratings if role is None or rating.role == role})


@dataclass(frozen=True)
class GroupScore:
    """A role's score in an area; `mean` is None when the group is too small to show."""

    role: str
    count: int
    mean: float | None


def role_area_scores(ratings: Sequence[Rating], areas: Sequence[str], roles: Sequence[str],
                     threshold: int) -> dict[str, list[GroupScore]]:
    """Return {area: [score of each role]}, hiding any group below `threshold` people."""
    result: dict[str, list[GroupScore]] = {area: [] for area in areas}
    for role in roles:
        scores = respondent_area_scores(rating for rating in ratings if rating.role == role)
        for area in areas:
            group = list(scores.get(area, {}).values())
            visible = shown(len(group), threshold)
            result[area].append(GroupScore(role, len(group), fmean(group) if visible else None))
    return result


@dataclass(frozen=True)
class Gap:
    """Staff mean minus lived-experience mean in one area."""

    area: str
    staff: float
    lived_experience: float
    staff_count: int
    lived_experience_count: int

    @property
    def difference(self) -> float:
        return self.staff - self.lived_experience

    @property
    def size(self) -> float:
        return abs(self.difference)


def gaps(ratings: Sequence[Rating], areas: Sequence[str], threshold: int) -> list[Gap]:
    """Return the staff/lived-experience gap per area, largest first, small groups left out."""
    by_role = role_area_scores(ratings, areas, [STAFF, LIVED_EXPERIENCE], threshold)
    found = []
    for area in areas:
        staff, lived = by_role[area]
        if staff.mean is not None and lived.mean is not None:
            found.append(Gap(area, staff.mean, lived.mean, staff.count, lived.count))
    order = {area: index for index, area in enumerate(areas)}
    return sorted(found, key=lambda gap: (-round(gap.size, 9), order[gap.area]))


def weakest(scores: dict[str, Spread], count: int = 3) -> list[str]:
    """Return up to `count` areas with the lowest scores (in framework order on a tie)."""
    order = {area: index for index, area in enumerate(scores)}
    scored = [area for area, score in scores.items() if score.mean is not None]
    return sorted(scored, key=lambda area: (scores[area].mean or 0.0, order[area]))[:count]

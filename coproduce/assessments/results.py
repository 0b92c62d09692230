"""Results of rounds and surveys, read from the database in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from coproduce.lib import smallnumbers
from coproduce.lib.charts import bar_chart, radar_chart

from .frameworks import Area, Item
from .models import Answer, Questionnaire, RespondentRole, ResponseStatus, Round, Survey
from .scoring import (
    LIVED_EXPERIENCE,
    STAFF,
    Gap,
    GroupScore,
    Rating,
    Spread,
    area_scores,
    gaps,
    item_scores,
    respondents,
    role_area_scores,
    shown,
    weakest,
)

ROLE_LABELS = dict(RespondentRole.choices)


def small_number() -> int:
    """The fewest people a group may have to be shown on its own (the small-number rule)."""
    return smallnumbers.threshold()


def ratings_for(subject: Questionnaire) -> list[Rating]:
    """Return every answer of the submitted responses to a round or survey (one query)."""
    rows = Answer.objects.filter(
        **{f"response__{subject.subject_field}": subject},
        response__status=ResponseStatus.SUBMITTED,
    ).values_list("response_id", "response__role", "area_key", "item_key", "value")
    return [Rating(*row) for row in rows]


@dataclass(frozen=True)
class RoleCount:
    role: str
    count: int
    visible: bool

    @property
    def label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))


@dataclass
class AreaResult:
    area: Area
    score: Spread
    groups: list[GroupScore]
    items: list[tuple[Item, Spread]]
    earlier: list[float | None] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        """The change since the most recent earlier round, when both have a score."""
        if not self.earlier or self.earlier[0] is None or self.score.mean is None:
            return None
        return self.score.mean - self.earlier[0]


@dataclass(frozen=True)
class GapRow:
    area: Area
    gap: Gap


@dataclass
class RoundResults:
    respondents: int
    threshold: int
    roles: list[RoleCount]
    areas: list[AreaResult]
    gaps: list[GapRow]
    weakest: list[AreaResult]
    earlier_rounds: list[Round]
    scale_points: list[int]
    radar: SafeString
    bars: SafeString
    radar_series: list[tuple[str, list[float | None]]]

    @property
    def few(self) -> bool:
        return 0 < self.respondents < self.threshold

    @property
    def radar_table(self) -> list[tuple[str, list[float | None]]]:
        """The radar chart's figures, one row per area, one column per series."""
        return [(str(result.area.name), [values[index] for _name, values in self.radar_series])
                for index, result in enumerate(self.areas)]


def role_counts(ratings: list[Rating], roles: list[str], threshold: int) -> list[RoleCount]:
    return [RoleCount(role, count, shown(count, threshold))
            for role in roles for count in [respondents(ratings, role)]]


def earlier_scores(round_: Round) -> tuple[list[Round], dict[int, dict[str, Spread]]]:
    """Return the earlier rounds of the same framework and their area scores (two queries)."""
    earlier = list(round_.earlier_rounds())
    rows = Answer.objects.filter(
        response__round__in=earlier, response__status=ResponseStatus.SUBMITTED
    ).values_list("response__round_id", "response_id", "response__role", "area_key",
                  "item_key", "value")
    by_round: dict[int, list[Rating]] = defaultdict(list)
    for round_id, response, role, area, item, value in rows:
        by_round[round_id].append(Rating(response, role, area, item, value))
    areas = [area.key for area in round_.questions.areas]
    return earlier, {other.pk: area_scores(by_round.get(other.pk, []), areas)
                     for other in earlier}


def round_results(round_: Round) -> RoundResults:
    questions = round_.questions
    threshold = small_number()
    ratings = ratings_for(round_)
    area_keys = [area.key for area in questions.areas]
    scores = area_scores(ratings, area_keys)
    items = item_scores(ratings, [item.key for item in questions.items], questions.scale.values())
    by_role = role_area_scores(ratings, area_keys, round_.allowed_roles, threshold)
    earlier, earlier_by_round = earlier_scores(round_)
    areas = [
        AreaResult(area, scores[area.key], by_role[area.key],
                   [(item, items[item.key]) for item in area.items],
                   [earlier_by_round[other.pk][area.key].mean for other in earlier])
        for area in questions.areas
    ]
    by_key = {result.area.key: result for result in areas}
    gap_rows = [GapRow(by_key[gap.area].area, gap)
                for gap in gaps(ratings, area_keys, threshold)]
    series = radar_series(areas, round_, earlier, threshold)
    return RoundResults(
        respondents=respondents(ratings),
        threshold=threshold,
        roles=role_counts(ratings, round_.allowed_roles, threshold),
        areas=areas,
        gaps=gap_rows,
        weakest=[by_key[key] for key in weakest(scores)],
        earlier_rounds=earlier,
        scale_points=questions.scale.values(),
        radar=draw_radar(areas, series, questions.scale.maximum),
        bars=bar_chart([(str(result.area.name), result.score.mean or 0.0) for result in areas],
                       questions.scale.maximum, _("Score for each area")),
        radar_series=series,
    )


def radar_series(areas: list[AreaResult], round_: Round, earlier: list[Round],
                 threshold: int) -> list[tuple[str, list[float | None]]]:
    """Everyone, then staff and lived experience if every area shows both, then last round."""
    series: list[tuple[str, list[float | None]]] = [
        (_("Everyone"), [result.score.mean for result in areas])]
    roles = round_.allowed_roles
    for role in (STAFF, LIVED_EXPERIENCE):
        if role not in roles:
            continue
        values = [result.groups[roles.index(role)].mean for result in areas]
        if all(value is not None for value in values):
            series.append((str(ROLE_LABELS[role]), values))
    if earlier and any(result.earlier[0] is not None for result in areas):
        series.append((str(earlier[0].title), [result.earlier[0] for result in areas]))
    return series


def draw_radar(areas: list[AreaResult], series: list[tuple[str, list[float | None]]],
               maximum: int) -> SafeString:
    return radar_chart([str(result.area.name) for result in areas],
                       [(name, [value or 0.0 for value in values]) for name, values in series],
                       maximum, _("Area scores on a radar chart"))


@dataclass
class SurveyResults:
    respondents: int
    threshold: int
    roles: list[RoleCount]
    items: list[tuple[Item, Spread]]
    scale_points: list[int]
    comments: list[str]
    bars: SafeString

    @property
    def visible(self) -> bool:
        return shown(self.respondents, self.threshold)


def survey_results(survey: Survey, with_comments: bool = False) -> SurveyResults:
    """Count each answer; below the small number only the number of responses is shown."""
    questions = survey.questions
    threshold = small_number()
    ratings = ratings_for(survey)
    items = item_scores(ratings, [item.key for item in questions.items], questions.scale.values())
    count = respondents(ratings)
    comments: list[str] = []
    if with_comments and shown(count, threshold):
        comments = list(survey.submitted().exclude(comment="")
                        .order_by("submitted_at").values_list("comment", flat=True))
    return SurveyResults(
        respondents=count,
        threshold=threshold,
        roles=role_counts(ratings, survey.allowed_roles, threshold),
        items=[(item, items[item.key]) for item in questions.items],
        scale_points=questions.scale.values(),
        comments=comments,
        bars=bar_chart([(str(item.text), items[item.key].mean or 0.0)
                        for item in questions.items], questions.scale.maximum,
                       _("Average answer to each question"))
        if shown(count, threshold) else SafeString(""),
    )

"""Small numbers stay hidden everywhere a viewer looks: a walk of every page (and export) a
viewer, and the public, can reach in the demo data finds no count of 1 to 4 about people."""

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from coproduce.assessments.models import Round, Survey
from coproduce.budgets.models import Process
from coproduce.commissioning.models import Fund
from coproduce.commissioning.models import Round as GrantRound
from coproduce.demo.build import build
from coproduce.organisations.models import Organisation, Role
from coproduce.tests.test_tenancy import PUBLIC, project_patterns
from coproduce.themes.models import Theme
from coproduce.voices.models import Outcome

pytestmark = pytest.mark.django_db

# A count of 1 to 4 followed (within a few words) by something that counts people.
PEOPLE = (r"people|person|persons|respondents?|responses?|members?|participants?|voters?|"
          r"voices?|supporters?|contributors?|agreed|said|votes?|answers?|replies|"
          r"pobl|person|ymatebwyr|ymatebion|aelodau|aelod|lleisiau|llais|cyfranogwyr|pleidleisiau")
SMALL = re.compile(rf"(?<![\d.,£:/-])\b([1-4])\b(?![\d.,:/%-])(?!\s+means)(?:\s+\S+){{0,3}}?\s+"
                   rf"(?:{PEOPLE})\b", re.IGNORECASE)
CELL_MARK = "\x01"  # starts the text of a table cell
CELL = re.compile(r"^(?:[1-4]|[1-4] \([\d.]+ ?%\))$")


class Text(HTMLParser):
    """The page's visible text, one string per element, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        elif tag in {"td", "th", "dd"}:
            self.parts.append("\n" + CELL_MARK * (tag == "td"))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.hidden -= 1
        elif tag in {"p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "span", "div",
                     "caption", "a", "strong", "label"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def lines(self) -> list[str]:
        return [" ".join(line.split()) for line in "".join(self.parts).split("\n")
                if line.strip()]


def small_counts(page: str) -> list[str]:
    parser = Text()
    parser.feed(page)
    lines = parser.lines()
    return [line.lstrip(CELL_MARK) for line in lines
            if SMALL.search(line) or (line.startswith(CELL_MARK) and CELL.match(line[1:]))]


def test_the_walk_would_notice_a_small_number() -> None:
    assert small_counts("<p>1 person agreed to be contacted</p>")
    assert small_counts("<td>3 respondents</td>")
    assert small_counts("<table><tr><th>Agree</th><td>3</td></tr></table>")
    assert not small_counts("<dl><dt>Fewest scores a bid needs</dt><dd>3</dd></dl>")
    assert not small_counts("<p>fewer than 5 people</p><p>12 people</p><p>£3.50 per person</p>")


def demo_urls(organisation: Organisation, public: bool) -> list[str]:
    objects: dict[str, Any] = {}
    rows: Any
    for key, rows, field in [("round_id", Round.objects.all(), "organisation"),
                             ("survey_id", Survey.objects.all(), "organisation"),
                             ("theme_id", Theme.objects.all(), "organisation"),
                             ("outcome_id", Outcome.objects.filter(publish=True),
                              "organisation"),
                             ("process_id", Process.objects.all(), "organisation"),
                             ("fund_id", Fund.objects.all(), "organisation"),
                             ("grant_round_id", GrantRound.objects.all(),
                              "fund__organisation")]:
        first = rows.filter(**{field: organisation}).order_by("pk").last()
        if first is not None:
            objects[key] = first.pk
    urls = []
    for name, kwargs, _route in project_patterns():
        if "org_slug" not in kwargs or not kwargs - {"org_slug"} <= set(objects):
            continue
        if public != (name in PUBLIC):
            continue
        urls.append(reverse(name, kwargs={"org_slug": organisation.slug,
                                          **{k: objects[k] for k in kwargs if k != "org_slug"}}))
    return urls


def test_no_page_a_viewer_or_the_public_can_reach_shows_a_count_of_1_to_4() -> None:
    build("a demo password 42")
    found: dict[str, list[str]] = {}
    crawled: list[str] = []
    for organisation in Organisation.objects.all():
        viewer = User.objects.get(memberships__organisation=organisation,
                                  memberships__role=Role.VIEWER)
        for client, public in ((Client(), True), (Client(), False)):
            if not public:
                client.force_login(viewer)
            for url in demo_urls(organisation, public):
                for language in ("en", "cy"):
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                    if response.status_code != 200:
                        continue
                    crawled.append(url)
                    content_type = response["Content-Type"]
                    text = response.getvalue().decode(errors="replace")
                    if content_type.startswith("text/html"):
                        hits = small_counts(text)
                    else:
                        hits = [line for line in text.splitlines() if SMALL.search(line)]
                    if hits:
                        found[f"{url} [{language}]"] = hits[:5]
    assert len(crawled) > 100
    # The demo has what a viewer looks at: the dashboard, the equity lens, assessment results,
    # budget results, the true cost and the public "you said, we did" entries.
    for page in ("/voices/equity/", "/results/", "/reciprocity/true-cost/",
                 "/you-said-we-did/", "/budgets/"):
        assert any(page in url for url in crawled), page
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_it_shows_fewer_than_5_for_counts_of_1_to_4_only(settings: Any) -> None:
    from coproduce.lib import smallnumbers

    assert [smallnumbers.shown(n) for n in (0, 1, 4, 5)] == ["0", "fewer than 5",
                                                               "fewer than 5", "5"]
    assert smallnumbers.shown(3, hide=False) == "3"
    settings.COPRODUCE_SMALL_NUMBER = 10
    assert smallnumbers.shown(7) == "fewer than 10"


def test_it_hides_a_small_round_from_a_viewer_but_not_from_staff(
        login: Any, viewer: Any, coordinator: Any, org: Any) -> None:
    from coproduce.assessments.tests.factories import answer, make_round

    round_ = make_round(org)
    for value in (2, 3, 4):
        answer(round_, "staff", value)
    url = reverse("assessments:round_results", args=[org.slug, round_.pk])
    seen = login(viewer).get(url).content.decode()
    assert "Fewer than 5 people have answered." in seen and not small_counts(seen)
    staff = login(coordinator).get(url).content.decode()
    assert "3 people have answered." in staff and small_counts(staff)


def test_it_hides_a_small_number_not_heard_from_on_the_equity_lens(
        login: Any, viewer: Any, coordinator: Any, org: Any, person: Any) -> None:
    from coproduce.people.models import ConsentPurpose, RecordedHow

    person.record_consent(ConsentPurpose.CONTACT, True, RecordedHow.PAPER, person.date_joined)
    url = reverse("voices:equity", args=[org.slug])
    seen = login(viewer).get(url).content.decode()
    assert "Fewer than 5 people agreed to be contacted" in seen and not small_counts(seen)
    assert "1 person agreed to be contacted" in login(coordinator).get(url).content.decode()


def test_it_hides_small_figures_on_a_viewers_dashboard(login: Any, viewer: Any, org: Any,
                                                       person: Any) -> None:
    seen = login(viewer).get(reverse("reports:dashboard", args=[org.slug])).content.decode()
    assert "fewer than 5" in seen and not small_counts(seen)


def test_it_hides_a_handful_of_ballots_from_a_viewer_but_not_from_staff(
        login: Any, viewer: Any, coordinator: Any, org: Any) -> None:
    from coproduce.budgets.models import Ballot
    from coproduce.budgets.tests.factories import open_vote

    process = open_vote(org)
    for n in range(3):
        Ballot.objects.create(process=process, voter=f"v{n}", channel="paper", choices=[])
    url = reverse("budgets:detail", args=[org.slug, process.pk])
    seen = login(viewer).get(url).content.decode()
    assert "fewer than 5 in all, fewer than 5 on paper" in seen
    assert "3 in all, 3 on paper" in login(coordinator).get(url).content.decode()

"""Counting with the standard rules: real Pabulib elections, worked examples and properties."""

import json
from fractions import Fraction
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.budgets.counting import CountError, count
from coproduce.budgets.pabulib import PabulibError, read

DATA = Path(__file__).parent / "data"
WESOLA = DATA / "poland_warszawa_2017_wesola-plac-wojska-polskiego.pb"


def pb(vote_type: str, budget: int, projects: str, votes: str, extra: str = "") -> str:
    return (f"META\nkey;value\ndescription;t\ncountry;X\nunit;X\ninstance;1\nbudget;{budget}\n"
            f"vote_type;{vote_type}\nrule;greedy\n{extra}PROJECTS\nproject_id;cost\n{projects}"
            f"VOTES\n{votes}")


def official_winners(path: Path) -> set[str]:
    election = read(path.read_bytes())
    return {p["project_id"] for p in election.projects if p.get("selected") == "1"}


def test_it_replays_a_real_warsaw_election_and_gets_the_official_winners() -> None:
    election = read(WESOLA.read_bytes())
    result = count(election.instance, election.profile, "greedy")
    assert set(result.selected) == official_winners(WESOLA)
    assert result.selected == ["427", "915", "2567", "1623"]  # by approvals: 16, 14, 12, 5
    assert result.scores["427"] == 16


def test_it_reads_crlf_and_a_byte_order_mark_the_same() -> None:
    raw = WESOLA.read_bytes()
    crlf = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    assert count(read(crlf).instance, read(crlf).profile, "greedy").selected == \
        count(read(raw).instance, read(raw).profile, "greedy").selected


def test_it_skips_what_does_not_fit_unless_told_not_to() -> None:
    text = pb("approval", 100, "a;60\nb;50\nc;40\n",
              "voter_id;vote\n1;a,b\n2;a\n3;a,c\n4;b\n5;b\n")
    e = read(text)
    assert count(e.instance, e.profile, "greedy").selected == ["a", "c"]
    assert count(e.instance, e.profile, "greedy-no-skip").selected == ["a"]
    assert count(e.instance, e.profile, "greedy", min_support=3).selected == ["a"]


def test_it_shares_the_budget_equally_with_mes() -> None:
    # Four voters want a, three of them d too; one wants only b. Greedy by votes spends it
    # all on the four; MES gives the lone voter's fifth of the budget to what they asked for.
    text = pb("approval", 100, "a;80\nb;20\nd;20\n",
              "voter_id;vote\n1;a,d\n2;a,d\n3;a,d\n4;a\n5;b\n")
    e = read(text)
    mes = count(e.instance, e.profile, "mes")
    assert mes.per_voter_share == Fraction(20)
    assert mes.selected == ["a", "b"]
    assert count(e.instance, e.profile, "greedy").selected == ["a", "d"]
    assert mes.greedy_selected == ["a", "d"]


def test_it_completes_mes_by_adding_one_unit_per_voter() -> None:
    text = pb("approval", 100, "a;60\nb;50\nc;40\n",
              "voter_id;vote\n1;a,b\n2;a\n3;b,c\n4;c\n")
    e = read(text)
    assert count(e.instance, e.profile, "mes").selected == ["b"]
    completed = count(e.instance, e.profile, "mes-add1")
    assert completed.selected == ["a", "c"]
    assert completed.per_voter_share == 25 and completed.per_voter_share_after == 30


def test_it_counts_cumulative_ballots_by_total_points() -> None:
    text = pb("cumulative", 10, "a;5\nb;5\nc;5\n",
              "voter_id;vote;points\n1;a,b;1,4\n2;c;3\n3;a;2\n")
    e = read(text)
    # b has 4 points, a and c 3 each: the published tie order decides between a and c.
    assert count(e.instance, e.profile, "greedy").selected == ["b", "a"]
    assert count(e.instance, e.profile, "greedy", tie_order=["c", "a", "b"]).selected == \
        ["b", "c"]


def test_it_counts_ranked_ballots_with_borda_points() -> None:
    text = pb("ordinal", 10, "a;5\nb;5\nc;5\n",
              "voter_id;vote\n1;a,b,c\n2;b,c,a\n3;c,b,a\n", extra="max_length;3\n")
    e = read(text)
    result = count(e.instance, e.profile, "greedy")
    assert result.scores == {"a": 5, "b": 7, "c": 6}
    assert result.selected == ["b", "c"]


def test_it_refuses_phragmen_for_points_ballots() -> None:
    e = read(pb("cumulative", 10, "a;5\n", "voter_id;vote;points\n1;a;1\n"))
    with pytest.raises(CountError):
        count(e.instance, e.profile, "phragmen")


def test_it_breaks_ties_by_the_published_order() -> None:
    e = read(pb("approval", 5, "a;5\nb;5\n", "voter_id;vote\n1;a\n2;b\n"))
    assert count(e.instance, e.profile, "greedy", tie_order=["b", "a"]).selected == ["b"]
    assert count(e.instance, e.profile, "greedy", tie_order=["a", "b"]).selected == ["a"]


def test_it_names_the_line_of_a_project_without_a_cost() -> None:
    with pytest.raises(PabulibError, match="Line 13: project b has no cost"):
        read(pb("approval", 5, "a;5\nb;\n", "voter_id;vote\n1;a\n"))


def test_it_names_the_line_of_a_vote_for_an_unknown_project() -> None:
    with pytest.raises(PabulibError, match="Line 16: a vote for unknown project 'z'"):
        read(pb("approval", 5, "a;5\n", "voter_id;vote\n1;a\n2;z\n"))


def test_it_counts_a_file_on_the_command_line_from_its_ballots_alone(tmp_path: Path) -> None:
    # The file claims b won: the count must ignore that and use the ballots.
    path = tmp_path / "lie.pb"
    path.write_text(pb("approval", 5, "a;5\nb;5\n", "voter_id;vote\n1;a\n2;a\n3;b\n")
                    .replace("project_id;cost\na;5\nb;5", "project_id;cost;selected;votes\n"
                             "a;5;0;0\nb;5;1;99"))
    out = StringIO()
    call_command("pb-count", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"rule": "greedy", "selected": ["a"], "cost": 5,
                                          "budget": 5, "per_voter_share": None}
    out = StringIO()
    call_command("pb-count", str(WESOLA), "--rule", "mes-add1", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["rule"] == "mes-add1" and printed["per_voter_share"] > 51195 / 27 - 1


def test_it_refuses_a_bad_file_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.pb"
    path.write_text(pb("approval", 5, "a;\n", "voter_id;vote\n1;a\n"))
    with pytest.raises(CommandError, match="has no cost"):
        call_command("pb-count", str(path), "--json")


elections = st.integers(2, 6).flatmap(lambda n: st.tuples(
    st.lists(st.integers(1, 60), min_size=n, max_size=n),
    st.lists(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True),
             min_size=1, max_size=12),
    st.integers(10, 150)))


@settings(max_examples=60, deadline=None)
@given(elections)
def test_it_never_overspends_with_mes_and_respects_every_share(
        election: tuple[list[int], list[list[int]], int]) -> None:
    costs, ballots, budget = election
    projects = "".join(f"p{i};{c}\n" for i, c in enumerate(costs))
    votes = "voter_id;vote\n" + "".join(
        f"{v};{','.join(f'p{i}' for i in b)}\n" for v, b in enumerate(ballots))
    e = read(pb("approval", budget, projects, votes))
    for rule in ("mes", "mes-add1", "mes-add1-greedy"):
        result = count(e.instance, e.profile, rule)
        assert result.cost <= budget
    plain = count(e.instance, e.profile, "mes")
    # Every winner's supporters could pay for it from equal shares of the budget.
    share = Fraction(budget, len(ballots))
    for name in plain.selected:
        supporters = sum(1 for b in ballots if int(name[1:]) in b)
        assert supporters * share >= costs[int(name[1:])]


@pytest.mark.parametrize("name", ["poland_czestochowa_2024_podjasnogorska.pb",
                                  "poland_krakow_2019_bienczyce.pb"])
def test_it_replays_real_cumulative_and_ranked_elections_and_gets_the_official_winners(
        name: str) -> None:
    path = DATA / name
    out = StringIO()
    call_command("pb-count", str(path), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rule"] == "greedy"
    assert set(result["selected"]) == official_winners(path)
    assert result["cost"] <= result["budget"]

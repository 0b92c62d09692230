"""Fair selection of panels: quotas met, chances published, the seed, households, refusals."""

import json
import random
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from coproduce.sortition.drawing import replace_member, seal
from coproduce.sortition.models import Selection
from coproduce.sortition.selection import Pool, Quota, QuotaError, draw, legacy, maximin, meets


def pool_of(n: int = 40) -> Pool:
    rng = random.Random(7)
    features = {str(i): {"gender": rng.choice(["F", "M"]),
                         "age": rng.choice(["16-29", "30-59", "60+"]),
                         "area": rng.choice(["north", "south"])} for i in range(n)}
    # people 0 and 1 share a household, so do 2 and 3
    households = {str(i): f"flat {i // 2}" if i < 4 else f"house {i}" for i in range(n)}
    return Pool(list(features), features, households)


QUOTAS = [Quota("gender", "F", 4, 6), Quota("gender", "M", 4, 6),
          Quota("age", "16-29", 2, 4), Quota("age", "30-59", 2, 5), Quota("age", "60+", 2, 4),
          Quota("area", "north", 4, 6), Quota("area", "south", 4, 6)]


@pytest.mark.parametrize("run", [maximin, legacy])
def test_it_draws_a_panel_that_meets_every_quota(run: Any) -> None:
    pool = pool_of()
    result = run(pool, QUOTAS, 10, "public seed 1")
    assert len(result.panel) == 10 and meets(pool, QUOTAS, result.panel)
    assert sum(result.probabilities.values()) == pytest.approx(10, abs=0.01)


def test_it_gives_the_same_panel_for_the_same_seed() -> None:
    first = maximin(pool_of(), QUOTAS, 10, "4 17 23")
    again = maximin(pool_of(), QUOTAS, 10, "4 17 23")
    assert first.panel == again.panel
    assert draw(first.portfolio, "4 17 23") == first.panel  # anyone can redo the last step
    assert legacy(pool_of(), QUOTAS, 10, "x").panel == legacy(pool_of(), QUOTAS, 10, "x").panel


def test_it_makes_every_portfolio_panel_valid_and_raises_the_lowest_chance() -> None:
    pool = pool_of()
    result = maximin(pool, QUOTAS, 10, "s")
    assert all(meets(pool, QUOTAS, members) for members, _p in result.portfolio)
    assert sum(p for _m, p in result.portfolio) == pytest.approx(1)
    assert result.lowest_probability > 0.15  # 10 of 40, as even as the quotas allow


def test_it_never_puts_two_people_from_one_household_on_the_panel() -> None:
    pool = pool_of()
    for seed in range(5):
        panel = maximin(pool, QUOTAS, 10, str(seed)).panel
        assert not {"0", "1"} <= set(panel) and not {"2", "3"} <= set(panel)


def test_it_refuses_minimums_over_the_panel_size_naming_the_feature() -> None:
    quotas = [Quota("gender", "F", 6, 8), Quota("gender", "M", 6, 8)]
    with pytest.raises(QuotaError, match="gender: the minimums add up to 12"):
        maximin(pool_of(), quotas, 10, "s")


def test_it_refuses_a_pool_smaller_than_the_panel() -> None:
    with pytest.raises(QuotaError, match="fewer than the panel"):
        legacy(pool_of(5), QUOTAS, 10, "s")


def test_it_refuses_a_minimum_the_pool_cannot_fill() -> None:
    with pytest.raises(QuotaError, match="disability = yes: the minimum is 2 but only 0"):
        maximin(pool_of(), [Quota("disability", "yes", 2, 3)], 10, "s")


def test_it_replaces_a_drop_out_from_the_reserves_keeping_the_quotas(db: None, org: Any) -> None:
    pool = pool_of()
    result = maximin(pool, QUOTAS, 10, "s")
    selection = Selection.objects.create(
        organisation=org, title="Panel", size=10, seed="s", sealed_pool=seal(pool),
        quotas=[q.__dict__ for q in QUOTAS], panel=result.panel,
        reserves=sorted(set(pool.ids) - set(result.panel)))
    leaving = result.panel[0]
    chosen = replace_member(selection, leaving)
    selection.refresh_from_db()
    assert leaving not in selection.panel and chosen in selection.panel
    assert meets(pool, QUOTAS, selection.panel)


def write_csvs(tmp_path: Path) -> tuple[Path, Path]:
    pool = pool_of()
    rows = ["person,gender,age,area,address"] + [
        f"{pid},{f['gender']},{f['age']},{f['area']},{pool.households[pid]}"
        for pid, f in pool.features.items()]
    (tmp_path / "pool.csv").write_text("\n".join(rows))
    (tmp_path / "quotas.csv").write_text("feature,value,min,max,note\n" + "".join(
        f"{q.feature},{q.value},{q.min},{q.max},x\n" for q in QUOTAS))
    return tmp_path / "pool.csv", tmp_path / "quotas.csv"


def test_it_selects_on_the_command_line(tmp_path: Path) -> None:
    pool, quotas = write_csvs(tmp_path)
    out = StringIO()
    call_command("select-panel", "--pool", str(pool), "--quotas", str(quotas), "--size", "10",
                 "--seed", "abc", "--id-column", "person", "--household", "address",
                 "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["algorithm"] == "maximin" and printed["seed"] == "abc"
    assert len(printed["panel"]) == 10
    assert sum(printed["probabilities"].values()) == pytest.approx(10, abs=0.01)
    assert printed["lowest_probability"] == min(printed["probabilities"].values())


def test_it_refuses_impossible_quotas_on_the_command_line(tmp_path: Path) -> None:
    pool, quotas = write_csvs(tmp_path)
    with pytest.raises(CommandError, match="fewer than the panel"):
        call_command("select-panel", "--pool", str(pool), "--quotas", str(quotas), "--size",
                     "100", "--id-column", "person", "--json")


def test_it_draws_through_the_web_and_refuses_bad_quotas_there(
        tmp_path: Path, org: Any, login: Any, coordinator: Any, viewer: Any) -> None:
    pool, quotas = write_csvs(tmp_path)
    address = reverse("sortition:add", kwargs={"org_slug": org.slug})
    form = {"title": "Residents' panel", "size": 10, "id_column": "person",
            "household": "address", "algorithm": "maximin", "seed": "7 7 7"}
    client = login(coordinator)
    response = client.post(address, {**form, "pool": SimpleUploadedFile("p.csv",
                                                                        pool.read_bytes()),
                                     "quotas": SimpleUploadedFile("q.csv", quotas.read_bytes())})
    selection = Selection.objects.get()
    assert response.status_code == 302 and len(selection.panel) == 10
    assert "7 7 7" in client.get(selection.get_absolute_url()).content.decode()
    bad = client.post(address, {**form, "size": 100,
                                "pool": SimpleUploadedFile("p.csv", pool.read_bytes()),
                                "quotas": SimpleUploadedFile("q.csv", quotas.read_bytes())})
    assert "fewer than the panel" in bad.content.decode() and Selection.objects.count() == 1
    assert login(viewer).get(address).status_code == 403

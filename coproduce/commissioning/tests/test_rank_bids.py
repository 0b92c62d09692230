"""`coproduce rank-bids` ranks an offline panel's sheet with the same rules as the web."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from .test_ranking_rules import SCORES

HEADER = "bid,cost,scorer,criterion,weight,score\n"
COSTS = {"P": 6000, "Q": 6000, "R": 3000}


def sheet(tmp_path: Path, extra: str = "", drop: str = "") -> Path:
    lines = [f"{bid},{COSTS[bid]},{who},Need,60,{score}\n{bid},{COSTS[bid]},{who},Value,40,"
             f"{score}\n" for (who, bid), score in SCORES.items()]
    text = HEADER + "".join(lines) + "Q,6000,Bryn,,,conflict\n" + extra
    if drop:
        text = text.replace(drop, "")
    path = tmp_path / "sheet.csv"
    path.write_text(text)
    return path


def run(*args: str) -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command("rank-bids", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_ranks_a_sheet_and_awards_within_the_budget(tmp_path: Path) -> None:
    result = run(str(sheet(tmp_path)), "--budget", "10000")
    assert result["method"] == "z"
    assert [r["bid"] for r in result["ranking"]] == ["P", "Q", "R"]
    assert result["awarded"] == ["P", "R"] and result["spent"] == 9000
    assert result["budget"] == 10000
    q = result["ranking"][1]
    assert q["conflicts"] == ["Bryn"] and set(q["scores"]) == {"Ana", "Cerys"}
    assert q["raw_mean"] == pytest.approx(450.0)  # weights as written: 60 × 5 + 40 × 5 …


def test_the_raw_method_awards_differently(tmp_path: Path) -> None:
    result = run(str(sheet(tmp_path)), "--budget", "10000", "--method", "raw")
    assert result["awarded"] == ["Q", "R"]


def test_it_reads_xlsx_too(tmp_path: Path) -> None:
    book = Workbook()
    rows = [line.split(",") for line in sheet(tmp_path).read_text().splitlines()]
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    book.save(tmp_path / "sheet.xlsx")
    assert run(str(tmp_path / "sheet.xlsx"), "--budget", "10000")["awarded"] == ["P", "R"]


def test_it_names_the_row_where_a_scorer_missed_a_criterion(tmp_path: Path) -> None:
    path = sheet(tmp_path, drop="R,3000,Cerys,Value,40,2\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="problems in the sheet"):
        call_command("rank-bids", str(path), "--budget", "10000", stderr=err)
    assert "Cerys has no score for “Value” on R" in err.getvalue()


def test_it_says_plainly_when_no_bid_fits_the_budget(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("rank-bids", str(sheet(tmp_path)), "--budget", "1000", stdout=out)
    assert "No grants can be awarded" in out.getvalue()

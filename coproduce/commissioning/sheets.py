"""An offline panel's scoring sheet (CSV or XLSX) read into the ranking's plain terms.

Columns: bid, cost, scorer, criterion, weight, score. A score of `conflict` declares a
conflict of interest: that scorer's score for the bid is absent, never zero.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _

from coproduce.lib.tabular import RowError, read_rows

from .scoring import Mark

COLUMNS = ["bid", "cost", "scorer", "criterion", "weight", "score"]


@dataclass
class Sheet:
    marks: list[Mark] = field(default_factory=list)
    costs: dict[str, Decimal] = field(default_factory=dict)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace("£", "").replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_sheet(stream: IO[bytes], filename: str) -> Sheet:
    """Read and check every row; the sheet's errors say which row and what is wrong."""
    sheet = Sheet()
    weights: dict[str, Decimal] = {}
    first_row: dict[tuple[str, str], int] = {}
    scored: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row_number, row in read_rows(stream, filename):
        if missing := [c for c in COLUMNS if c not in row]:
            sheet.errors.append(RowError(0, ", ".join(missing), _("Missing columns.")))
            return sheet
        bid, scorer = row["bid"].strip(), row["scorer"].strip()
        criterion, score_text = row["criterion"].strip(), row["score"].strip().lower()
        cost, weight = number(row["cost"]), number(row["weight"])
        if not bid or not scorer:
            sheet.errors.append(RowError(row_number, "bid", _("Give the bid and the scorer.")))
            continue
        if cost is None or cost < 0:
            sheet.errors.append(RowError(row_number, "cost", _("The cost must be a number.")))
            continue
        if sheet.costs.setdefault(bid, cost) != cost:
            sheet.errors.append(RowError(row_number, "cost",
                                         _("This bid has a different cost on another row.")))
        first_row.setdefault((bid, scorer), row_number)
        if score_text == "conflict":
            sheet.conflicts.append((bid, scorer))
            continue
        if not criterion or weight is None or weight <= 0:
            sheet.errors.append(RowError(row_number, "weight",
                                         _("Give the criterion and its weight (a number).")))
            continue
        if weights.setdefault(criterion, weight) != weight:
            sheet.errors.append(RowError(row_number, "weight", _(
                "This criterion has a different weight on another row.")))
        if not score_text.isdigit() or not 1 <= int(score_text) <= 5:
            sheet.errors.append(RowError(row_number, "score", _(
                "The score must be a whole number from 1 to 5, or “conflict”.")))
            continue
        scored[(bid, scorer)].add(criterion)
        sheet.marks.append(Mark(bid=bid, scorer=scorer, criterion=criterion,
                                weight=float(weight), score=int(score_text)))
    check_complete(sheet, weights, scored, first_row)
    return sheet


def check_complete(sheet: Sheet, weights: dict[str, Decimal],
                   scored: dict[tuple[str, str], set[str]],
                   first_row: dict[tuple[str, str], int]) -> None:
    """Every scorer scores every criterion of every bid they score; weights make 100%."""
    for (bid, scorer), criteria in sorted(scored.items()):
        if (bid, scorer) in sheet.conflicts:
            sheet.errors.append(RowError(first_row[(bid, scorer)], "score", _(
                "%(scorer)s declared a conflict with %(bid)s but also scored it.")
                % {"scorer": scorer, "bid": bid}))
        for missing in sorted(set(weights) - criteria):
            sheet.errors.append(RowError(first_row[(bid, scorer)], "criterion", _(
                "%(scorer)s has no score for “%(criterion)s” on %(bid)s.")
                % {"scorer": scorer, "criterion": missing, "bid": bid}))
    total = sum(weights.values(), Decimal("0"))
    if weights and total not in (Decimal("100"), Decimal("1")):
        sheet.errors.append(RowError(0, "weight", _(
            "The weights add up to %(total)s: they must add up to 100 (or 1).")
            % {"total": f"{total:g}"}))

"""Reading a pool and quotas from CSV (the Sortition Foundation's quota columns)."""

import csv
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .selection import Pool, Quota, QuotaError


def read_pool(text: str, features: Sequence[str], id_column: str = "id",
              household: Sequence[str] = ()) -> Pool:
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and id_column not in rows[0]:
        raise QuotaError(_("The pool has no “%(column)s” column.") % {"column": id_column})
    missing = [f for f in features if rows and f not in rows[0]]
    if missing:
        raise QuotaError(_("The pool has no column for %(names)s.")
                         % {"names": ", ".join(missing)})
    ids = [row[id_column].strip() for row in rows]
    if len(set(ids)) != len(ids):
        raise QuotaError(_("The pool names someone twice: each id must be unique."))
    return Pool(
        ids=ids,
        features={row[id_column].strip(): {f: row[f].strip() for f in features} for row in rows},
        households={row[id_column].strip(): " ".join(row.get(c, "").strip().lower()
                                                     for c in household).strip()
                    for row in rows} if household else {})


def read_quotas(text: str) -> list[Quota]:
    quotas = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))), start=2):
        try:
            quotas.append(Quota(row["feature"].strip(), row["value"].strip(), int(row["min"]),
                                int(row["max"])))
        except (KeyError, ValueError, AttributeError) as error:
            raise QuotaError(_("Quotas line %(line)s: need feature, value, min and max "
                               "(whole numbers).") % {"line": number}) from error
    return quotas

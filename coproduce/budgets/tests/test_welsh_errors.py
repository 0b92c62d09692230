"""Every error from reading a .pb file or a quota file reads in Welsh for a Welsh user."""

import pytest
from django.utils import translation

from coproduce.budgets.pabulib import PabulibError, read
from coproduce.sortition.pools import read_quotas
from coproduce.sortition.selection import Pool, Quota, QuotaError, maximin

from .test_counting import pb


@pytest.mark.parametrize(("text", "welsh"), [
    (pb("approval", 5, "a;5\nb;\n", "voter_id;vote\n1;a\n"),
     "Llinell 13: does dim cost i brosiect b."),
    (pb("approval", 5, "a;5\n", "voter_id;vote\n1;a\n2;z\n"),
     "Llinell 16: pleidlais dros brosiect anhysbys 'z'."),
    ("key;value\n", "Llinell 1: rhaid i'r ffeil ddechrau gyda META."),
    (pb("approval", 5, "a;5\n", "voter_id;vote\n1;a\n").replace("budget;5\n", ""),
     "Does dim cyllideb (budget) yn META."),
    (pb("plurality", 5, "a;5\n", "voter_id;vote\n1;a\n"), "vote_type anhysbys 'plurality'"),
])
def test_it_names_the_bad_line_of_a_pb_file_in_welsh(text: str, welsh: str) -> None:
    with translation.override("cy"), pytest.raises(PabulibError) as refused:
        read(text)
    assert welsh in str(refused.value)


def test_it_refuses_quotas_in_welsh() -> None:
    pool = Pool(["1", "2", "3"], {p: {"area": "north"} for p in "123"})
    with translation.override("cy"):
        with pytest.raises(QuotaError, match="llai na'r panel o 5"):
            maximin(pool, [Quota("area", "north", 1, 5)], 5, "s")
        with pytest.raises(QuotaError, match="gostyngwch yr isafswm i 3"):
            maximin(pool, [Quota("area", "north", 4, 5)], 2, "s")
        with pytest.raises(QuotaError, match="mae'r isafsymiau'n dod i 3"):
            maximin(pool, [Quota("area", "north", 3, 3)], 2, "s")
        with pytest.raises(QuotaError, match="Llinell 2 y cwotâu"):
            read_quotas("feature,value,min,max\narea,north,one,2\n")

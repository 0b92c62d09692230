"""The published rates every organisation may value participants' time with.

Each is stated with its source; organisations add their own cards beside them.
"""

import datetime

NLW = "national-living-wage-21"

# key, name, Welsh name, source title, source address, [(pence, from, until)]
Card = tuple[str, str, str, str, str, list[tuple[int, datetime.date, datetime.date | None]]]
CARDS: list[Card] = [
    (NLW, "National Living Wage (21 and over)", "Cyflog Byw Cenedlaethol (21 oed a throsodd)",
     "GOV.UK: National Minimum Wage and National Living Wage rates",
     "https://www.gov.uk/national-minimum-wage-rates",
     [(1144, datetime.date(2024, 4, 1), datetime.date(2025, 3, 31)),
      (1221, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)),
      (1271, datetime.date(2026, 4, 1), None)]),
    ("real-living-wage-uk", "Real Living Wage (UK, 2025/26)",
     "Cyflog Byw Gwirioneddol (DU, 2025/26)",
     "Living Wage Foundation: the Real Living Wage",
     "https://www.livingwage.org.uk/what-real-living-wage",
     [(1345, datetime.date(2025, 10, 22), None)]),
    ("real-living-wage-london", "Real Living Wage (London, 2025/26)",
     "Cyflog Byw Gwirioneddol (Llundain, 2025/26)",
     "Living Wage Foundation: the Real Living Wage",
     "https://www.livingwage.org.uk/what-real-living-wage",
     [(1480, datetime.date(2025, 10, 22), None)]),
]

# A guide only, shown beside the organisation's own warning amounts; it is not advice.
GUIDE_LIMITS = [
    ("Carer's Allowance earnings limit", "£196 a week (from April 2025)",
     "https://www.gov.uk/carers-allowance/eligibility"),
]

ADVICE = [
    ("Citizens Advice: benefits", "https://www.citizensadvice.org.uk/benefits/"),
    ("Turn2us: benefits and work", "https://www.turn2us.org.uk/"),
    ("GOV.UK: benefits", "https://www.gov.uk/browse/benefits"),
]


def install(RateCard: type, Rate: type) -> None:
    """Create or bring up to date the published cards (idempotent; used by a migration)."""
    for key, name, name_cy, title, url, rates in CARDS:
        card, _created = RateCard.objects.update_or_create(  # type: ignore[attr-defined]
            organisation=None, key=key,
            defaults={"name": name, "name_cy": name_cy, "unit": "hour", "source_title": title,
                      "source_url": url})
        for pence, start, end in rates:
            Rate.objects.update_or_create(  # type: ignore[attr-defined]
                card=card, effective_from=start,
                defaults={"amount_pence": pence, "effective_to": end})

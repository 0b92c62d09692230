"""Pounds and pence as people type them, and as figures are shown."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


class AmountError(ValueError):
    """The text is not an amount of money in pounds and pence."""


def parse_pence(text: str) -> int:
    """Read '£1,234.50', '1234.5' or '12' as pence; refuse anything else."""
    cleaned = str(text).strip().replace("£", "").replace(",", "").replace(" ", "")
    if not AMOUNT.match(cleaned):
        raise AmountError(text)
    return int(Decimal(cleaned) * 100)


def pounds(pence: int) -> str:
    """Pence as a string of pounds and pence: 125570 -> '1255.70'."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def display(pence: int) -> str:
    """Pence for people to read: 125570 -> '£1,255.70'."""
    sign = "−" if pence < 0 else ""
    return f"{sign}£{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def half_up(value: Decimal) -> int:
    """Round a number of pence to a whole penny, halves upwards."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def parse_minutes(text: str, hours: bool = False) -> int:
    """Read a number of minutes, or of hours (decimals allowed), as whole minutes."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return half_up(value * 60) if hours else half_up(value)

"""Small filters for the grant panel pages."""

from decimal import Decimal
from typing import Any

from django import template

from coproduce.commissioning.awards import money

register = template.Library()


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def pounds(amount: Decimal | None) -> str:
    return "" if amount is None else money(Decimal(amount))


@register.filter
def figure(value: float | None) -> str:
    """A score to two places, with a real minus sign; a dash when there is none."""
    if value is None:
        return "–"
    return f"{value:.2f}".replace("-", "−")

"""Render Django form fields with GOV.UK Frontend classes and error wiring."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from coproduce.lib import smallnumbers

register = template.Library()

CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.simple_tag
def govuk_widget(field: BoundField, extra_class: str = "") -> SafeString:
    css = CLASSES.get(field.widget_type, "govuk-input")
    if field.errors:
        css += {"govuk-select": " govuk-select--error", "govuk-textarea": " govuk-textarea--error",
                "govuk-file-upload": " govuk-file-upload--error"}.get(css, " govuk-input--error")
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": f"{css} {extra_class}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def first_input_id(field: BoundField) -> str:
    """Return the id an error-summary link should point at."""
    if field.widget_type in {"checkboxselectmultiple", "radioselect"}:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def count_or_few(count: int, hide_small: bool) -> str:
    """Show 'fewer than 5' instead of a count of 1 to 4 people to aggregate-only roles."""
    return smallnumbers.shown(count, hide_small)


@register.filter
def is_small(count: int, hide_small: bool = True) -> bool:
    """Whether the small-number rule hides `count` from this viewer."""
    return hide_small and smallnumbers.is_small(count)

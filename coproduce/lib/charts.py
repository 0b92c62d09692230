"""Server-rendered SVG charts: no JavaScript, a title for screen readers, and always shown
beside a table of the same figures."""

from html import escape
from itertools import count

from django.utils.safestring import SafeString, mark_safe

_ids = count(1)


def bar_chart(rows: list[tuple[str, float]], maximum: float, title: str) -> SafeString:
    """Horizontal bars, one per (label, value), scaled to `maximum`."""
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    ident = f"chart-{next(_ids)}"
    label_width, bar_width, row_height = 220, 360, 28
    height = row_height * len(rows) + 10
    scale = bar_width / maximum if maximum else 0
    parts = [
        f'<svg class="app-chart" role="img" aria-labelledby="{ident}" width="100%" '
        f'viewBox="0 0 {label_width + bar_width + 70} {height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(rows):
        y = index * row_height + 5
        width = max(0.0, min(value, maximum) * scale)
        shown = f"{value:g}"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{escape(label[:32])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" height="{row_height - 8}" '
            f'fill="#1d70b8"></rect>'
            f'<text x="{label_width + width + 6:.1f}" y="{y + 17}" font-size="14" '
            f'fill="#0b0c0c">{escape(shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above

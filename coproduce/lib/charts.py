"""Accessible charts drawn on the server as inline SVG, with no JavaScript.

Each chart is an image with a title (role="img", <title>, aria-labelledby); it carries no
data a screen reader needs, because every chart on a page is shown beside a data table that
holds the same figures. Colours are paired with line styles so no series depends on colour.
"""

import hashlib
import math
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#0b0c0c"
GRID = "#b1b4b6"
# Colour and dash pattern for each series, in order (blue, red, green, purple).
STYLES = [("#1d70b8", ""), ("#d4351c", "8 4"), ("#00703c", "2 3"), ("#4c2c92", "10 3 2 3")]
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'


def chart_id(kind: str, title: str, data: object) -> str:
    digest = hashlib.sha256(repr((kind, title, data)).encode()).hexdigest()
    return f"chart-{digest[:12]}"


def shorten(label: str, length: int) -> str:
    """Trim a label to fit in the drawing; the data table beside it has it in full."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value == int(value) else f"{value:.1f}"


def clamp(value: float, maximum: float) -> float:
    if math.isnan(value):
        return 0.0
    return max(0.0, min(value, maximum))


def ticks(maximum: float) -> list[float]:
    """Grid lines: every whole number up to 10, else five steps."""
    if maximum <= 10 and maximum == int(maximum):
        return [float(step) for step in range(int(maximum) + 1)]
    return [maximum * step / 5 for step in range(6)]


def svg_open(identifier: str, title: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="{identifier}-title" {FONT}>',
        f'<title id="{identifier}-title">{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def bar_chart(rows: list[tuple[str, float]], maximum: float, title: str) -> SafeString:
    """Draw horizontal bars, one per (label, value), on a scale from 0 to `maximum`.

    With no rows there is nothing to draw, and the empty string is returned.
    """
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    maximum = maximum if maximum > 0 else 1.0
    identifier = chart_id("bar", title, rows)
    label_width, bar_width, row_height, top = 250, 320, 34, 16
    width = label_width + bar_width + 60
    height = top + row_height * len(rows) + 30
    parts = svg_open(identifier, title, width, height)
    axis_y = top + row_height * len(rows)
    for tick in ticks(maximum):
        x = label_width + bar_width * tick / maximum
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 18}" font-size="12" fill="{INK}" '
                     f'text-anchor="middle">{number(tick)}</text>')
    colour = STYLES[0][0]
    for index, (label, value) in enumerate(rows):
        y = top + row_height * index
        length = bar_width * clamp(value, maximum) / maximum
        parts.append(f'<text x="{label_width - 10}" y="{y + row_height / 2 + 5:.1f}" '
                     f'font-size="14" fill="{INK}" text-anchor="end">'
                     f'{escape(shorten(label, 32))}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 6}" width="{length:.1f}" '
                     f'height="{row_height - 12}" fill="{colour}"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + row_height / 2 + 5:.1f}" '
                     f'font-size="14" fill="{INK}">{number(clamp(value, maximum))}</text>')
    parts.append(f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{axis_y}" '
                 f'stroke="{INK}" stroke-width="1.5"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def radar_chart(axes: list[str], series: list[tuple[str, list[float]]], maximum: float,
                title: str) -> SafeString:
    """Draw each series as a polygon on spokes, one spoke per axis, from 0 to `maximum`."""
    maximum = maximum if maximum > 0 else 1.0
    identifier = chart_id("radar", title, (axes, series))
    # Wide enough for a 24-character label either side of the circle.
    size, radius = 760, 170
    centre_x, centre_y = size / 2, 230
    legend_top = centre_y + radius + 60
    height = int(legend_top + 26 * max(len(series), 1) + 10)
    parts = svg_open(identifier, title, size, height)
    count = max(len(axes), 1)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * clamp(value, maximum) / maximum
        return centre_x + distance * math.cos(angle), centre_y + distance * math.sin(angle)

    for tick in ticks(maximum)[1:]:
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, tick) for i in range(count)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = point(0, tick)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="11" fill="{INK}">'
                     f'{number(tick)}</text>')
    for index, label in enumerate(axes):
        x, y = point(index, maximum)
        parts.append(f'<line x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        label_x, label_y = point(index, maximum * 1.08)
        anchor = ("middle" if abs(label_x - centre_x) < 10
                  else "start" if label_x > centre_x else "end")
        shift = 12 if label_y > centre_y + 10 else -2 if label_y < centre_y - 10 else 4
        parts.append(f'<text x="{label_x:.1f}" y="{label_y + shift:.1f}" font-size="13" '
                     f'fill="{INK}" text-anchor="{anchor}">{escape(shorten(label, 24))}</text>')
    for number_, (name, values) in enumerate(series):
        colour, dash = STYLES[number_ % len(STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        shape = " ".join(f"{x:.1f},{y:.1f}"
                         for x, y in (point(i, v) for i, v in enumerate(values[:count])))
        parts.append(f'<polygon points="{shape}" fill="{colour}" fill-opacity="0.12" '
                     f'stroke="{colour}" stroke-width="2.5"{dashes}/>')
        for index, value in enumerate(values[:count]):
            x, y = point(index, value)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
        y = legend_top + 26 * number_
        parts.append(f'<line x1="40" y1="{y}" x2="80" y2="{y}" stroke="{colour}" '
                     f'stroke-width="3"{dashes}/>')
        parts.append(f'<text x="90" y="{y + 5}" font-size="14" fill="{INK}">'
                     f'{escape(shorten(name, 60))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above

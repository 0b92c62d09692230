"""QR codes for voting letters, drawn as inline SVG by segno (pure Python, no images)."""

import segno


def qr_svg(url: str) -> str:
    """Return an SVG QR code for `url`, sized for a printed letter."""
    return segno.make(url, error="m").svg_inline(scale=3, title=None)

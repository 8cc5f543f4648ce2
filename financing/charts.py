"""Small server-rendered SVG bar charts for the financing pages: no script, no CDN, text stays text so
that it is translated and readable by screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR, GAP, LABEL_WIDTH, WIDTH = 18, 6, 170, 520
COLOUR = "#1f5f8b"


def bar_chart(rows: Sequence[tuple[str, Decimal | int]], title: str, *, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    if not rows:
        return mark_safe("")
    top = max((Decimal(value) for _label, value in rows), default=Decimal(0)) or Decimal(1)
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        format_html(
            '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            title,
            WIDTH,
            height,
            title,
        )
    ]
    span = WIDTH - LABEL_WIDTH - 120
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        length = int(Decimal(value) / top * span)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12">{} {}</text>',
                LABEL_WIDTH - 6,
                y + BAR - 5,
                str(label)[:28],
                LABEL_WIDTH,
                y,
                max(length, 1),
                BAR,
                COLOUR,
                LABEL_WIDTH + length + 6,
                y + BAR - 5,
                f"{value:,}",
                unit,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


__all__ = ["bar_chart", "escape"]

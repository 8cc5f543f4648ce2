"""Small server-rendered SVG bar charts for the financing pages: no script, no CDN, text stays text so
that it is translated and readable by screen readers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR, GAP, WIDTH, FONT = 18, 6, 320, 12  # WIDTH about that of a chart on the page, so text is ~12px
PAD = 6  # between a label, its bar and its value, and at the chart's edges
MAX_LABEL = 130  # the label column grows with its labels up to this; longer labels are shortened
MIN_SPAN = 80  # the bars keep at least this much room
COLOUR = "#1f5f8b"
ELLIPSIS = "…"


def text_width(text: str) -> float:
    """A generous estimate of `text`'s width at FONT px: wide (Chinese, Japanese, Korean) characters take a
    full em, others about two thirds of one. SVG text does not wrap, so the layout is planned on this."""
    return sum(FONT if unicodedata.east_asian_width(char) in "WF" else FONT * 0.65 for char in text)


def fit(text: str, width: float) -> str:
    """`text`, shortened with an ellipsis to fit `width` (the full text stays in the bar's tooltip)."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def bar_chart(rows: Sequence[tuple[str, Decimal | int]], title: str, *, unit: str = "") -> SafeString:
    """Horizontal bars, one per (label, value), scaled to the largest value. The label column is as wide as
    the longest label (up to MAX_LABEL; longer ones end in an ellipsis) and the values' column as wide as the
    longest value, so no text runs off the chart; each bar's <title> carries its full label and value."""
    if not rows:
        return mark_safe("")
    labels = [str(label) for label, _value in rows]
    values = [f"{value:,} {unit}".strip() for _label, value in rows]
    label_width = min(max(text_width(label) for label in labels), MAX_LABEL)
    value_width = max(text_width(value) for value in values)
    bars_at = PAD + label_width + PAD
    span = max(WIDTH - bars_at - PAD - value_width - PAD, MIN_SPAN)
    width = int(bars_at + span + PAD + value_width + PAD) + 1
    top = max((Decimal(value) for _label, value in rows), default=Decimal(0)) or Decimal(1)
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        format_html(
            '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
            'xmlns="http://www.w3.org/2000/svg"><title>{}</title>',
            title,
            width,
            height,
            title,
        )
    ]
    for index, ((_label, value), label, shown) in enumerate(zip(rows, labels, values, strict=True)):
        y = GAP + index * (BAR + GAP)
        length = int(Decimal(value) / top * Decimal(span))
        parts.append(
            format_html(
                '<g><title>{}: {}</title><text x="{}" y="{}" text-anchor="end" font-size="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="{}">{}</text></g>',
                label,
                shown,
                int(bars_at - PAD),
                y + BAR - 5,
                FONT,
                fit(label, label_width),
                int(bars_at),
                y,
                max(length, 1),
                BAR,
                COLOUR,
                int(bars_at) + length + PAD,
                y + BAR - 5,
                FONT,
                shown,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


__all__ = ["bar_chart", "escape", "fit", "text_width"]

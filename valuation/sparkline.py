"""A tiny inline SVG of values over time (point line with its low–high band), cheap enough for any page.

Coordinates are floats because they are pixels, not money; the amounts shown beside the chart stay Decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 240, 64, 4


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    line: str  # "x,y x,y …" for <polyline points>
    band: str  # the low–high band as <polygon points>
    dots: list[tuple[float, float]]
    zero: float | None  # y of the zero line when the values cross it


def _scale(values: Sequence[Decimal], low: Decimal, high: Decimal) -> list[float]:
    span = high - low or Decimal(1)
    inner = HEIGHT - 2 * PAD
    return [round(PAD + inner - float((value - low) / span) * inner, 1) for value in values]


def sparkline(
    points: Sequence[Decimal], lows: Sequence[Decimal], highs: Sequence[Decimal]
) -> Sparkline | None:
    """Evenly spaced runs (their dates are listed beside it); None when there is nothing to draw."""
    if not points:
        return None
    bottom, top = min([*lows, *points]), max([*highs, *points])
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)
    xs = [round(PAD + index * step, 1) for index in range(len(points))]
    if len(points) == 1:
        xs = [WIDTH / 2]
    ys, y_lows, y_highs = (_scale(series, bottom, top) for series in (points, lows, highs))
    band = [*zip(xs, y_highs, strict=True), *reversed(list(zip(xs, y_lows, strict=True)))]
    return Sparkline(
        width=WIDTH,
        height=HEIGHT,
        line=" ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True)),
        band=" ".join(f"{x},{y}" for x, y in band),
        dots=list(zip(xs, ys, strict=True)),
        zero=_scale([Decimal(0)], bottom, top)[0] if bottom < 0 < top else None,
    )

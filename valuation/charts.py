"""Report charts drawn with matplotlib's Figure API (no pyplot, no display) as inline SVG.

Text is drawn as paths, so the SVG and the PDF need no fonts. Inputs are a valuation's JSON outputs."""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence

import matplotlib
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

matplotlib.rcParams.update(
    {
        "font.family": ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK TC"],
        "svg.fonttype": "path",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "font.size": 9,
    }
)
BLUE, GREY, RED, GREEN = "#1f5f8b", "#b0b7c3", "#b03a2e", "#2e7d4f"
MILLION = 1_000_000


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _millions(values: Sequence[object]) -> list[float]:
    return [float(str(value)) / MILLION for value in values]


def cash_flow_chart(rows: list[dict], currency: str, labels: dict[str, str]) -> str:
    figure = Figure(figsize=(7, 3))
    axes = figure.add_subplot()
    years = [float(row["year"]) for row in rows]
    plain = _millions([row.get("cash_flow", row.get("amount")) for row in rows])
    risked = [flow * float(row["probability"]) for flow, row in zip(plain, rows, strict=True)]
    axes.bar(years, plain, width=0.8, color=GREY, label=labels["if_successful"])
    axes.bar(years, risked, width=0.5, color=BLUE, label=labels["risk_adjusted"])
    axes.axhline(0, color="black", linewidth=0.6)
    axes.set_xlabel(labels["years"])
    axes.set_ylabel(f"{currency} m")
    axes.legend(frameon=False)
    return _svg(figure)


def histogram_chart(histogram: dict, deterministic: object, currency: str, labels: dict[str, str]) -> str:
    figure = Figure(figsize=(7, 3))
    axes = figure.add_subplot()
    edges = _millions(histogram["edges"])
    counts = histogram["counts"]
    widths = [right - left for left, right in itertools.pairwise(edges)]
    colours = [RED if left < 0 else GREEN for left in edges[:-1]]
    axes.bar(edges[:-1], counts, width=widths, align="edge", color=colours)
    axes.axvline(
        float(str(deterministic)) / MILLION, color="black", linestyle="--", linewidth=1, label="rNPV"
    )
    axes.set_xlabel(f"{labels['npv']} ({currency} m)")
    axes.set_ylabel(labels["paths"])
    axes.legend(frameon=False)
    return _svg(figure)


def tornado_chart(rows: list[dict], base: object, currency: str, labels: dict[str, str] | None = None) -> str:
    """One bar per uncertain input: red where the input sits at the low end of its range, green at the
    high end (a higher cost factor lowers the value, so its green bar points left)."""
    figure = Figure(figsize=(7, 0.9 + 0.5 * max(1, len(rows))))
    axes = figure.add_subplot()
    centre = float(str(base)) / MILLION
    low_label, high_label = (labels["at_low"], labels["at_high"]) if labels else (None, None)
    for position, row in enumerate(reversed(rows)):
        low, high = _millions([row["value_at_low"], row["value_at_high"]])
        axes.barh(position, low - centre, left=centre, color=RED, label=low_label if position == 0 else None)
        axes.barh(
            position, high - centre, left=centre, color=GREEN, label=high_label if position == 0 else None
        )
    axes.set_yticks(range(len(rows)), [row["input"] for row in reversed(rows)])
    axes.axvline(centre, color="black", linewidth=0.8)
    axes.set_xlabel(f"rNPV ({currency} m)")
    if labels:
        axes.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    return _svg(figure)


def radar_chart(names: list[str], scores: list[float]) -> str:
    import math

    figure = Figure(figsize=(4.5, 4.5))
    axes = figure.add_subplot(projection="polar")
    angles = [2 * math.pi * index / len(names) for index in range(len(names))]
    axes.plot([*angles, angles[0]], [*scores, scores[0]], color=BLUE)
    axes.fill([*angles, angles[0]], [*scores, scores[0]], color=BLUE, alpha=0.2)
    axes.set_xticks(angles, names)
    axes.set_ylim(0, 100)
    return _svg(figure)


def history_chart(dates: list, points: list, lows: list, highs: list, currency: str) -> str:
    figure = Figure(figsize=(7, 2.8))
    axes = figure.add_subplot()
    axes.fill_between(dates, _millions(lows), _millions(highs), color=GREY, alpha=0.5, step="post")
    axes.plot(dates, _millions(points), marker="o", color=BLUE, drawstyle="steps-post")
    axes.set_ylabel(f"{currency} m")
    # Concise dates: runs minutes apart must not be labelled with microseconds.
    locator = AutoDateLocator(minticks=2, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    return _svg(figure)

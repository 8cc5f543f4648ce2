"""Public statistics of cases: counts by kind, institution and outcome, and how long closed cases took.
Aggregates only: no reference, party, title or amount leaves this module; an institution with fewer cases
than MIN_GROUP is folded into "Other" so that a single case cannot be picked out."""

from collections import Counter
from statistics import median

from django.utils.translation import gettext as _

from disputes.models import Case, Kind

MIN_GROUP = 3


def _fold_small(counts: Counter) -> dict[str, int]:
    folded: Counter = Counter()
    for name, n in counts.items():
        folded[name if n >= MIN_GROUP else str(_("Other"))] += n
    return dict(sorted(folded.items(), key=lambda item: (-item[1], item[0])))


def statistics() -> dict:
    rows = list(Case.objects.values("kind", "status", "filed_at", "closed_at", "rules__institution_name"))
    kinds = Counter(str(Kind(r["kind"]).label) for r in rows)
    institutions = _fold_small(Counter(r["rules__institution_name"] for r in rows))
    labels = dict(Case.Status.choices)
    outcomes = Counter(str(labels[r["status"]]) for r in rows if r["status"] in Case.CLOSED)
    days = [(r["closed_at"] - r["filed_at"]).days for r in rows if r["closed_at"]]
    return {
        "total": len(rows),
        "open": sum(1 for r in rows if r["status"] not in Case.CLOSED),
        "by_kind": dict(kinds),
        "by_institution": institutions,
        "by_outcome": dict(outcomes),
        "duration_days": {
            "closed": len(days),
            "median": median(days) if days else None,
            "longest": max(days) if days else None,
        },
    }


def bar_chart(counts: dict[str, int], title: str) -> str:
    """A horizontal bar chart as inline SVG (matplotlib, text as paths; no fonts or scripts loaded)."""
    from matplotlib.figure import Figure

    from valuation.charts import BLUE, _svg

    figure = Figure(figsize=(6, 0.5 + 0.4 * max(1, len(counts))))
    axes = figure.add_subplot()
    names = list(counts)[::-1]
    axes.barh(names, [counts[n] for n in names], color=BLUE)
    axes.set_title(title)
    # Counts are whole numbers: no ticks between them.
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _svg(figure)

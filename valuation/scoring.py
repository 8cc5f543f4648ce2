"""GB/T 42748-2023 scoring of an asset: the configured tree, registry measures, expert scores, weights."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _

from assets.models import Asset
from core.errors import InvalidInput, NotFound
from core.money import to_decimal
from valuation import registry_measures
from valuation.methods.indicators import IndicatorResult, Node, score_tree
from valuation.models import Indicator, IndicatorSet, Scenario, ScenarioWeight


def default_set() -> IndicatorSet:
    indicator_set = IndicatorSet.objects.filter(is_default=True).order_by("-id").first()
    if indicator_set is None:
        raise NotFound(_("No indicator set is configured; add one in the back office."))
    return indicator_set


def tree_for(indicator_set: IndicatorSet, scenario: str) -> list[Node]:
    if scenario not in Scenario.values:
        raise InvalidInput(_("Unknown scenario: %(s)s") % {"s": scenario}, field="scenario")
    weights = dict(
        ScenarioWeight.objects.filter(indicator__indicator_set=indicator_set, scenario=scenario).values_list(
            "indicator_id", "weight"
        )
    )
    indicators = Indicator.objects.filter(indicator_set=indicator_set).select_related("parent")
    return [
        Node(
            item.code,
            item.parent.code if item.parent else None,
            item.name_en,
            weights.get(item.id, Decimal(0)),
        )
        for item in indicators
    ]


def registry_inputs(asset: Asset, indicator_set: IndicatorSet, today: datetime.date) -> dict[str, tuple]:
    found = {}
    for item in Indicator.objects.filter(
        indicator_set=indicator_set, input_kind=Indicator.InputKind.REGISTRY
    ):
        result = registry_measures.measure(item.registry_key, asset, today)
        if result is not None:
            found[item.code] = result
    return found


def score_asset(
    *,
    asset: Asset,
    scenario: str,
    expert_scores: dict[str, object] | None = None,
    indicator_set: IndicatorSet | None = None,
    today: datetime.date | None = None,
) -> IndicatorResult:
    """Score the asset: registry measures where the registry has the data, expert scores otherwise (an
    expert's score replaces a registry measure for the same indicator)."""
    indicator_set = indicator_set or default_set()
    automatic = registry_inputs(asset, indicator_set, today or datetime.date.today())
    experts = {
        code: to_decimal(score, field=f"scores.{code}") for code, score in (expert_scores or {}).items()
    }
    scores = {code: score for code, (score, _note) in automatic.items()} | experts
    result = score_tree(tree_for(indicator_set, scenario), scores, scenario=scenario)
    rows = []
    for row in result.rows:
        origin = "expert" if row["code"] in experts else ("registry" if row["code"] in automatic else "")
        note = automatic[row["code"]][1] if origin == "registry" else ""
        rows.append({**row, "input": origin, "explanation": note})
    return replace(result, rows=rows, inputs={**result.inputs, "indicator_set": str(indicator_set)})

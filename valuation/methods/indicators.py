"""GB/T 42748-2023 indicator scoring: third-level scores (0–100) rolled up by the scenario's weights.

A node's score is the weighted mean of its children's scores, weights normalised among siblings; the total
is the weighted mean of the first-level nodes (legal, technical, economic). Leaves with weight 0 are left
out of the scenario and need no score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import InvalidInput
from valuation.methods.inputs import MissingInputs
from valuation.methods.results import MethodResult

HUNDRED = Decimal(100)
SCORE_PLACES = Decimal("0.01")
FORMULA = (
    "score(node) = Σ_children w_c · score(c) / Σ_children w_c;  "
    "total = Σ_first-level w_i · score(i) / Σ w_i;  leaf scores 0–100"
)


@dataclass(frozen=True)
class Node:
    code: str
    parent: str | None
    name: str
    weight: Decimal


@dataclass(frozen=True)
class IndicatorResult(MethodResult):
    scenario: str
    by_first_level: dict[str, Decimal]


def _weighted_leaves(children: dict[str | None, list[Node]]) -> list[Node]:
    """Leaves reached through weighted nodes only: a branch weighted 0 needs no scores."""
    leaves, stack = [], [node for node in children.get(None, []) if node.weight > 0]
    while stack:
        node = stack.pop()
        kids = [kid for kid in children.get(node.code, []) if kid.weight > 0]
        if node.code in children:
            stack.extend(kids)
        else:
            leaves.append(node)
    return leaves


def _check_scores(leaves: list[Node], scores: dict[str, Decimal]) -> None:
    missing = sorted(leaf.code for leaf in leaves if leaf.code not in scores)
    if missing:
        message = gettext_noop("These indicators have no score: %(codes)s.")
        raise MissingInputs(message, {"codes": ", ".join(missing)}, field="scores")
    for code, score in scores.items():
        if not Decimal(0) <= score <= HUNDRED:
            raise InvalidInput(
                _("The score of %(code)s must lie between 0 and 100.") % {"code": code}, field="scores"
            )


def score_tree(nodes: list[Node], scores: dict[str, Decimal], *, scenario: str = "") -> IndicatorResult:
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    _check_scores(_weighted_leaves(children), scores)
    rows: list[dict] = []

    def walk(node: Node, global_weight: Decimal, level: int) -> Decimal | None:
        kids = [kid for kid in children.get(node.code, []) if kid.weight > 0]
        if node.code not in children:
            score = scores.get(node.code)
        else:
            score = _combine(kids, global_weight, level + 1, walk)
        rows.append(
            {
                "code": node.code,
                "name": node.name,
                "level": level,
                "weight": node.weight,
                "global_weight": global_weight,
                "score": score,
            }
        )
        return score

    total = _combine([n for n in children.get(None, []) if n.weight > 0], Decimal(1), 1, walk)
    if total is None:
        raise InvalidInput(_("The scenario gives weight to no indicator."), field="scenario")
    rows.sort(key=lambda row: row["code"])
    first = {row["code"]: row["score"] for row in rows if row["level"] == 1}
    return IndicatorResult(
        method="indicators",
        currency="",
        value=total.quantize(SCORE_PLACES),
        formula=FORMULA,
        inputs={"scores": scores, "scenario": scenario},
        rows=rows,
        sources=[],
        scenario=scenario,
        by_first_level=first,
    )


def _combine(kids: list[Node], global_weight: Decimal, level: int, walk) -> Decimal | None:
    weight = sum((kid.weight for kid in kids), Decimal(0))
    if weight == 0:
        return None
    total = Decimal(0)
    for kid in kids:
        share = kid.weight / weight
        score = walk(kid, global_weight * share, level)
        if score is None:
            return None
        total += share * score
    return total

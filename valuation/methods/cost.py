"""Cost approach: what it would cost to reproduce (or replace) the asset today, less obsolescence.

    cost = Σ amount_i · price index_i · (1 + developer's profit rate)
    V = cost · (1 − functional) · (1 − economic) · remaining life / (elapsed life + remaining life)
The life factor is left out when the lives are not given.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs
from valuation.methods.results import MethodResult, money

FORMULA = (
    "V = Σ amount_i · index_i · (1 + profit rate) · (1 − functional obsolescence) "
    "· (1 − economic obsolescence) · remaining / (elapsed + remaining)"
)


@dataclass(frozen=True)
class CostResult(MethodResult):
    basis: str
    gross_cost: Decimal
    obsolescence_factor: Decimal


def cost_approach(data: object) -> CostResult:
    model = inputs.mapping(data, "")
    basis = inputs.choice(model, "basis", ("reproduction", "replacement"), default="replacement")
    rows, gross = [], Decimal(0)
    for index, item in enumerate(inputs.sequence(inputs.required(model, "cost_items", ""), "cost_items")):
        path = f"cost_items[{index}]"
        row = inputs.mapping(item, path)
        amount = inputs.number(row, "amount", path, minimum=Decimal(0))
        index_factor = inputs.number(row, "index_factor", path, default=Decimal(1), minimum=Decimal(0))
        gross += amount * index_factor
        rows.append(
            {
                "description": inputs.text(row, "description", path),
                "amount": amount,
                "index_factor": index_factor,
                "restated": amount * index_factor,
            }
        )
    if not rows:
        raise InvalidInput(_("cost_items needs at least one cost."), field="cost_items")
    gross *= 1 + inputs.rate(model, "developer_profit_rate", default=Decimal(0))
    obsolescence = inputs.mapping(model.get("obsolescence", {}), "obsolescence")
    factor = (1 - inputs.rate(obsolescence, "functional", "obsolescence", default=Decimal(0))) * (
        1 - inputs.rate(obsolescence, "economic", "obsolescence", default=Decimal(0))
    )
    if "remaining_life_years" in obsolescence:
        remaining = inputs.duration(obsolescence, "remaining_life_years", "obsolescence")
        elapsed = inputs.duration(obsolescence, "elapsed_life_years", "obsolescence")
        if remaining + elapsed == 0:
            raise InvalidInput(_("The asset's total life cannot be zero."), field="obsolescence")
        factor *= remaining / (remaining + elapsed)
    return CostResult(
        method="cost",
        currency=inputs.currency(model),
        value=money(gross * factor),
        formula=FORMULA,
        inputs={"basis": basis, "obsolescence": obsolescence},
        rows=rows,
        sources=[],
        basis=basis,
        gross_cost=money(gross),
        obsolescence_factor=factor,
    )

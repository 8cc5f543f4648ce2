"""The simple rNPV form: a list of yearly cash flows, each with the probability that it happens.

    {"currency": "USD", "discount_rate": "0.11",
     "cash_flows": [{"year": 0, "amount": "-12000000", "probability": "1"}, ...]}

rNPV = Σ p_t · CF_t / (1 + r)^t, with year 0 not discounted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs
from valuation.methods.results import MethodResult, money

FORMULA = "rNPV = Σ p_t · CF_t / (1 + r)^t   (t in years from the valuation date; t = 0 is not discounted)"


@dataclass(frozen=True)
class CashFlow:
    year: Decimal
    amount: Decimal
    probability: Decimal
    label: str = ""


@dataclass(frozen=True)
class SimpleModel:
    currency: str
    discount_rate: Decimal
    cash_flows: tuple[CashFlow, ...]


@dataclass(frozen=True)
class RnpvResult(MethodResult):
    npv: Decimal  # the same cash flows with every probability taken as 1


def is_simple_form(data: object) -> bool:
    return isinstance(data, dict) and "cash_flows" in data


def parse_simple_model(data: object) -> SimpleModel:
    model = inputs.mapping(data, "")
    flows = inputs.sequence(inputs.required(model, "cash_flows", ""), "cash_flows")
    if not flows:
        raise InvalidInput(_("cash_flows needs at least one cash flow."), field="cash_flows")
    parsed = []
    for index, item in enumerate(flows):
        path = inputs.join("cash_flows", index)
        row = inputs.mapping(item, path)
        parsed.append(
            CashFlow(
                year=inputs.duration(row, "year", path),
                amount=inputs.number(row, "amount", path),
                probability=inputs.probability(row, "probability", path),
                label=inputs.text(row, "label", path, default=""),
            )
        )
    return SimpleModel(
        currency=inputs.currency(model),
        discount_rate=inputs.discount_rate(model),
        cash_flows=tuple(parsed),
    )


def discount_factor(rate: Decimal, year: Decimal) -> Decimal:
    """1 / (1 + r)^t; whole years use an exact integer power."""
    if year == year.to_integral_value():
        return inputs.ONE / (inputs.ONE + rate) ** int(year)
    return inputs.ONE / (inputs.ONE + rate) ** year


def simple_rnpv(model: SimpleModel) -> RnpvResult:
    rows = []
    total = npv = Decimal(0)
    for flow in model.cash_flows:
        factor = discount_factor(model.discount_rate, flow.year)
        present = flow.amount * factor
        risk_adjusted = present * flow.probability
        npv += present
        total += risk_adjusted
        rows.append(
            {
                "year": flow.year,
                "label": flow.label,
                "amount": flow.amount,
                "probability": flow.probability,
                "discount_factor": factor,
                "present_value": money(present),
                "risk_adjusted_present_value": money(risk_adjusted),
            }
        )
    return RnpvResult(
        method="rnpv_simple",
        currency=model.currency,
        value=money(total),
        formula=FORMULA,
        inputs={"discount_rate": model.discount_rate, "cash_flows": list(model.cash_flows)},
        rows=rows,
        sources=[],
        npv=money(npv),
    )

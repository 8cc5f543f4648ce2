"""What every method returns: the value with the inputs, formula, rows and sources that produced it."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    """Money as reported: rounded to the cent (exact arithmetic stays unrounded until here)."""
    return amount.quantize(CENT)


def plain(value: Any) -> Any:
    """A JSON-ready copy: Decimals and dates become strings, dataclasses and tuples become dicts and lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.metadata.get("serialise", True)
        }
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


@dataclasses.dataclass(frozen=True)
class FigureSource:
    """Where a default figure came from (a figures.json key or an operator setting) and its citation."""

    key: str
    value: Any
    source: str


@dataclasses.dataclass(frozen=True)
class MethodResult:
    """Common shape of every method's result; `value` is the headline figure in `currency`."""

    method: str
    currency: str
    value: Decimal
    formula: str
    inputs: dict
    rows: list[dict]
    sources: list[FigureSource]

    def to_dict(self) -> dict:
        return plain(self)

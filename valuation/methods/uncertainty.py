"""Distributions of uncertain inputs for Monte Carlo and the ranges of the tornado chart.

{"distribution": "triangular", "low": "…", "mode": "…", "high": "…"}
{"distribution": "uniform", "low": "…", "high": "…"}
{"distribution": "normal", "mean": "…", "sd": "…"}      (draws below `floor` are set to `floor`)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs

KINDS = ("triangular", "uniform", "normal")
# A normal input's tornado bar spans its 5th to 95th percentile: mean ± 1.6449 sd.
NORMAL_P95_Z = Decimal("1.6449")


@dataclass(frozen=True)
class Distribution:
    kind: str
    low: Decimal
    high: Decimal
    mode: Decimal | None = None
    mean_value: Decimal | None = None
    sd: Decimal | None = None
    floor: Decimal = Decimal(0)

    def mean(self) -> Decimal:
        if self.kind == "triangular":
            assert self.mode is not None
            return (self.low + self.mode + self.high) / 3
        if self.kind == "uniform":
            return (self.low + self.high) / 2
        assert self.mean_value is not None
        return self.mean_value

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        if self.kind == "triangular":
            if self.low == self.high:
                return np.full(size, float(self.low))
            return rng.triangular(float(self.low), float(self.mode or self.low), float(self.high), size)
        if self.kind == "uniform":
            return rng.uniform(float(self.low), float(self.high), size)
        draws = rng.normal(float(self.mean_value or 0), float(self.sd or 0), size)
        return np.maximum(draws, float(self.floor))


def parse_distribution(data: object, path: str, *, floor: Decimal = Decimal(0)) -> Distribution:
    spec = inputs.mapping(data, path)
    kind = inputs.choice(spec, "distribution", KINDS, path)
    if kind == "normal":
        mean = inputs.number(spec, "mean", path)
        sd = inputs.number(spec, "sd", path, minimum=Decimal(0))
        spread = sd * NORMAL_P95_Z
        return Distribution(
            kind, max(mean - spread, floor), mean + spread, mean_value=mean, sd=sd, floor=floor
        )
    low = inputs.number(spec, "low", path, minimum=floor)
    high = inputs.number(spec, "high", path)
    mode = inputs.number(spec, "mode", path) if kind == "triangular" else None
    ordered = low <= high if mode is None else low <= mode <= high
    if not ordered:
        raise InvalidInput(
            _("%(field)s must have low ≤ mode ≤ high.") % {"field": path}
            if mode is not None
            else _("%(field)s must have low ≤ high.") % {"field": path},
            field=path,
        )
    return Distribution(kind, low, high, mode=mode, floor=floor)

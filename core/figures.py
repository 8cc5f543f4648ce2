"""Published reference figures (figures.json) with the operator's overrides on top.

Every engine asks for a figure by its dotted key and gets the value together with its source, so that
each computed result can say where its inputs came from.
"""

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import NotFound


@dataclass(frozen=True)
class Figure:
    key: str
    value: Any
    source: str


@functools.cache
def published() -> dict:
    """figures.json as shipped beside the platform; empty when the file is absent."""
    try:
        return json.loads(settings.FIGURES_PATH.read_text(), parse_float=Decimal)
    except FileNotFoundError:
        return {}


def _nearest_source(document: dict, parts: list[str]) -> str:
    node: Any = document
    source = ""
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            break
        source = node.get("source", source) if isinstance(node.get("source"), str) else source
        node = node[part]
        if isinstance(node, dict) and isinstance(node.get("source"), str):
            source = node["source"]
    return source


def figure(key: str) -> Figure:
    """The figure at `key` (dots separate levels): an operator override if set, else the published one."""
    from core.models import FigureSetting

    override = FigureSetting.objects.filter(key=key).first()
    if override is not None:
        return Figure(key, override.value, override.source)
    parts = key.split(".")
    node: Any = published()
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            raise NotFound(
                _(
                    "The figure %(key)s is not set: point IPHARBOUR_FIGURES at figures.json "
                    "or set it in the back office."
                )
                % {"key": key}
            )
        node = node[part]
    return Figure(key, node, _nearest_source(published(), parts))


PHASE_TRANSITIONS = ("phase1_to_phase2", "phase2_to_phase3", "phase3_to_filing", "filing_to_approval")


@dataclass(frozen=True)
class PhaseTransitionFigures:
    """One published table of clinical phase-transition probabilities for one indication group."""

    dataset: str
    group: str
    rates: dict[str, Decimal]
    likelihood_of_approval: Decimal | None
    source: str


def phase_transition_tables() -> list[PhaseTransitionFigures]:
    """Every indication group in figures.json that has all four phase-transition rates, in file order."""
    datasets = published().get("phase_transition_probabilities", {})
    tables: list[PhaseTransitionFigures] = []
    for dataset, block in datasets.items():
        if not isinstance(block, dict):
            continue
        for group, rates in block.items():
            if not isinstance(rates, dict) or not all(key in rates for key in PHASE_TRANSITIONS):
                continue
            tables.append(
                PhaseTransitionFigures(
                    dataset=dataset,
                    group=group,
                    rates={key: Decimal(str(rates[key])) for key in PHASE_TRANSITIONS},
                    likelihood_of_approval=(
                        Decimal(str(rates["likelihood_of_approval_from_phase1"]))
                        if "likelihood_of_approval_from_phase1" in rates
                        else None
                    ),
                    source=str(block.get("source", "")),
                )
            )
    return tables

"""Resolving the figures a model leaves out: the phase-transition table of its indication group (the
operator's table, else figures.json), the default tax rate and the published royalty-rate ranges."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from core.figures import figure, phase_transition_tables
from valuation.methods import drug
from valuation.methods.results import FigureSource
from valuation.models import PhaseTransitionTable

DEFAULT_GROUP = "all_indications"
TAX_RATE_KEY = "hong_kong_tax.profits_tax_corporation_standard_rate.value"
STAGE_ROYALTY_KEY = "licensing_royalty_rates.by_development_stage"
ROYALTY_RANGE_KEY = "licensing_royalty_rates.therapeutics_range"


def phase_table(group: str, dataset: str | None = None) -> drug.PhaseTable | None:
    """The operator's table for the group (its default first), else the first published one, else None."""
    rows = PhaseTransitionTable.objects.filter(indication_group=group)
    if dataset:
        rows = rows.filter(dataset=dataset)
    row = rows.order_by("-is_default", "id").first()
    if row is not None:
        return drug.PhaseTable(row.dataset, row.indication_group, row.rates(), row.source)
    for table in phase_transition_tables():
        if table.group == group and (not dataset or table.dataset == dataset):
            return drug.PhaseTable(table.dataset, table.group, table.rates, table.source)
    return None


def indication_groups() -> list[str]:
    stored = set(PhaseTransitionTable.objects.values_list("indication_group", flat=True))
    return sorted(stored | {table.group for table in phase_transition_tables()})


def _optional_figure(key: str) -> FigureSource | None:
    try:
        found = figure(key)
    except NotFound:
        return None
    return FigureSource(found.key, found.value, found.source)


def tax_rate() -> FigureSource | None:
    return _optional_figure(TAX_RATE_KEY)


def royalty_figures() -> tuple[dict[str, FigureSource], tuple[FigureSource, FigureSource] | None]:
    stages: dict[str, FigureSource] = {}
    block = _optional_figure(STAGE_ROYALTY_KEY)
    if block is not None and isinstance(block.value, dict):
        for stage, value in block.value.items():
            if isinstance(value, int | float | Decimal):
                stages[stage] = FigureSource(f"{STAGE_ROYALTY_KEY}.{stage}", value, block.source)
    low, high = _optional_figure(f"{ROYALTY_RANGE_KEY}.low"), _optional_figure(f"{ROYALTY_RANGE_KEY}.high")
    return stages, (low, high) if low and high else None


def load_drug_model(data: object, *, today: datetime.date | None = None) -> drug.DrugModel:
    """Parse a full drug model, filling its probabilities and tax rate from the figures it names."""
    group, dataset = DEFAULT_GROUP, None
    if isinstance(data, dict):
        group = data.get("indication_group") or DEFAULT_GROUP
        dataset = data.get("probability_table") or None
        if not isinstance(group, str) or (dataset is not None and not isinstance(dataset, str)):
            raise InvalidInput(
                _("indication_group and probability_table must be text."), field="indication_group"
            )
    table = phase_table(group, dataset)
    if table is None and isinstance(data, dict) and (data.get("indication_group") or dataset):
        raise InvalidInput(
            _("No phase-transition table for %(group)s; known groups: %(groups)s.")
            % {"group": group, "groups": ", ".join(indication_groups()) or "—"},
            field="indication_group",
        )
    return drug.parse_drug_model(data, phase_table=table, tax_rate=tax_rate(), today=today)

"""Comparable deals kept by the operator, and the market approach drawing on them.

A market-approach input may name the recorded deals it uses instead of (or besides) listing them:

    "market": {"currency": "USD", "comparables": [...],
               "from_table": {"indication_group": "oncology", "phase": "phase2", "deal_type": "licence",
                              "since": "2020-01-01", "fx_rates": {"CNY": "0.14"},
                              "adjustments": [{"factor": "territory", "multiplier": "0.5", "reason": "…"}]}}

Each matching deal becomes a comparable with the common adjustments; recording a new deal revalues the
drafts whose filters it matches.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from valuation.methods import inputs
from valuation.models import ComparableDeal, Valuation, ValuationRun

FILTERS = ("indication_group", "phase", "deal_type", "modality")


def _table_spec(spec: dict) -> dict | None:
    table = spec.get("from_table")
    if table is None:
        return None
    table = inputs.mapping(table, "from_table")
    known = (*FILTERS, "since", "fx_rates", "adjustments")
    unknown = [key for key in table if key not in known]
    if unknown:
        raise InvalidInput(
            _("from_table.%(key)s is not a filter; use one of: %(keys)s.")
            % {"key": unknown[0], "keys": ", ".join(known)},
            field="from_table",
        )
    return table


def matching_deals(table: dict) -> QuerySet[ComparableDeal]:
    deals = ComparableDeal.objects.all()
    for name in FILTERS:
        if table.get(name):
            deals = deals.filter(**{f"{name}__iexact": str(table[name])})
    if table.get("since"):
        deals = deals.filter(date__gte=inputs.date(table, "since", "from_table"))
    return deals.order_by("date", "id")


def _as_comparable(deal: ComparableDeal, table: dict, currency: str) -> dict:
    row: dict[str, Any] = {**deal.as_comparable(), "adjustments": list(table.get("adjustments") or [])}
    if deal.currency != currency:
        rates = inputs.mapping(table.get("fx_rates", {}), "from_table.fx_rates")
        if deal.currency not in rates:
            raise InvalidInput(
                _("from_table.fx_rates needs the rate of %(currency)s to %(target)s (deal: %(deal)s).")
                % {"currency": deal.currency, "target": currency, "deal": deal.title},
                field="from_table.fx_rates",
            )
        row["fx_rate"] = rates[deal.currency]
    return row


def with_recorded_deals(spec: dict) -> dict:
    """The market inputs with the recorded deals their filters name added to the listed comparables."""
    table = _table_spec(spec)
    if table is None:
        return spec
    currency = inputs.currency(spec)
    recorded = [_as_comparable(deal, table, currency) for deal in matching_deals(table)]
    listed = inputs.sequence(spec.get("comparables", []), "comparables")
    rest = {key: value for key, value in spec.items() if key != "from_table"}
    return {**rest, "comparables": [*listed, *recorded]}


def _uses(valuation: Valuation, deal: ComparableDeal) -> bool:
    table = ((valuation.inputs or {}).get("market") or {}).get("from_table")
    if not isinstance(table, dict):
        return False
    try:
        return matching_deals(table).filter(pk=deal.pk).exists()
    except InvalidInput:
        return False


def deal_recorded(deal: ComparableDeal, *, by: User) -> int:
    """Record the event of a new comparable deal and queue the drafts that draw on it; returns how many."""
    from valuation.tasks import queue_revaluation

    record_event(deal, "comparable_deal.recorded", actor=by, title=deal.title, value=str(deal.deal_value))
    drafts = Valuation.objects.filter(
        status=Valuation.Status.DRAFT, inputs__market__has_key="from_table"
    ).only("pk", "inputs", "methods")
    queued = 0
    for valuation in drafts.iterator():
        if "market" in valuation.methods and _uses(valuation, deal):
            queue_revaluation(valuation, trigger=ValuationRun.Trigger.COMPARABLE_RECORDED)
            queued += 1
    return queued


@transaction.atomic
def record_comparable_deal(*, by: User, **fields: Any) -> ComparableDeal:
    """The operator records a licence or sale of a comparable asset (with its source)."""
    if not by.is_staff:
        raise Forbidden(_("Only the operator records comparable deals."))
    deal = ComparableDeal(**fields)
    deal.full_clean()
    deal.save()
    deal_recorded(deal, by=by)
    return deal

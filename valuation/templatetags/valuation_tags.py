"""Template tags other apps' pages use to show valuations, through Valuation.objects.visible_to only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from accounts.permissions import can_edit_for
from core.formatting import format_number
from valuation.models import Valuation, ValuationRun
from valuation.sparkline import sparkline

register = template.Library()
HISTORY_RUNS = 24


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("valuation/_asset_values_panel.html", takes_context=True)
def asset_values(context, asset) -> dict:
    """The latest final valuation's range and the values over time that the viewer may see.

    Nothing is shown to someone who can see no valuation of the asset and cannot start one, so that a
    page does not even tell them whether a valuation exists."""
    user = _user(context)
    visible = Valuation.objects.visible_to(user).filter(asset=asset)
    latest_final = visible.filter(status=Valuation.Status.FINAL).order_by("-finalised_at", "-id").first()
    latest = latest_final or visible.order_by("-created_at", "-id").first()
    can_value = bool(user) and asset.owner is not None and can_edit_for(user, asset.owner)
    if latest is None and not can_value:
        return {"show": False}
    runs = []
    if latest is not None:
        same_currency = visible.filter(currency=latest.currency).values("pk")
        runs = list(
            ValuationRun.objects.filter(valuation__in=same_currency)
            .select_related("valuation")
            .order_by("-ran_at", "-id")[:HISTORY_RUNS]
        )[::-1]
    return {
        "show": True,
        "asset": asset,
        "final": latest_final,
        "latest": latest,
        "runs": runs,
        "chart": sparkline([r.point for r in runs], [r.low for r in runs], [r.high for r in runs]),
        "can_value": can_value,
        "count": visible.count(),
    }


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


@register.filter
def amount(value, places: int = 2) -> str:
    """A decimal string of a result as money: rounded, with thousands separators (display only)."""
    return format_number(value, int(places))


@register.filter
def percent(value, places: int = 1) -> str:
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{(number * 100).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)} %"


@register.filter
def is_negative(value) -> bool:
    number = _decimal(value)
    return number is not None and number < 0


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""

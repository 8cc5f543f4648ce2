"""Term sheets as data: parsing and checking a version, the royalty it yields, the diff of two versions,
and the form the valuation engine reads. Pure functions; amounts are Decimal strings with the currency."""

from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput
from core.formatting import format_number
from core.money import CURRENCIES, check_currency, to_decimal
from listings import territories
from listings.choices import DealType

EXCLUSIVITY = ("exclusive", "sole", "non_exclusive")
MILESTONE_KINDS = ("development", "regulatory", "sales")
# Events the valuation engine times (valuation.methods.deals.EVENTS); others are kept but not valued.
ENGINE_EVENTS = ("phase1_start", "phase2_start", "phase3_start", "filing", "approval", "first_sale")
STEP_DOWN_TRIGGERS = ("patent_expiry", "generic_entry", "biosimilar_entry", "royalty_stacking", "other")
MAX_ITEMS = 30
HUNDRED = Decimal(100)


def _amount(value: Any, field: str, *, places: int = 2, maximum: Decimal | None = None) -> str:
    try:
        number = to_decimal(value if value not in (None, "") else "0", field=field)
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=field) from None
    if number < 0 or (maximum is not None and number > maximum) or number >= Decimal(10) ** 16:
        raise InvalidInput(_("%(field)s is out of range.") % {"field": field}, field=field)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise InvalidInput(_("%(field)s has too many decimal places.") % {"field": field}, field=field)
    return str(number.quantize(Decimal(1).scaleb(-places)))


def _percent(value: Any, field: str) -> str:
    return _amount(value, field, places=3, maximum=HUNDRED)


def _items(data: dict, key: str) -> list[dict]:
    rows = data.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InvalidInput(_("%(field)s must be a list of objects.") % {"field": key}, field=key)
    if len(rows) > MAX_ITEMS:
        raise InvalidInput(_("%(field)s has too many entries.") % {"field": key}, field=key)
    return rows


def _milestones(data: dict, places: int) -> list[dict]:
    result = []
    for n, row in enumerate(_items(data, "milestones")):
        where = f"milestones[{n}]"
        kind = row.get("kind", "development")
        if kind not in MILESTONE_KINDS:
            raise InvalidInput(
                _("%(field)s: unknown kind %(kind)s.") % {"field": where, "kind": kind}, field=where
            )
        event = str(row.get("event") or "").strip()[:80]
        if not event:
            raise InvalidInput(_("%(field)s: name the event.") % {"field": where}, field=where)
        item = {
            "kind": kind,
            "event": event,
            "amount": _amount(row.get("amount"), f"{where}.amount", places=places),
        }
        if kind == "sales":
            item["threshold"] = _amount(row.get("threshold"), f"{where}.threshold", places=places)
        result.append(item)
    return result


def _tiers(data: dict, places: int) -> list[dict]:
    tiers = []
    for n, row in enumerate(_items(data, "royalty_tiers")):
        where = f"royalty_tiers[{n}]"
        tier = {
            "from": _amount(row.get("from"), f"{where}.from", places=places),
            "rate": _percent(row.get("rate"), f"{where}.rate"),
        }
        if row.get("to") not in (None, ""):
            tier["to"] = _amount(row.get("to"), f"{where}.to", places=places)
            if Decimal(tier["to"]) <= Decimal(tier["from"]):
                raise InvalidInput(
                    _("%(field)s ends where it starts or before.") % {"field": where}, field="royalty_tiers"
                )
        tiers.append(tier)
    check_tiers(tiers)
    return tiers


def check_tiers(tiers: list[dict]) -> None:
    """Tiers follow one another on net sales without overlapping or leaving a gap; only the last is open."""
    for n, (tier, following) in enumerate(pairwise(tiers)):
        start, next_start = Decimal(tier["from"]), Decimal(following["from"])
        end = Decimal(tier["to"]) if "to" in tier else None
        if next_start <= start or end is None or end > next_start:
            raise InvalidInput(
                _("Royalty tiers %(a)d and %(b)d overlap: each tier must end where the next begins.")
                % {"a": n + 1, "b": n + 2},
                field="royalty_tiers",
            )
        if end < next_start:
            raise InvalidInput(
                _("Royalty tiers %(a)d and %(b)d leave a gap in net sales.") % {"a": n + 1, "b": n + 2},
                field="royalty_tiers",
            )


def _step_downs(data: dict) -> list[dict]:
    result = []
    for n, row in enumerate(_items(data, "step_downs")):
        trigger = row.get("trigger")
        if trigger not in STEP_DOWN_TRIGGERS:
            raise InvalidInput(
                _("step_downs[%(n)d]: unknown trigger %(t)s.") % {"n": n, "t": trigger}, field="step_downs"
            )
        result.append(
            {"trigger": trigger, "reduction": _percent(row.get("reduction"), f"step_downs[{n}].reduction")}
        )
    return result


def _text(data: dict, key: str, limit: int = 2000) -> str:
    return str(data.get(key) or "").strip()[:limit]


def _years(data: dict, key: str, *, required: bool) -> int | None:
    value = data.get(key)
    if value in (None, "") and not required:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or not str(value).isdigit()
        or not 1 <= int(value) <= 99
    ):
        raise InvalidInput(
            _("%(field)s must be a whole number of years from 1 to 99.") % {"field": key}, field=key
        )
    return int(value)


def _whole(data: dict, key: str, default: int, allowed) -> int:
    """A whole number among `allowed` (the reporting cadence), or the usual default when not given."""
    value = data.get(key)
    if value is None or value == "":
        return default
    text = str(value)
    if isinstance(value, bool) or not text.isdigit() or int(text) not in allowed:
        raise InvalidInput(_("%(field)s is not an accepted value.") % {"field": key}, field=key)
    return int(text)


def parse_terms(data: Any, *, default_currency: str = "USD") -> dict:
    """The checked, normalised terms of one version; anything wrong is refused with the field named."""
    if not isinstance(data, dict):
        raise InvalidInput(_("The terms must be a JSON object."))
    currency = check_currency(data.get("currency") or default_currency)
    places = CURRENCIES[currency]
    deal_type = data.get("deal_type")
    if deal_type not in DealType.values:
        raise InvalidInput(_("Unknown deal type: %(type)s") % {"type": deal_type}, field="deal_type")
    exclusivity = data.get("exclusivity") or "non_exclusive"
    if exclusivity not in EXCLUSIVITY:
        raise InvalidInput(
            _("Exclusivity must be one of: %(allowed)s.") % {"allowed": ", ".join(EXCLUSIVITY)},
            field="exclusivity",
        )
    assets = data.get("assets") or []
    if (
        not isinstance(assets, list)
        or not assets
        or not all(isinstance(a, int) and not isinstance(a, bool) for a in assets)
    ):
        raise InvalidInput(_("Name the assets by their registry ids."), field="assets")
    return {
        "deal_type": deal_type,
        "assets": sorted(set(assets)),
        "field_of_use": _text(data, "field_of_use", 300),
        "territories": territories.clean(data.get("territories")),
        "excluded_territories": territories.clean(
            data.get("excluded_territories"), field="excluded_territories"
        ),
        "exclusivity": exclusivity,
        "currency": currency,
        "upfront": _amount(data.get("upfront"), "upfront", places=places),
        "milestones": _milestones(data, places),
        "royalty_tiers": _tiers(data, places),
        "step_downs": _step_downs(data),
        "royalty_floor": _percent(data.get("royalty_floor"), "royalty_floor"),
        "sublicensing_share": _percent(data.get("sublicensing_share"), "sublicensing_share"),
        "equity": _percent(data.get("equity"), "equity"),
        "grant_back": _text(data, "grant_back"),
        "diligence": _text(data, "diligence"),
        "termination": _text(data, "termination"),
        "term_years": _years(data, "term_years", required=True),
        "report_period_months": _whole(data, "report_period_months", 3, (1, 3, 6, 12)),
        "report_due_days": _whole(data, "report_due_days", 60, range(1, 181)),
        "milestone_payment_days": _whole(data, "milestone_payment_days", 30, range(1, 181)),
        "royalty_years": _years(data, "royalty_years", required=False),
    }


def effective_rate(rate: Decimal, terms: dict, applied: list[str]) -> Decimal:
    """A tier's rate after the step-downs that apply (each reduces it by its share), never below the floor."""
    reduced = rate
    for step in terms.get("step_downs", []):
        if step["trigger"] in applied:
            reduced = reduced * (1 - Decimal(step["reduction"]) / HUNDRED)
    floor = Decimal(terms.get("royalty_floor") or 0)
    return max(reduced, min(floor, rate))


def royalty_on(net_sales: Decimal, terms: dict, applied: list[str]) -> tuple[Decimal, list[dict]]:
    """The royalty on net sales by marginal tiers, with one row per tier (base, rate applied, royalty)."""
    tiers = terms.get("royalty_tiers", [])
    rows, total = [], Decimal(0)
    for n, tier in enumerate(tiers):
        start = Decimal(tier["from"])
        end = (
            Decimal(tier["to"])
            if "to" in tier
            else (Decimal(tiers[n + 1]["from"]) if n + 1 < len(tiers) else None)
        )
        base = max(Decimal(0), (net_sales if end is None else min(net_sales, end)) - start)
        rate = effective_rate(Decimal(tier["rate"]), terms, applied)
        royalty = base * rate / HUNDRED
        total += royalty
        rows.append(
            {
                "from": str(start),
                "to": str(end) if end is not None else "",
                "base": str(base),
                "rate": str(rate),
                "royalty": str(royalty),
            }
        )
    return total, rows


def engine_sheet(terms: dict) -> tuple[dict, list[str]]:
    """The term sheet as valuation.methods.deals reads it, and what the engine does not model."""
    milestones, skipped = [], []
    for row in terms["milestones"]:
        if row["kind"] == "sales":
            milestones.append(
                {"event": "annual_sales", "amount": row["amount"], "threshold": row["threshold"]}
            )
        elif row["event"] in ENGINE_EVENTS:
            milestones.append({"event": row["event"], "amount": row["amount"]})
        else:
            skipped.append(_("milestone “%(event)s” (no timing in the model)") % {"event": row["event"]})
    if terms["step_downs"] or Decimal(terms["royalty_floor"]):
        skipped.append(_("royalty step-downs and floor"))
    if Decimal(terms["sublicensing_share"]):
        skipped.append(_("sublicensing share"))
    sheet = {
        "upfront": terms["upfront"],
        "milestones": milestones,
        "royalty_tiers": [
            {"from": t["from"], "rate": str(Decimal(t["rate"]) / HUNDRED)} for t in terms["royalty_tiers"]
        ],
        "royalty_years": terms["royalty_years"],
        "payments_tax_deductible": True,
    }
    return sheet, skipped


LABELS = {
    "deal_type": gettext_lazy("Deal type"),
    "assets": gettext_lazy("Assets"),
    "field_of_use": gettext_lazy("Field of use"),
    "territories": gettext_lazy("Territories"),
    "excluded_territories": gettext_lazy("Excluded territories"),
    "exclusivity": gettext_lazy("Exclusivity"),
    "currency": gettext_lazy("Currency"),
    "upfront": gettext_lazy("Upfront payment"),
    "milestones": gettext_lazy("Milestones"),
    "royalty_tiers": gettext_lazy("Royalty tiers"),
    "step_downs": gettext_lazy("Royalty step-downs"),
    "royalty_floor": gettext_lazy("Royalty floor (%)"),
    "sublicensing_share": gettext_lazy("Sublicensing share (%)"),
    "equity": gettext_lazy("Equity (%)"),
    "grant_back": gettext_lazy("Grant-back"),
    "diligence": gettext_lazy("Diligence obligations"),
    "termination": gettext_lazy("Termination"),
    "term_years": gettext_lazy("Term (years)"),
    "royalty_years": gettext_lazy("Royalty term (years)"),
    "report_period_months": gettext_lazy("Royalty report period (months)"),
    "report_due_days": gettext_lazy("Days to file a royalty report"),
    "milestone_payment_days": gettext_lazy("Days to pay a milestone"),
}


# Terms whose values are amounts of money: shown with their digits grouped, as everywhere else.
AMOUNT_KEYS = frozenset({"upfront", "amount", "threshold", "from", "to"})


def _readable(key: str, value: Any) -> str:
    return format_number(value) if key in AMOUNT_KEYS and value not in (None, "") else str(value)


def describe(key: str, value: Any) -> str:
    """A readable one-line form of a term's value (amounts with their digits grouped)."""
    if isinstance(value, list):
        if not value:
            return "—"
        if all(isinstance(v, dict) for v in value):
            return "; ".join(", ".join(f"{k} {_readable(k, v)}" for k, v in row.items()) for row in value)
        return ", ".join(str(v) for v in value)
    return "—" if value in (None, "") else _readable(key, value)


def diff(before: dict, after: dict) -> list[dict]:
    """Each term that differs between two versions, with both readable values."""
    rows = []
    for key in LABELS:
        if before.get(key) != after.get(key):
            rows.append(
                {
                    "term": key,
                    "label": str(LABELS[key]),
                    "before": describe(key, before.get(key)),
                    "after": describe(key, after.get(key)),
                }
            )
    return rows

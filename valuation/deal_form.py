"""A licence term sheet as an HTML form: upfront, milestones, tiered royalties, royalty term."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from valuation.methods.deals import EVENTS

MILESTONE_ROWS = 6
TIER_ROWS = 4
EVENT_LABELS = {
    "phase1_start": _("Start of phase 1"),
    "phase2_start": _("Start of phase 2"),
    "phase3_start": _("Start of phase 3"),
    "filing": _("Filing"),
    "approval": _("Approval"),
    "first_sale": _("First sale"),
    "annual_sales": _("Yearly sales reach a threshold"),
}


def _amount(label, **options) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_digits=20, decimal_places=2, **options)


class TermSheetForm(forms.Form):
    upfront = _amount(_("Upfront payment"), required=False)
    royalty_years = forms.IntegerField(
        label=_("Royalty term (years of sales)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Blank: royalties run while the patent gives exclusivity."),
    )
    payments_tax_deductible = forms.BooleanField(
        label=_("The licensee deducts the payments from its taxable profit"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = [("", "—")] + [(event, EVENT_LABELS[event]) for event in EVENTS]
        for row in range(MILESTONE_ROWS):
            self.fields[f"m{row}_event"] = forms.ChoiceField(label=_("Event"), choices=events, required=False)
            self.fields[f"m{row}_amount"] = _amount(_("Amount"), required=False)
            self.fields[f"m{row}_threshold"] = _amount(_("Sales threshold"), required=False)
        for row in range(TIER_ROWS):
            self.fields[f"t{row}_from"] = _amount(_("Yearly sales from"), required=False)
            self.fields[f"t{row}_rate"] = forms.DecimalField(
                label=_("Royalty rate"),
                min_value=Decimal(0),
                max_value=Decimal(1),
                max_digits=7,
                decimal_places=5,
                required=False,
            )

    def milestone_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [
            (self[f"m{r}_event"], self[f"m{r}_amount"], self[f"m{r}_threshold"])
            for r in range(MILESTONE_ROWS)
        ]

    def tier_rows(self) -> list[tuple[forms.BoundField, ...]]:
        return [(self[f"t{r}_from"], self[f"t{r}_rate"]) for r in range(TIER_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(MILESTONE_ROWS):
            event, amount = data.get(f"m{row}_event"), data.get(f"m{row}_amount")
            if bool(event) != (amount is not None):
                self.add_error(f"m{row}_amount", _("Give both the event and the amount, or neither."))
            if event == "annual_sales" and data.get(f"m{row}_threshold") is None:
                self.add_error(f"m{row}_threshold", _("A sales milestone needs its threshold."))
        for row in range(TIER_ROWS):
            if (data.get(f"t{row}_from") is None) != (data.get(f"t{row}_rate") is None):
                self.add_error(f"t{row}_rate", _("Give both where the tier starts and its rate, or neither."))
        return data

    def term_sheet(self) -> dict:
        data = self.cleaned_data
        milestones = []
        for row in range(MILESTONE_ROWS):
            if data.get(f"m{row}_event"):
                milestone = {"event": data[f"m{row}_event"], "amount": _text(data[f"m{row}_amount"])}
                if data[f"m{row}_event"] == "annual_sales":
                    milestone["threshold"] = _text(data[f"m{row}_threshold"])
                milestones.append(milestone)
        tiers = [
            {"from": _text(data[f"t{row}_from"]), "rate": _text(data[f"t{row}_rate"])}
            for row in range(TIER_ROWS)
            if data.get(f"t{row}_from") is not None
        ]
        sheet: dict[str, Any] = {
            "upfront": _text(data.get("upfront") or Decimal(0)),
            "milestones": milestones,
        }
        sheet["royalty_tiers"] = tiers
        if data.get("royalty_years") is not None:
            sheet["royalty_years"] = data["royalty_years"]
        sheet["payments_tax_deductible"] = bool(data.get("payments_tax_deductible"))
        return sheet

    def field_for(self, path: str | None) -> str | None:
        """deal.term_sheet.milestones[2].amount → m2_amount; deal.term_sheet.upfront → upfront."""
        path = (path or "").removeprefix("deal.term_sheet").lstrip(".")
        for prefix, key in (("milestones[", "m"), ("royalty_tiers[", "t")):
            if path.startswith(prefix):
                row = int(path[len(prefix) : path.index("]")])
                name = path.split(".")[-1] if "." in path else ""
                field = f"{key}{row}_{name}"
                return field if field in self.fields else None
        return path if path in self.fields else None


def initial_from_term_sheet(sheet: dict) -> dict:
    initial: dict[str, Any] = {
        name: sheet.get(name) for name in ("upfront", "royalty_years", "payments_tax_deductible")
    }
    for row, milestone in enumerate((sheet.get("milestones") or [])[:MILESTONE_ROWS]):
        if isinstance(milestone, dict):
            initial |= {f"m{row}_{key}": milestone.get(key) for key in ("event", "amount", "threshold")}
    for row, tier in enumerate((sheet.get("royalty_tiers") or [])[:TIER_ROWS]):
        if isinstance(tier, dict):
            initial |= {f"t{row}_from": tier.get("from"), f"t{row}_rate": tier.get("rate")}
    return initial


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")

"""Expiry of a right from the statutory term rules, the dates on the record and recorded extensions."""

from datetime import date, timedelta

from django.db.models import F

from assets.models import Asset, PatentTermRule


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def load_rules() -> list[PatentTermRule]:
    """All rules, newest first within an office and type; bulk importers load them once."""
    # NULLS LAST explicitly: PostgreSQL puts NULLs first in a descending order, SQLite last, and the
    # open-ended rule (no start date) must come after the dated ones on both.
    newest_first = F("applies_to_filings_from").desc(nulls_last=True)
    return list(PatentTermRule.objects.order_by("jurisdiction", "kind", newest_first))


def term_rule(asset: Asset, rules: list[PatentTermRule] | None = None) -> PatentTermRule | None:
    """The rule for the asset's office and type, the most recent one that applies to its filing date."""
    rules = load_rules() if rules is None else rules
    filed = asset.application_date
    for jurisdiction in (asset.jurisdiction, "*"):
        for rule in rules:
            if rule.jurisdiction != jurisdiction or rule.kind != asset.kind:
                continue
            starts = rule.applies_to_filings_from
            if starts is None or (filed is not None and filed >= starts):
                return rule
    return None


def compute_expiry(asset: Asset, rules: list[PatentTermRule] | None = None) -> tuple[date | None, str]:
    """The expiry date and a one-line explanation of how it was found."""
    if asset.kind in {Asset.Kind.TRADE_SECRET, Asset.Kind.COPYRIGHT}:
        return None, "no fixed term for this type"
    rule = term_rule(asset, rules)
    if rule is None:
        return None, f"no term rule for {asset.jurisdiction} {asset.kind}"
    start = asset.application_date if rule.counted_from == "application" else asset.grant_date
    if start is None:
        return None, f"the {rule.counted_from} date is not on record"
    expiry = _add_years(start, rule.years) + timedelta(days=asset.term_extension_days)
    explanation = f"{rule.years} years from the {rule.counted_from} date {start} ({rule.source})"
    if asset.term_extension_days:
        explanation += f" + {asset.term_extension_days} days recorded extension"
    return expiry, explanation

"""Filters for amounts and numbers: {% load numbers %} … {{ fee|money:currency }}, {{ count|number }}."""

from django import template

from core.formatting import format_money, format_number

register = template.Library()


@register.filter
def money(value, currency: str = "") -> str:
    """An amount (or a Money) with thousands separators and its currency, in the reader's language."""
    return format_money(value, currency)


@register.filter
def number(value, places=None) -> str:
    """A number with thousands separators in the reader's locale, rounded to `places` when given."""
    return format_number(value, None if places in (None, "") else int(places))

"""Limits shared by every entry point: model fields carry them as validators (so forms show them), and
services run them through `check_fields` (so the API, the command line and imports meet the same ones)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidInput

EARLIEST_DATE = date(1900, 1, 1)  # older than any patent or trial in force or on record here
YEARS_AHEAD = 100  # past any patent term, licence or offer that is still to come
LONG_TEXT = 20_000  # characters: the longest abstract, summary or note a person writes
OFFER_YEARS_AHEAD = 10  # years: how far ahead an offer or a need may say it is valid


@deconstructible
class DateRange:
    """A date between `EARLIEST_DATE` and `years_ahead` years after today.

    Year 1 and year 9999 parse as dates but break arithmetic (a patent's term added to 9999-12-31 overflows)
    and are never meant."""

    def __init__(self, years_ahead: int = YEARS_AHEAD):
        self.years_ahead = years_ahead

    def latest(self) -> date:
        today = timezone.localdate()
        return today.replace(year=today.year + self.years_ahead, day=min(today.day, 28))

    def __call__(self, value: date | None) -> None:
        if value is None:
            return
        if not EARLIEST_DATE <= value <= self.latest():
            message = _("Give a date between %(earliest)s and %(latest)s.")
            params = {"earliest": EARLIEST_DATE.isoformat(), "latest": self.latest().isoformat()}
            raise ValidationError(message, code="date_range", params=params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRange) and other.years_ahead == self.years_ahead

    def __hash__(self) -> int:
        return hash(self.years_ahead)


plausible_date = DateRange()
"""A date on a record: an application, a grant, an event, a valuation."""

offer_date = DateRange(years_ahead=OFFER_YEARS_AHEAD)
"""How long an offer or a request stays valid: at most ten years ahead."""

long_text = MaxLengthValidator(LONG_TEXT)
"""For a TextField, whose max_length Django shows in forms but never checks."""


def check_fields(instance: models.Model, names: Iterable[str]) -> None:
    """Run the validators of the named fields (lengths, date ranges, choices, not-null) and raise
    `InvalidInput` naming the first field that fails, so a service refuses what a form would refuse."""
    names = set(names)
    exclude = [
        f.name for f in instance._meta.concrete_fields if f.name not in names and f.attname not in names
    ]
    try:
        _check_not_null(instance, names)
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        label = str(getattr(instance._meta.get_field(field), "verbose_name", field))
        raise InvalidInput(f"{label}: {' '.join(messages)}", field=field) from error


def _check_not_null(instance: models.Model, names: set[str]) -> None:
    # clean_fields() skips empty values of blank fields, None included, which the database then refuses.
    for field in instance._meta.concrete_fields:
        if field.name in names and not field.null and getattr(instance, field.attname) is None:
            message = field.error_messages["null"]
            raise ValidationError({field.name: [message]}, code="null")


def form_text(value: str, field: str) -> str:
    """A text field of an API upload's form (read without a Django form or the JSON check at the door),
    refused when it holds a NUL character, which PostgreSQL can neither store nor compare."""
    if "\x00" in value:
        raise InvalidInput(_("%(field)s contains a NUL character.") % {"field": field}, field=field)
    return value

"""The date limits of core.validators for the dates a financing step is given (a disbursement, a payment,
a licence's end …): year 1 or 9999 would break the schedule's arithmetic, so they are refused as bad input."""

import datetime

from django.core.exceptions import ValidationError

from core.errors import InvalidInput
from core.validators import DateRange, plausible_date


def check_date(value: datetime.date | None, field: str, rule: DateRange = plausible_date) -> None:
    """Refuse a date outside `rule` (by default 1900 to a hundred years ahead), naming the field."""
    try:
        rule(value)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field=field) from None

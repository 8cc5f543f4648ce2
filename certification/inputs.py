"""Cleaning of free text and claim names, shared by the services; errors name their field."""

from django.utils.translation import gettext as _

from certification.models import Claim
from core.errors import InvalidInput

MAX_TEXT = 5000


def clean_text(value: str, *, field: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > limit:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return value


def clean_claim(value: str) -> str:
    if value not in Claim.values:
        raise InvalidInput(_("Unknown claim: %(claim)s") % {"claim": value or "—"}, field="claims")
    return value

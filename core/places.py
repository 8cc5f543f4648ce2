"""Names of countries and patent offices in the reader's language, for codes shown to people (search
facets name "Singapore", "新加坡", never "SG"). Country names come from django-countries' translations;
regional and international patent offices, which are not countries, are named here."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

OFFICES = {
    "EP": _("European Patent Office"),
    "WO": _("International application (PCT)"),
    "EA": _("Eurasian Patent Office"),
    "AP": _("African Regional IP Organization"),
    "OA": _("African Intellectual Property Organization"),
    "GC": _("GCC Patent Office"),
}


def place_name(code: str) -> str:
    """The name of a country or patent office in the active language; an unknown code as it is."""
    code = (code or "").upper()
    if code in OFFICES:
        return str(OFFICES[code])
    return str(countries.name(code)) or code

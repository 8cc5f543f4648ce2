"""Territories a listing offers and a need asks for: ISO 3166 country codes plus named groupings.

An empty list, or "WW", means worldwide. Groupings expand to their members so that a listing for ASEAN
meets a need for Singapore. The operator may redefine a grouping with the figure setting
"marketplace.territory_groups.<CODE>" (a list of country codes), e.g. when a market joins.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput

WORLDWIDE = "WW"
# Membership as published by each body; sources beside each grouping.


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


GROUPS: dict[str, frozenset[str]] = {
    # ASEAN Secretariat, member states (Timor-Leste admitted as the eleventh member in October 2025).
    "ASEAN": _codes("BN KH ID LA MY MM PH SG TH VN TL"),
    # Charter of the Cooperation Council for the Arab States of the Gulf (1981), Art. 1.
    "GCC": _codes("AE BH KW OM QA SA"),
    # Belt and Road markets the exchange serves first (DESIGN.md: South-East Asia and the Middle East),
    # with Central and South Asian partners; a working selection, not the full list of signatories.
    "BRI": _codes(
        "BN KH ID LA MY MM PH SG TH VN TL AE BH KW OM QA SA EG IQ JO TR KZ UZ KG TJ TM PK BD LK NP"
    ),
    # Treaty on European Union, member states since 2020.
    "EU": _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"),
    # Outline Development Plan for the Guangdong-Hong Kong-Macao Greater Bay Area (2019).
    "GBA": _codes("CN HK MO"),
}
LABELS = {
    WORLDWIDE: gettext_lazy("Worldwide"),
    "ASEAN": gettext_lazy("ASEAN"),
    "GCC": gettext_lazy("Gulf Cooperation Council"),
    "BRI": gettext_lazy("Belt and Road markets"),
    "EU": gettext_lazy("European Union"),
    "GBA": gettext_lazy("Greater Bay Area"),
    "CN": gettext_lazy("Mainland China"),
    "HK": gettext_lazy("Hong Kong"),
    "MO": gettext_lazy("Macao"),
}
MAINLAND = frozenset({"CN"})
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def group_table() -> dict[str, frozenset[str]]:
    """Every grouping with its members, the operator's overrides applied (one query)."""
    from core.models import FigureSetting

    table = dict(GROUPS)
    prefix = "marketplace.territory_groups."
    for key, value in FigureSetting.objects.filter(key__startswith=prefix).values_list("key", "value"):
        code = key.removeprefix(prefix).upper()
        if code in GROUPS and isinstance(value, list):
            table[code] = frozenset(str(c).upper() for c in value)
    return table


def clean(codes: list[str] | str | None, *, field: str = "territories") -> list[str]:
    """Upper-cased, de-duplicated codes in the given order; unknown shapes are refused."""
    if isinstance(codes, str):
        codes = [part for part in re.split(r"[\s,;]+", codes) if part]
    result: list[str] = []
    for raw in codes or []:
        code = str(raw).strip().upper()
        if code != WORLDWIDE and code not in GROUPS and not _COUNTRY.match(code):
            raise InvalidInput(
                _("Unknown territory: %(code)s (country codes, or ASEAN, GCC, BRI, EU, GBA, WW).")
                % {"code": code or "—"},
                field=field,
            )
        if code not in result:
            result.append(code)
    return [] if WORLDWIDE in result else result


def expand(codes: list[str], table: dict[str, frozenset[str]] | None = None) -> frozenset[str]:
    """Country codes covered; the empty set stands for worldwide."""
    if not codes or WORLDWIDE in codes:
        return frozenset()
    table = table if table is not None else group_table()
    countries: set[str] = set()
    for code in codes:
        countries |= table.get(code, {code})
    return frozenset(countries)


def overlap(first: list[str], second: list[str]) -> bool:
    """Whether two territory lists share any country (worldwide overlaps everything)."""
    table = group_table()
    a, b = expand(first, table), expand(second, table)
    return not a or not b or bool(a & b)


def index_codes(codes: list[str], table: dict[str, frozenset[str]] | None = None) -> set[str]:
    """The codes under which a listing is found: what it declares, its groupings' members, and the
    groupings that contain a declared country."""
    if not codes:
        return {WORLDWIDE}
    table = table if table is not None else group_table()
    found = set(codes) | set(expand(codes, table))
    found |= {name for name, members in table.items() if members & found}
    return found


def label(code: str) -> str:
    return str(LABELS.get(code, code))


def describe(codes: list[str]) -> str:
    return ", ".join(label(c) for c in codes) if codes else str(LABELS[WORLDWIDE])


def is_mainland_only(codes: list[str]) -> bool:
    return bool(codes) and expand(codes) <= MAINLAND

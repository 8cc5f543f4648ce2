"""The due-diligence checklist a room starts with, per deal type; the registry's evidence is linked in."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from listings.choices import LICENCES, TRANSFERS

COMMON = [
    ("chain_of_title", _("Chain of title and recorded encumbrances")),
    ("validity_opinion", _("Validity opinion")),
    ("fto_opinion", _("Freedom-to-operate opinion")),
]
PHARMA = [
    ("cmc", _("CMC: chemistry, manufacturing and controls")),
    ("preclinical", _("Pre-clinical data")),
    ("clinical", _("Clinical data")),
    ("regulatory", _("Regulatory status and correspondence")),
    ("trial_registry", _("Trial registry entries")),
]
TRANSFER = [("corporate_approvals", _("Corporate and state-asset approvals for the transfer"))]
LICENCE = [("existing_licences", _("Existing licences and sublicences"))]


# Each code's title, translated when shown: a room's items keep the English title they started with.
TITLES: dict[str, Promise] = dict(COMMON + PHARMA + TRANSFER + LICENCE)


def items_for(deal_type: str) -> list[tuple[str, Promise]]:
    """(code, title) rows for a deal type: the common legal items, the pharma data, and what the type adds."""
    rows: list[tuple[str, Promise]] = list(COMMON)
    if deal_type in LICENCES:
        rows += LICENCE
    if deal_type in TRANSFERS:
        rows += TRANSFER
    return rows + PHARMA


def asset_ids_in(link: str) -> list[int]:
    """The assets a stored registry link points to ("/assets/12/ /assets/15/")."""
    return [int(part) for part in link.replace("/", " ").split() if part.isdigit()]


def registry_link(code: str, asset_ids: list[int]) -> str:
    """Where the registry's own evidence for an item is: the asset pages (chain of title, attestations)."""
    if code in {"chain_of_title", "validity_opinion", "clinical", "trial_registry"} and asset_ids:
        return " ".join(f"/assets/{pk}/" for pk in asset_ids[:5])
    return ""

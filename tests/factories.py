"""Small builders for test data; the registry's own services are used wherever a rule is involved."""

from datetime import date

from assets.models import Asset
from assets.services import refresh_derived


def make_asset(owner=None, *, number="CN123456789A", visibility="public", **fields) -> Asset:
    defaults = {
        "kind": "invention",
        "jurisdiction": "CN",
        "title": "Anti-PD-1 antibody for nasopharyngeal carcinoma",
        "abstract": "A humanised antibody against PD-1.",
        "application_date": date(2020, 1, 15),
        "holder_name": owner.name if owner else "Someone Else Ltd",
        "legal_status": "granted",
        "confidential_notes": "SECRET-NOTE-42",
        "cpc_codes": ["A61K39/395", "A61P35/00"],
    }
    defaults.update(fields)
    asset = Asset(owner=owner, number=number, visibility=visibility, **defaults)
    refresh_derived(asset)
    asset.save()
    return asset

"""Derived fields kept on the asset row for search and faceting."""

from assets.models import Asset
from core.languages import fold


def search_text_of(asset: Asset, translations: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    """Everything a person may type to find the asset, folded (case, width, Chinese script)."""
    names = [
        p.get("name", "")
        for p in (*asset.applicants, *asset.assignees, *asset.inventors)
        if isinstance(p, dict)
    ]
    parts = [
        asset.number,
        asset.publication_number,
        asset.application_number,
        asset.grant_number,
        asset.title,
        asset.abstract,
        asset.holder_name,
        " ".join(names),
        " ".join(asset.cpc_codes),
        " ".join(asset.ipc_codes),
        *(f"{title} {abstract}" for title, abstract in translations),
    ]
    return fold(" ".join(p for p in parts if p))


def cpc_section_of(codes: list[str]) -> str:
    return codes[0][:1].upper() if codes else ""

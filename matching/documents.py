"""Turning registry assets into the documents the engine indexes."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from assets.models import Asset
from matching.attributes import Attributes, indications_from_classes, modality_from_classes
from matching.encoder import MODEL_NAME, document_text


@dataclass
class Document:
    """One indexable thing: its id in its namespace, its text and its structured attributes."""

    id: int
    number: str
    title: str
    text: str  # all the words lexical search may match, originals and translations
    embed_text: str  # what the encoder reads
    attributes: Attributes
    owner_id: int | None = None
    searchable: bool = True
    # The registry's facet values ("jurisdiction=US", "phase=2" …), counted by the engine for searches.
    registry_facets: tuple[str, ...] = ()
    published: int = 0  # the publication date's ordinal (0: none), for the registry's newest-first order

    def content_hash(self) -> str:
        payload: list = [MODEL_NAME, self.number, self.text, self.embed_text, self.attributes.as_json()]
        payload += [self.owner_id, self.searchable]
        if self.registry_facets:
            payload.append(list(self.registry_facets))
        if self.published:
            payload.append(self.published)
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def asset_attributes(asset: Asset) -> Attributes:
    codes = list(asset.cpc_codes or []) + list(asset.ipc_codes or [])
    profile = getattr(asset, "biomedical", None) if _has_profile(asset) else None
    indications = frozenset(profile.indications.values_list("code", flat=True)) if profile else frozenset()
    modality = profile.modality if profile else ""
    derived = not (modality and indications)
    return Attributes(
        jurisdiction=asset.jurisdiction.upper(),
        modality=modality or modality_from_classes(codes),
        indications=indications or indications_from_classes(codes),
        phase=profile.phase if profile else None,
        territories=frozenset(_family_jurisdictions(asset)),
        derived=derived,
    )


def _has_profile(asset: Asset) -> bool:
    try:
        asset.biomedical  # noqa: B018 - the reverse one-to-one raises when there is none
    except Asset.biomedical.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False
    return True


def _family_jurisdictions(asset: Asset) -> list[str]:
    if asset.family_id is None:
        return [asset.jurisdiction.upper()]
    return [
        j.upper()
        for j in Asset.objects.filter(family_id=asset.family_id).values_list("jurisdiction", flat=True)
    ]


def asset_document(asset: Asset) -> Document:
    translations = list(asset.translations.values_list("title", "abstract"))
    names = " ".join(p.get("name", "") for p in (*asset.applicants, *asset.assignees) if isinstance(p, dict))
    words = [asset.title, asset.abstract, asset.holder_name, names, *_manager_names(asset)]
    words += [f"{title} {abstract}" for title, abstract in translations]
    profile_words = _profile_words(asset)
    return Document(
        id=asset.pk,
        number=asset.number,
        title=asset.title,
        text=" ".join(w for w in [*words, profile_words] if w),
        embed_text=document_text(asset.title, asset.abstract),
        attributes=asset_attributes(asset),
        owner_id=asset.owner_id,
        searchable=asset.visibility == Asset.Visibility.PUBLIC,
        registry_facets=registry_facets(asset),
        published=asset.publication_date.toordinal() if asset.publication_date else 0,
    )


def registry_facets(asset: Asset) -> tuple[str, ...]:
    """The values the registry search counts the asset under (`assets.search.FACETS`, as its GROUP BYs
    would: empty values left out), as "name=value" tokens."""
    values: list[tuple[str, object]] = [
        ("kind", asset.kind),
        ("jurisdiction", asset.jurisdiction),
        ("owner_country", asset.holder_country),
    ]
    values += [("cpc_section", c.section) for c in asset.classifications.all()]
    if _has_profile(asset):
        profile = asset.biomedical
        indications = list(profile.indications.all())
        values += [("indication", i.code) for i in indications]
        values += [("cancer", "any")] if any(i.is_cancer for i in indications) else []
        values += [("phase", profile.phase), ("modality", profile.modality)]
    return tuple(sorted({f"{name}={value}" for name, value in values if value not in ("", None)}))


def newest_key(published: int, doc_id: int) -> int:
    """The registry's newest-first order (publication date's ordinal, then id, both descending; no date
    last) as one number to sort on, as `assets.search.newest_key` computes it from a date."""
    return (published << 32) | (doc_id & 0xFFFFFFFF)


def registry_column(tokens: Iterable[str]) -> str:
    """Registry tokens as the documents table keeps them: separated by spaces, each token's own spaces and
    percent signs escaped (a value is stored as written: an imported jurisdiction or indication code may
    hold a space), so that splitting the column on spaces gives back whole tokens."""
    return " ".join(token.replace("%", "%25").replace(" ", "%20") for token in tokens)


def registry_token(stored: str) -> str:
    """A token of `registry_column` as the registry names it."""
    return unquote(stored)


def _manager_names(asset: Asset) -> list[str]:
    """The member organisation that manages the asset on the exchange, found by its current names."""
    owner = asset.owner if asset.owner_id else None
    return [owner.name, owner.name_local] if owner is not None else []


def _profile_words(asset: Asset) -> str:
    if not _has_profile(asset):
        return ""
    profile = asset.biomedical
    return " ".join(
        [profile.drug_name, profile.inn, " ".join(map(str, profile.targets)), profile.indications_text]
    )


def asset_documents(asset_ids: Iterable[int]) -> list[Document]:
    assets = Asset.objects.filter(pk__in=list(asset_ids)).select_related("biomedical", "owner")
    related = ("translations", "classifications", "biomedical__indications")
    return [asset_document(asset) for asset in assets.prefetch_related(*related)]

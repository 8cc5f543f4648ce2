"""Registry endpoints: parse → permission (visible_to) → one service call → schema."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from accounts.api import require_user
from accounts.models import Organisation
from accounts.permissions import can_edit_for
from assets import services
from assets.models import Asset
from assets.schemas import (
    AssetConfidentialOut,
    AssetIn,
    AssetOut,
    AssetPatch,
    LegalEventIn,
    LegalEventOut,
    SearchOut,
    TransferIn,
    TransferOut,
)
from assets.search import search_assets
from core.errors import InvalidInput

router = Router(tags=["assets"])


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    jurisdiction: str = ""
    cpc_section: str = ""
    indication: str = ""
    phase: str = ""
    modality: str = ""
    owner_country: str = ""
    page: int = 1
    per_page: int = 20
    facets: bool = True


@router.get("", response=SearchOut)
def search(request, params: Query[SearchParams]):
    if not 1 <= params.per_page <= 100:
        raise InvalidInput("per_page must be between 1 and 100.", field="per_page")
    if params.page < 1:
        raise InvalidInput("page must be 1 or more.", field="page")
    filters = params.dict(exclude={"q", "page", "per_page", "facets"})
    result = search_assets(
        user=request.user,
        query=params.q,
        filters=filters,
        page=params.page,
        per_page=params.per_page,
        language=get_language(),
        with_facets=params.facets,
    )
    return {
        "total": result.total,
        "page": result.page.number,
        "pages": result.page.paginator.num_pages,
        "items": list(result.page),
        "facets": result.facets,
    }


def _visible(request, asset_id: int) -> Asset:
    return get_object_or_404(Asset.objects.visible_to(request.user), pk=asset_id)


@router.get("/{asset_id}", response=AssetConfidentialOut | AssetOut)
def get_asset(request, asset_id: int):
    asset = _visible(request, asset_id)
    if asset.owner is not None and can_edit_for(request.user, asset.owner):
        return AssetConfidentialOut.from_orm(asset)
    return AssetOut.from_orm(asset)


@router.post("", response={201: AssetConfidentialOut})
def create_asset(request, payload: AssetIn):
    user = require_user(request)
    organisation = get_object_or_404(Organisation.objects.of_member(user), slug=payload.organisation)
    _check_choices(payload.dict())
    asset = services.create_asset(
        organisation=organisation, by=user, **payload.dict(exclude={"organisation"})
    )
    return 201, asset


@router.patch("/{asset_id}", response=AssetConfidentialOut)
def update_asset(request, asset_id: int, payload: AssetPatch):
    user = require_user(request)
    asset = _visible(request, asset_id)
    fields = payload.dict(exclude_unset=True)
    _check_choices(fields)
    return services.update_asset(asset=asset, by=user, **fields)


@router.post("/{asset_id}/legal-events", response={201: LegalEventOut})
def add_legal_event(request, asset_id: int, payload: LegalEventIn):
    user = require_user(request)
    asset = _visible(request, asset_id)
    return 201, services.add_legal_event(
        asset=asset,
        by=user,
        day=payload.date,
        effect=payload.effect,
        description=payload.description,
        extension_days=payload.extension_days,
    )


@router.post("/{asset_id}/transfers", response={201: TransferOut})
def record_transfer(request, asset_id: int, payload: TransferIn):
    user = require_user(request)
    asset = _visible(request, asset_id)
    to_org = None
    if payload.to_organisation:
        to_org = Organisation.objects.filter(slug=payload.to_organisation).first()
        if to_org is None:
            raise HttpError(422, "Unknown organisation: " + payload.to_organisation)
    return 201, services.record_transfer(
        asset=asset,
        by=user,
        day=payload.date,
        to_name=payload.to_name,
        to_organisation=to_org,
        kind=payload.kind,
        reference=payload.reference,
    )


def _check_choices(fields: dict) -> None:
    choices = {
        "kind": Asset.Kind.values,
        "visibility": Asset.Visibility.values,
        "legal_status": Asset.Status.values,
        "original_language": ["en", "zh-hant", "zh-hans", "other"],
    }
    for name, allowed in choices.items():
        if name in fields and fields[name] is not None and fields[name] not in allowed:
            raise InvalidInput(f"{name} must be one of: {', '.join(allowed)}.", field=name)

"""Registry endpoints: parse → permission (visible_to) → one service call → schema."""

from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts.api import require_user
from accounts.models import Organisation
from assets import services
from assets.models import Asset, ImportRun
from assets.schemas import (
    AssetDetailOut,
    AssetIn,
    AssetPatch,
    ImportReportOut,
    ImportRunOut,
    LegalEventIn,
    LegalEventOut,
    SearchOut,
    TransferIn,
    TransferOut,
)
from assets.search import search_assets
from core.bounds import Id
from core.errors import InvalidInput
from core.validators import form_text

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
    certified: str = Field("", description="A certified claim in force, e.g. validity, clinical_phase")
    cancer: str = Field("", description="'any': assets with at least one cancer among their indications")
    page: Id = 1
    per_page: int = Field(20, ge=1, le=100)
    facets: bool = True


@router.get("", response=SearchOut)
def search(request, params: Query[SearchParams]):
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
        "ranked": result.ranked,
        "items": list(result.page),
        "facets": result.facets,
        "index": result.index.as_dict(),
    }


@router.post("/imports", response={201: ImportReportOut}, tags=["imports"])
def import_portfolio(request, organisation: Form[str], file: File[UploadedFile]):
    """Import a filled portfolio template (CSV) as the organisation's assets; the report lists rejections."""
    from assets.importers.portfolio import import_portfolio as run_import

    user = require_user(request)
    slug = form_text(organisation, "organisation")
    owner = get_object_or_404(Organisation.objects.of_member(user), slug=slug)
    result = run_import(file, organisation=owner, user=user)
    return Status(201, result.as_dict())


@router.get("/imports", response=list[ImportRunOut], tags=["imports"])
@paginate
def list_imports(request):
    require_user(request)
    return ImportRun.objects.visible_to(request.user).select_related("organisation").order_by("-started_at")


def _visible(request, asset_id: Id) -> Asset:
    return get_object_or_404(Asset.objects.visible_to(request.user), pk=asset_id)


@router.get("/{asset_id}", response=AssetDetailOut)
def get_asset(request, asset_id: Id):
    return _visible(request, asset_id)


@router.post("", response={201: AssetDetailOut})
def create_asset(request, payload: AssetIn):
    user = require_user(request)
    organisation = get_object_or_404(Organisation.objects.of_member(user), slug=payload.organisation)
    _check_choices(payload.dict())
    fields = payload.dict(exclude={"organisation"})
    asset = services.create_asset(organisation=organisation, by=user, **fields)
    return Status(201, asset)


@router.patch("/{asset_id}", response=AssetDetailOut)
def update_asset(request, asset_id: Id, payload: AssetPatch):
    user = require_user(request)
    asset = _visible(request, asset_id)
    fields = payload.dict(exclude_unset=True)
    _check_choices(fields)
    return services.update_asset(asset=asset, by=user, **fields)


@router.post("/{asset_id}/legal-events", response={201: LegalEventOut})
def add_legal_event(request, asset_id: Id, payload: LegalEventIn):
    user = require_user(request)
    asset = _visible(request, asset_id)
    event = services.add_legal_event(
        asset=asset,
        by=user,
        day=payload.date,
        effect=payload.effect,
        description=payload.description,
        extension_days=payload.extension_days,
    )
    return Status(201, event)


@router.post("/{asset_id}/transfers", response={201: TransferOut})
def record_transfer(request, asset_id: Id, payload: TransferIn):
    user = require_user(request)
    asset = _visible(request, asset_id)
    to_org = None
    if payload.to_organisation:
        to_org = Organisation.objects.visible_to(user).filter(slug=payload.to_organisation).first()
        if to_org is None:
            message = _("Unknown organisation: %(slug)s") % {"slug": payload.to_organisation}
            raise InvalidInput(message, field="to_organisation")
    transfer = services.record_transfer(
        asset=asset,
        by=user,
        day=payload.date,
        to_name=payload.to_name,
        to_organisation=to_org,
        kind=payload.kind,
        reference=payload.reference,
    )
    return Status(201, transfer)


def _check_choices(fields: dict) -> None:
    choices = {
        "kind": Asset.Kind.values,
        "visibility": Asset.Visibility.values,
        "legal_status": Asset.Status.values,
        "original_language": ["en", "zh-hant", "zh-hans", "other"],
    }
    for name, allowed in choices.items():
        if name in fields and fields[name] is not None and fields[name] not in allowed:
            values = {"name": name, "allowed": ", ".join(allowed)}
            message = _("%(name)s must be one of: %(allowed)s.") % values
            raise InvalidInput(message, field=name)

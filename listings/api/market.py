"""Listing endpoints: public search, the listing, drafting, screening, the operator's decision, closing."""

import orjson
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from ninja.responses import NinjaJSONEncoder

from accounts.api import require_user
from accounts.models import AnyUser
from assets.models import Asset
from assets.search import snippet
from core.bounds import Id, Number
from core.errors import Forbidden, InvalidInput
from listings import matches, screening, services
from listings.api.common import own_organisation, visible_listing
from listings.indexing import current_generation
from listings.models import Listing
from listings.permissions import can_manage
from listings.schemas import (
    BuyerOut,
    CloseIn,
    ListingDetailOut,
    ListingIn,
    ListingPatch,
    ListingSummaryOut,
    ReasonIn,
    ScreeningOut,
    SearchOut,
)
from listings.search import bodies, response_key, search_listings

router = Router(tags=["marketplace"])


class SearchParams(Schema):
    q: str = ""
    deal_type: str = ""
    corridor: str = ""
    territory: str = ""
    modality: str = ""
    phase: str = ""
    indication: str = ""
    seller_country: str = ""
    cursor: str = ""
    per_page: Number = 20
    facets: bool = True


@router.get("", response=SearchOut, auth=None, summary="Search listings on the market")
def search(request, params: Query[SearchParams]):
    """Listings on the market that hold every word of `q` (in any of the three languages) and pass the
    filters: best matches first when there are words, newest first without. `next_cursor` continues."""
    # The same for every caller: kept rendered per search generation (see search.ResponseCache).
    language, generation = get_language(), current_generation()
    key = response_key("json", language, params.dict())
    body = bodies.get(generation, key)
    if body is None:
        filters = params.dict(exclude={"q", "cursor", "per_page", "facets"})
        result = search_listings(
            query=params.q,
            filters=filters,
            cursor=params.cursor,
            per_page=params.per_page,
            language=language,
            with_facets=params.facets,
            generation=generation,
        )
        # Written directly rather than through pydantic, which costs more than the search itself here,
        # from each card's JSON kept with the card; a test holds the body to the SearchOut schema.
        data = {
            "total": result.total,
            "next_cursor": result.next_cursor,
            "items": [orjson.Fragment(item_json(card, result.terms, language)) for card in result.listings],
            "facets": result.facets,
        }
        body = _kept(orjson.dumps(data))
        bodies.put(generation, key, body)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


_ENCODER = NinjaJSONEncoder()  # decimals as strings, datetimes as the other endpoints write them
_DATETIMES_AS_DJANGO = orjson.OPT_PASSTHROUGH_DATETIME  # to _ENCODER, not orjson's own format


def item_json(card, terms: tuple[str, ...] = (), language: str = "en") -> bytes:
    """A card as an item of the search body: the card serialised once per language (cards never change),
    and the stretch of its summary around the words matched (the registry's `snippet`, unmarked as
    there)."""
    found = card.rendered.get(("json", language))
    if found is None:
        data = card.as_json(language)
        written = orjson.dumps(data, default=_ENCODER.default, option=_DATETIMES_AS_DJANGO)
        found = card.rendered["json", language] = _kept(written)
    stretch = snippet(card.shown(language).summary, terms) if terms else ""
    return found[:-1] + b',"snippet":' + orjson.dumps(stretch) + b"}"  # the card's object, one key more


def _kept(written: bytes) -> bytes:
    # orjson's result keeps the room it was written in (4 KB or more): a copy of the size it needs, to keep.
    return bytes(memoryview(written))


@router.get("/mine", response=list[ListingSummaryOut], summary="Listings of my organisations, at every stage")
@paginate
def mine(request):
    user = require_user(request)
    return Listing.objects.of_seller(user).select_related("organisation").order_by("-updated_at", "-id")


@router.get("/review", response=list[ListingSummaryOut], summary="Submitted listings awaiting the operator")
@paginate
def review_queue(request):
    user = require_user(request)
    if not user.is_staff:
        raise Forbidden(_("Only the operator reviews listings."))
    return (
        Listing.objects.restrict(user)
        .filter(status=Listing.Status.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at")
    )


@router.get("/{int:listing_id}", response=ListingDetailOut, summary="One listing")
def get_listing(request, listing_id: Id):
    return visible_listing(request, listing_id)


def _assets(user: AnyUser, ids: list[int]) -> list[Asset]:
    found = {a.pk: a for a in Asset.objects.visible_to(user).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        message = _("Unknown assets: %(ids)s") % {"ids": ", ".join(map(str, missing[:10]))}
        raise InvalidInput(message, field="assets")
    return [found[i] for i in ids]


def _main(user: AnyUser, asset_id: int | None) -> Asset | None:
    if asset_id is None:
        return None
    found = Asset.objects.visible_to(user).filter(pk=asset_id).first()
    if found is None:
        raise InvalidInput(_("Unknown assets: %(ids)s") % {"ids": asset_id}, field="main_asset")
    return found


@router.post("", response={201: ListingDetailOut}, summary="Draft a listing")
def create_listing(request, payload: ListingIn):
    user = require_user(request)
    organisation = own_organisation(user, payload.organisation)
    fields = payload.dict(exclude={"organisation", "assets", "main_asset"})
    listing = services.create_listing(
        organisation=organisation,
        by=user,
        assets=_assets(user, payload.assets),
        main_asset=_main(user, payload.main_asset),
        **fields,
    )
    return Status(201, listing)


@router.patch("/{int:listing_id}", response=ListingDetailOut, summary="Change a draft")
def update_listing(request, listing_id: Id, payload: ListingPatch):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    fields = payload.dict(exclude_unset=True, exclude={"assets", "main_asset", "translations"})
    fields["translations"] = [t.dict() for t in payload.translations or []]
    assets = _assets(user, payload.assets) if payload.assets is not None else None
    main = _main(user, payload.main_asset)
    return services.update_listing(listing=listing, by=user, assets=assets, main_asset=main, **fields)


@router.post(
    "/{int:listing_id}/submit", response=ListingDetailOut, summary="Screen and submit to the operator"
)
def submit(request, listing_id: Id):
    user = require_user(request)
    return services.submit_listing(listing=visible_listing(request, listing_id), by=user)


@router.get(
    "/{int:listing_id}/screening", response=ScreeningOut, summary="The last screening (seller, operator)"
)
def get_screening(request, listing_id: Id):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    if not can_manage(user, listing):
        raise Forbidden(_("Only the seller and the operator see the screening."))
    checks = [dict(check, message=screening.message(check)) for check in listing.screening]
    return {"screened_at": listing.screened_at, "checks": checks}


@router.post("/{int:listing_id}/approve", response=ListingDetailOut, summary="Publish (operator)")
def approve(request, listing_id: Id):
    user = require_user(request)
    return services.approve_listing(listing=visible_listing(request, listing_id), by=user)


@router.post("/{int:listing_id}/reject", response=ListingDetailOut, summary="Reject with a reason (operator)")
def reject(request, listing_id: Id, payload: ReasonIn):
    user = require_user(request)
    listing = services.reject_listing(
        listing=visible_listing(request, listing_id), by=user, reason=payload.reason
    )
    return listing


@router.post("/{int:listing_id}/close", response=ListingDetailOut, summary="Close: deal done or withdrawn")
def close(request, listing_id: Id, payload: CloseIn):
    user = require_user(request)
    if payload.outcome == Listing.Outcome.EXPIRED:
        raise InvalidInput(_("Listings expire by themselves."), field="outcome")
    listing = visible_listing(request, listing_id)
    return services.close_listing(listing=listing, by=user, outcome=payload.outcome, note=payload.note)


@router.get(
    "/{int:listing_id}/organisations", response=list[BuyerOut], summary="Organisations likely to want it"
)
def likely_buyers(request, listing_id: Id):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    if not can_manage(user, listing):
        raise Forbidden(_("Only the seller and the operator see likely buyers."))
    rows = matches.organisations_for_listing(listing, user=user)
    return [
        {
            "organisation": row["organisation"].slug,
            "name": row["organisation"].name,
            "score": row["score"],
            "reasons": row["reasons"],
            "needs": [need.pk for need in row["needs"]],
        }
        for row in rows
    ]

"""Lead and open-licence endpoints: express interest, accept or decline, take a licence, pledgee consent."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accounts.api import require_user
from assets.models import Encumbrance
from core.bounds import Id
from core.errors import Forbidden
from listings import open_licence, services
from listings.api.common import own_organisation, visible_listing
from listings.models import Interest, OpenLicenceGrant
from listings.schemas import ConsentIn, ConsentOut, GrantOut, InterestIn, InterestOut, NoteIn, OpenLicenceIn

router = Router()


@router.get("/leads", response=list[InterestOut], summary="Leads received and sent by my organisations")
@paginate
def leads(request):
    user = require_user(request)
    return (
        Interest.objects.visible_to(user)
        .select_related("listing", "organisation")
        .order_by("-created_at", "-id")
    )


@router.post("/{int:listing_id}/interests", response={201: InterestOut}, summary="Express interest")
def express_interest(request, listing_id: Id, payload: InterestIn):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    organisation = own_organisation(user, payload.organisation)
    interest = services.express_interest(
        listing=listing, organisation=organisation, by=user, message=payload.message
    )
    return Status(201, interest)


@router.get("/{int:listing_id}/interests", response=list[InterestOut], summary="Leads on a listing")
def listing_interests(request, listing_id: Id):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    return Interest.objects.visible_to(user).filter(listing=listing).select_related("listing", "organisation")


def _decide(request, interest_id: Id, accept: bool, note: str) -> Interest:
    user = require_user(request)
    interest = get_object_or_404(Interest.objects.visible_to(user), pk=interest_id)
    return services.decide_interest(interest=interest, by=user, accept=accept, note=note)


@router.post("/leads/{int:interest_id}/accept", response=InterestOut, summary="Accept a lead (seller)")
def accept(request, interest_id: Id, payload: NoteIn):
    return _decide(request, interest_id, True, payload.note)


@router.post("/leads/{int:interest_id}/decline", response=InterestOut, summary="Decline a lead (seller)")
def decline(request, interest_id: Id, payload: NoteIn):
    return _decide(request, interest_id, False, payload.note)


@router.post("/{int:listing_id}/open-licences", response={201: GrantOut}, summary="Take an open licence")
def take_open_licence(request, listing_id: Id, payload: OpenLicenceIn):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    organisation = own_organisation(user, payload.organisation)
    grant = open_licence.take_open_licence(
        listing=listing, organisation=organisation, by=user, payment_reference=payload.payment_reference
    )
    return Status(201, grant)


@router.get("/{int:listing_id}/open-licences", response=list[GrantOut], summary="Open licences granted")
def grants(request, listing_id: Id):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    found = OpenLicenceGrant.objects.visible_to(user).filter(listing=listing).select_related("organisation")
    return found.prefetch_related("encumbrances")


@router.post("/{int:listing_id}/pledgee-consents", response={201: ConsentOut}, summary="Pledgee consents")
def consent(request, listing_id: Id, payload: ConsentIn):
    user = require_user(request)
    listing = visible_listing(request, listing_id)
    pledge = Encumbrance.objects.filter(pk=payload.encumbrance, asset__listing_items__listing=listing).first()
    if pledge is None:
        raise Forbidden(_("This is not a pledge of an asset in the listing."))
    record = open_licence.record_pledgee_consent(
        listing=listing, encumbrance=pledge, by=user, reference=payload.reference
    )
    return Status(201, record)

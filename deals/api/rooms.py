"""Rooms, their members and state, the valuation model, and the NDA."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accounts.api import require_user
from accounts.models import Organisation, User
from core.bounds import Id, Small
from core.errors import InvalidInput
from deals.api import serialize
from deals.api.common import room_for
from deals.models import DealRoom, Nda, NdaTemplate, RoomMember
from deals.permissions import seat_of
from deals.services import nda as ndas
from deals.services import room as rooms
from listings.models import Listing

router = Router(tags=["deals"])


class RoomIn(Schema):
    seller: str
    buyer: str
    listing: Id | None = None
    deal_type: str = ""


class StatusIn(Schema):
    action: str
    note: str = ""


class MemberIn(Schema):
    email: str
    role: str
    organisation: str = ""


class ModelIn(Schema):
    model: dict[str, Any]


class NdaIn(Schema):
    governing_law: str = ndas.DEFAULT_LAW
    term_months: Small = 36
    template: Id | None = None


class SignIn(Schema):
    sha256: str = ""


@router.get("/rooms", response=list[dict[str, Any]], summary="Deal rooms I sit in")
def list_rooms(request):
    user = require_user(request)
    found = DealRoom.objects.visible_to(user).select_related("seller", "buyer").order_by("-created_at")[:200]
    return [serialize.room(room) for room in found]


@router.post("/rooms", response={201: dict[str, Any]}, summary="Invite an organisation into a room (seller)")
def open_room(request, payload: RoomIn):
    user = require_user(request)
    seller = Organisation.objects.of_member(user).filter(slug=payload.seller).first()
    approved = Organisation.objects.visible_to(user).filter(status=Organisation.Status.APPROVED)
    buyer = approved.filter(slug=payload.buyer).first()
    if seller is None or buyer is None:
        raise InvalidInput(_("Name your own organisation as seller and an approved organisation as buyer."))
    listing = None
    if payload.listing is not None:
        listing = get_object_or_404(Listing.objects.visible_to(user), pk=payload.listing)
    found = rooms.invite_organisation(
        seller=seller, buyer=buyer, by=user, listing=listing, deal_type=payload.deal_type
    )
    return Status(201, serialize.room(found, detail=True))


class LicenseeIn(Schema):
    organisation: str


@router.post(
    "/open-licences/{int:listing_id}/rooms",
    response={201: dict[str, Any]},
    summary="Ask for more than the open licence",
)
def open_licensee_room(request, listing_id: Id, payload: LicenseeIn):
    user = require_user(request)
    listing = get_object_or_404(Listing.objects.visible_to(user), pk=listing_id)
    organisation = Organisation.objects.of_member(user).filter(slug=payload.organisation).first()
    if organisation is None:
        raise InvalidInput(_("You are not a member of this organisation."), field="organisation")
    found = rooms.open_room_for_open_licensee(listing=listing, organisation=organisation, by=user)
    return Status(201, serialize.room(found, detail=True))


@router.get("/rooms/{int:room_id}", response=dict[str, Any], url_name="deals_room", summary="A room")
def get_room(request, room_id: Id):
    user, found = room_for(request, room_id)
    seat = seat_of(user, found)
    return {**serialize.room(found, detail=True), "my_seat": serialize.member(seat) if seat else None}


@router.post("/rooms/{int:room_id}/status", response=dict[str, Any], summary="Pause, resume, close or reopen")
def change_status(request, room_id: Id, payload: StatusIn):
    user, found = room_for(request, room_id)
    return serialize.room(rooms.change_status(room=found, by=user, action=payload.action, note=payload.note))


@router.post("/rooms/{int:room_id}/members", response={201: dict[str, Any]}, summary="Seat a person")
def add_member(request, room_id: Id, payload: MemberIn):
    user, found = room_for(request, room_id)
    person = User.objects.filter(email__iexact=payload.email.strip()).first()
    if person is None:
        raise InvalidInput(_("No member of the exchange has this e-mail address."), field="email")
    organisation = None
    if payload.organisation:
        approved = Organisation.objects.visible_to(user).filter(status=Organisation.Status.APPROVED)
        organisation = approved.filter(slug=payload.organisation).first()
        if organisation is None:
            raise InvalidInput(_("Unknown organisation."), field="organisation")
    seat = rooms.add_member(room=found, by=user, user=person, role=payload.role, organisation=organisation)
    return Status(201, serialize.member(seat))


class RoleIn(Schema):
    role: str


@router.patch(
    "/rooms/{int:room_id}/members/{int:member_id}", response=dict[str, Any], summary="Change a role"
)
def change_role(request, room_id: Id, member_id: Id, payload: RoleIn):
    user, found = room_for(request, room_id)
    seat = get_object_or_404(RoomMember.objects.visible_to(user), room=found, pk=member_id)
    return serialize.member(rooms.change_role(member=seat, by=user, role=payload.role))


@router.put(
    "/rooms/{int:room_id}/valuation-model", response=dict[str, Any], summary="Drug model for valuing terms"
)
def set_model(request, room_id: Id, payload: ModelIn):
    user, found = room_for(request, room_id)
    return serialize.room(rooms.set_valuation_model(room=found, by=user, model=payload.model), detail=True)


def _nda(found: DealRoom) -> dict[str, Any]:
    nda = getattr(found, "nda", None)
    if nda is None:
        return {"prepared": False, "signatures": []}
    return {
        "prepared": True,
        "text": nda.text,
        "sha256": nda.text_sha256,
        "governing_law": nda.governing_law,
        "term_months": nda.term_months,
        "template": nda.template_id,
        "complete": found.nda_complete,
        "signatures": [
            {
                "side": s.side,
                "signatory": s.signer_name,
                "organisation": s.organisation.slug,
                "signed_at": s.signed_at.isoformat(),
                "sha256": s.text_sha256,
            }
            for s in nda.signatures.select_related("organisation")
        ],
    }


@router.get("/rooms/{int:room_id}/nda", response=dict[str, Any], summary="The room's NDA and its signatures")
def get_nda(request, room_id: Id):
    _user, found = room_for(request, room_id)
    return _nda(found)


@router.post("/rooms/{int:room_id}/nda", response={201: dict[str, Any]}, summary="Prepare the NDA (a lead)")
def prepare_nda(request, room_id: Id, payload: NdaIn):
    user, found = room_for(request, room_id)
    template = None
    if payload.template is not None:
        template = get_object_or_404(NdaTemplate.objects.visible_to(user), pk=payload.template)
    ndas.prepare_nda(
        room=found,
        by=user,
        template=template,
        governing_law=payload.governing_law,
        term_months=payload.term_months,
    )
    found.refresh_from_db()
    return Status(201, _nda(found))


@router.post("/rooms/{int:room_id}/nda/sign", response=dict[str, Any], summary="Sign the NDA (a signatory)")
def sign_nda(request, room_id: Id, payload: SignIn):
    user, found = room_for(request, room_id)
    ndas.sign_nda(room=found, by=user, text_sha256=payload.sha256)
    found.refresh_from_db()
    return _nda(found)


@router.get("/rooms/{int:room_id}/nda.pdf", summary="The NDA as PDF with its signatures")
def nda_pdf(request, room_id: Id):
    user, found = room_for(request, room_id)
    nda = get_object_or_404(Nda.objects.visible_to(user), room=found)
    response = HttpResponse(ndas.nda_pdf(nda), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nda-room-{found.pk}.pdf"'
    return response


@router.get("/nda-templates", response=list[dict[str, Any]], summary="NDA templates on offer")
def templates(request):
    user = require_user(request)
    return [
        {"id": t.pk, "name": t.name, "version": t.version, "second_language": t.second_language}
        for t in NdaTemplate.objects.visible_to(user)
    ]

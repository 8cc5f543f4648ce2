"""Opening a room, its members and its state: open ⇄ paused, closed without a deal (and reopened), signed.

A room opens when a seller accepts a lead (the marketplace calls `open_room_for_interest`), or when a seller
invites an organisation directly. Every step is an event.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.permissions import can_edit_for, role_in
from accounts.services import require_approved
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from deals import checklists
from deals.models import ChecklistItem, DealRoom, RoomMember
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import LEADING_ROLES, can_manage_members, seat_of
from listings.choices import DealType
from listings.models import Interest, Listing, OpenLicenceGrant

STATUS_CHANGES = {
    "pause": (DealRoom.Status.OPEN, DealRoom.Status.PAUSED),
    "resume": (DealRoom.Status.PAUSED, DealRoom.Status.OPEN),
    "close": (DealRoom.Status.OPEN, DealRoom.Status.CLOSED),
    "reopen": (DealRoom.Status.CLOSED, DealRoom.Status.OPEN),
}


def _seat(
    room: DealRoom, user: User, organisation: Organisation, side: str, role: str, by: User | None
) -> None:
    RoomMember.objects.get_or_create(
        room=room,
        user=user,
        defaults={
            "organisation": organisation,
            "side": side,
            "role": role,
            "is_adviser": organisation.pk not in (room.seller_id, room.buyer_id),
            "added_by": by,
        },
    )


def _admins(organisation: Organisation) -> list[User]:
    return [
        m.user for m in organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user")
    ]


def _asset_ids(listing: Listing | None) -> list[int]:
    return list(listing.items.values_list("asset_id", flat=True)) if listing else []


def _start_checklist(room: DealRoom) -> None:
    assets = _asset_ids(room.listing)
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                room=room,
                code=code,
                title=str(title),
                position=n,
                link=checklists.registry_link(code, assets),
            )
            for n, (code, title) in enumerate(checklists.items_for(room.deal_type))
        ]
    )


@transaction.atomic
def open_room(
    *,
    seller: Organisation,
    buyer: Organisation,
    by: User,
    deal_type: str,
    listing: Listing | None = None,
    interest: Interest | None = None,
    buyer_lead: User | None = None,
    title: str = "",
    currency: str = "",
) -> DealRoom:
    """A room for the seller and the buyer: the opener leads the seller's side, the buyer's lead (while it
    still acts for the buyer; else the buyer's administrators) the buyer's; the due-diligence checklist of
    the deal type is laid out. The room's currency is the listing's, else `currency` (e.g. a collateral
    sale's), else USD."""
    if not can_edit_for(by, seller):
        raise Forbidden(_("Only members of %(org)s can open a deal room for it.") % {"org": seller.name})
    require_approved(seller)
    return _create_room(
        seller=seller, buyer=buyer, by=by, deal_type=deal_type, listing=listing, interest=interest,
        buyer_leads=_buyer_leads(buyer, buyer_lead), seller_leads=[by], title=title, currency=currency,
    )  # fmt: skip


def _buyer_leads(buyer: Organisation, lead: User | None) -> list[User]:
    """The named lead while it still acts for the buyer (it may have left since it bid or asked), else the
    buyer's administrators."""
    return [lead] if lead is not None and can_edit_for(lead, buyer) else _admins(buyer)


def _create_room(
    *,
    seller: Organisation,
    buyer: Organisation,
    by: User,
    deal_type: str,
    listing: Listing | None,
    interest: Interest | None,
    buyer_leads: list[User],
    seller_leads: list[User],
    title: str = "",
    currency: str = "",
) -> DealRoom:
    if seller.pk == buyer.pk:
        raise InvalidInput(_("The seller and the buyer must be different organisations."), field="buyer")
    if not buyer.can_publish:
        raise InvalidInput(
            _("%(org)s is awaiting the operator's approval.") % {"org": buyer.name}, field="buyer"
        )
    if deal_type not in DealType.values:
        raise InvalidInput(_("Unknown deal type: %(type)s") % {"type": deal_type}, field="deal_type")
    room = DealRoom.objects.create(
        title=(title or (listing.title if listing else f"{seller.name} – {buyer.name}"))[:300],
        seller=seller,
        buyer=buyer,
        listing=listing,
        interest=interest,
        deal_type=deal_type,
        currency=listing.currency if listing else (currency or "USD"),
        created_by=by,
    )
    for user in seller_leads:
        if role_in(user, seller) is not None:
            _seat(room, user, seller, Side.SELLER, RoomMember.Role.LEAD, by)
    for user in buyer_leads:
        _seat(room, user, buyer, Side.BUYER, RoomMember.Role.LEAD, by)
    _start_checklist(room)
    record_event(room, "deal.room_opened", actor=by, seller=seller.pk, buyer=buyer.pk, deal_type=deal_type)
    notify_room(room, "room_opened", note=room.title, skip=by)
    return room


def open_room_for_interest(interest: Interest, by: User) -> DealRoom | None:
    """The marketplace's hook: an accepted lead opens a room (once) between the seller and the buyer."""
    if DealRoom.objects.filter(interest=interest).exists():
        return None
    listing = interest.listing
    return open_room(
        seller=listing.organisation,
        buyer=interest.organisation,
        by=by,
        deal_type=listing.deal_type,
        listing=listing,
        interest=interest,
        buyer_lead=interest.created_by,
    )


@transaction.atomic
def open_room_for_open_licensee(*, listing: Listing, organisation: Organisation, by: User) -> DealRoom:
    """An organisation holding an open licence under the listing asks for more than the standard terms:
    a room opens with the patentee, whose administrators lead its side."""
    if not can_edit_for(by, organisation):
        raise Forbidden(
            _("Only members of %(org)s can open a deal room for it.") % {"org": organisation.name}
        )
    if not OpenLicenceGrant.objects.filter(listing=listing, organisation=organisation).exists():
        raise Conflict(_("%(org)s holds no open licence under this listing.") % {"org": organisation.name})
    if (
        DealRoom.objects.filter(listing=listing, buyer=organisation)
        .exclude(status=DealRoom.Status.CLOSED)
        .exists()
    ):
        raise Conflict(_("A room for this listing is already open."))
    return _create_room(
        seller=listing.organisation, buyer=organisation, by=by, deal_type=DealType.NON_EXCLUSIVE_LICENCE,
        listing=listing, interest=None, buyer_leads=[by], seller_leads=_admins(listing.organisation),
    )  # fmt: skip


def invite_organisation(
    *,
    seller: Organisation,
    buyer: Organisation,
    by: User,
    listing: Listing | None = None,
    deal_type: str = "",
) -> DealRoom:
    """A seller invites an organisation (one a need or the likely-buyers list surfaced) into a room."""
    if listing is not None and listing.organisation_id != seller.pk:
        raise InvalidInput(_("The listing is not %(org)s's.") % {"org": seller.name}, field="listing")
    if listing is not None and not listing.is_public:
        raise Conflict(_("This listing is not on the market."), field="listing")
    kind = deal_type or (listing.deal_type if listing else "")
    return open_room(seller=seller, buyer=buyer, by=by, deal_type=kind, listing=listing)


@transaction.atomic
def add_member(
    *, room: DealRoom, by: User, user: User, role: str, organisation: Organisation | None = None
) -> RoomMember:
    """A side's lead seats one of its people, or an adviser from an organisation it invites (law firm,
    valuer, certifier, bank). Signatories must be able to act for their own organisation."""
    seat = seat_of(by, room)
    if seat is None or not can_manage_members(by, room, seat.side):
        raise Forbidden(_("Only a side's lead adds people to it."))
    side = seat.side
    organisation = organisation or room.organisation_of(side)
    if role not in RoomMember.Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role}, field="role")
    other = room.organisation_of(Side.BUYER if side == Side.SELLER else Side.SELLER)
    if organisation.pk == other.pk:
        raise InvalidInput(_("People of the other party are added by their own lead."), field="organisation")
    member_role = role_in(user, organisation)
    if member_role is None:
        raise InvalidInput(
            _("%(user)s is not a member of %(org)s.") % {"user": user, "org": organisation.name}, field="user"
        )
    adviser = organisation.pk != room.organisation_of(side).pk
    if role == RoomMember.Role.SIGNATORY and (adviser or member_role not in Membership.WRITING_ROLES):
        raise InvalidInput(_("A signatory must be able to act for the party itself."), field="role")
    if RoomMember.objects.filter(room=room, user=user).exists():
        raise Conflict(_("%(user)s is already in this room.") % {"user": user}, field="user")
    member = RoomMember.objects.create(
        room=room, user=user, organisation=organisation, side=side, role=role, is_adviser=adviser, added_by=by
    )
    record_event(room, "deal.member_added", actor=by, user=user.pk, side=side, role=role, adviser=adviser)
    notify_room(room, "member_added", note=f"{user} ({member.get_role_display()})", skip=by)
    return member


@transaction.atomic
def change_role(*, member: RoomMember, by: User, role: str) -> RoomMember:
    """A side's lead changes the role of one of its seats (its own included: a lead becomes the signatory)."""
    room = member.room
    if not can_manage_members(by, room, member.side):
        raise Forbidden(_("Only a side's lead changes roles on it."))
    if role not in RoomMember.Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role}, field="role")
    editor = role_in(member.user, member.organisation) in Membership.WRITING_ROLES
    if role == RoomMember.Role.SIGNATORY and (member.is_adviser or not editor):
        raise InvalidInput(_("A signatory must be able to act for the party itself."), field="role")
    member.role = role
    member.save(update_fields=["role"])
    record_event(room, "deal.member_role_changed", actor=by, user=member.user_id, role=role)
    return member


@transaction.atomic
def change_status(*, room: DealRoom, by: User, action: str, note: str = "") -> DealRoom:
    """Pause, resume, close without a deal, or reopen; a lead of either side decides."""
    seat = seat_of(by, room)
    if seat is None or seat.role not in LEADING_ROLES or seat.is_adviser:
        raise Forbidden(_("Only a lead changes the state of the room."))
    if action not in STATUS_CHANGES:
        raise InvalidInput(_("Unknown action: %(action)s") % {"action": action}, field="action")
    room = DealRoom.objects.select_for_update().get(pk=room.pk)
    before, after = STATUS_CHANGES[action]
    if room.status != before:
        raise Conflict(_("The room is %(status)s.") % {"status": room.get_status_display()})
    room.status = after
    room.save(update_fields=["status", "updated_at"])
    record_event(room, f"deal.room_{action}", actor=by, note=note.strip()[:500])
    notify_room(room, f"room_{action}", note=note, skip=by)
    return room


@transaction.atomic
def set_valuation_model(*, room: DealRoom, by: User, model: dict[str, Any]) -> DealRoom:
    """The drug model every term-sheet version is valued on (checked as the valuation engine reads it)."""
    from valuation.figures import load_drug_model

    seat = seat_of(by, room)
    if seat is None or seat.role == RoomMember.Role.OBSERVER:
        raise Forbidden(_("Your role in this room does not allow this."))
    if not isinstance(model, dict):
        raise InvalidInput(_("The model must be a JSON object."), field="model")
    load_drug_model(model)
    room.valuation_model = model
    room.save(update_fields=["valuation_model", "updated_at"])
    record_event(room, "deal.valuation_model_set", actor=by)
    return room

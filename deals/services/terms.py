"""Offers and counter-offers as numbered versions; accepting one locks the terms; each version valued."""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assets.models import Asset
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from deals import terms as term_rules
from deals.models import DealRoom, RoomMember, TermSheet
from deals.notify import notify_room
from deals.permissions import require_open, require_party_seat

OFFER_ROLES = (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY)


def locked_terms(room: DealRoom) -> TermSheet | None:
    return room.term_sheets.filter(status=TermSheet.Status.ACCEPTED).first()


def room_assets(room: DealRoom, ids: list[int]) -> list[Asset]:
    """The seller's assets named in the terms; another organisation's asset is refused."""
    found = list(Asset.objects.filter(pk__in=ids, owner=room.seller))
    if len(found) != len(set(ids)):
        raise InvalidInput(
            _("Every asset must be one of %(org)s's.") % {"org": room.seller.name}, field="assets"
        )
    return found


@transaction.atomic
def offer_terms(*, room: DealRoom, by: User, terms: dict[str, Any], note: str = "") -> TermSheet:
    """A new version offered by the user's side; earlier open versions are superseded."""
    seat = require_party_seat(by, room, OFFER_ROLES)
    require_open(room)
    room = DealRoom.objects.select_for_update().get(pk=room.pk)
    if locked_terms(room) is not None:
        raise Conflict(_("The terms are locked; amend the agreement instead."))
    cleaned = term_rules.parse_terms(terms, default_currency=room.currency)
    room_assets(room, cleaned["assets"])
    number = (room.term_sheets.aggregate(top=Max("number"))["top"] or 0) + 1
    room.term_sheets.filter(status=TermSheet.Status.OFFERED).update(status=TermSheet.Status.SUPERSEDED)
    sheet = TermSheet.objects.create(
        room=room, number=number, side=seat.side, terms=cleaned, note=note.strip()[:2000], offered_by=by
    )
    record_event(room, "deal.terms_offered", actor=by, version=number, side=seat.side)
    notify_room(room, "terms_offered", note=f"v{number}", skip=by)
    return sheet


@transaction.atomic
def accept_terms(*, sheet: TermSheet, by: User) -> TermSheet:
    """The other side accepts the latest offer; the terms are locked (checked against the registry first)."""
    from deals.services.recordal import check_recordal

    room = DealRoom.objects.select_for_update().get(pk=sheet.room_id)
    seat = require_party_seat(by, room, OFFER_ROLES)
    require_open(room)
    sheet = TermSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != TermSheet.Status.OFFERED:
        raise Conflict(_("Only the current offer can be accepted."))
    if seat.side == sheet.side:
        raise Forbidden(_("The other side accepts an offer, not the side that made it."))
    check_recordal(room, sheet.terms)
    sheet.status, sheet.accepted_by, sheet.accepted_at = TermSheet.Status.ACCEPTED, by, timezone.now()
    sheet.save(update_fields=["status", "accepted_by", "accepted_at"])
    room.currency = sheet.terms["currency"]
    room.save(update_fields=["currency", "updated_at"])
    record_event(room, "deal.terms_accepted", actor=by, version=sheet.number)
    notify_room(room, "terms_accepted", note=f"v{sheet.number}", skip=by)
    return sheet


def compare(first: TermSheet, second: TermSheet) -> list[dict]:
    return term_rules.diff(first.terms, second.terms)


def value_version(sheet: TermSheet) -> dict:
    """The version valued for both sides on the room's drug model, with the inputs shown; a note when the
    room has no model yet."""
    from valuation.calculator import calculate_deal

    model = sheet.room.valuation_model
    engine_terms, not_modelled = term_rules.engine_sheet(sheet.terms)
    if not model:
        return {
            "available": False,
            "reason": _("The room has no drug model to value the terms on yet."),
            "term_sheet": engine_terms,
        }
    result = calculate_deal(model, engine_terms)
    return {
        "available": True,
        "currency": model.get("currency", sheet.terms["currency"]),
        "licensor_value": result["licensor_value"],
        "licensee_value": result["licensee_value"],
        "asset_value": result["asset_value"],
        "term_sheet": engine_terms,
        "not_modelled": [str(item) for item in not_modelled],
        "model": model,
        "formula": result["result"].get("formula", ""),
    }

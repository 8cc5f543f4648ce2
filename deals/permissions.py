"""Small predicates about a person's seat in a room they can already see."""

from django.utils.translation import gettext as _

from accounts.models import AnyUser
from core.errors import Forbidden
from deals.models import DealRoom, RoomMember

ACTING_ROLES = (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY, RoomMember.Role.CLEAN_TEAM)
# A signatory leads as well: the party's authorised person may do everything its lead does, and sign.
LEADING_ROLES = (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY)


def seat_of(user: AnyUser, room: DealRoom) -> RoomMember | None:
    if not user.is_authenticated:
        return None
    return RoomMember.objects.filter(room=room, user=user).select_related("organisation").first()


def require_seat(user: AnyUser, room: DealRoom, roles: tuple[str, ...] = ACTING_ROLES) -> RoomMember:
    """The user's seat when its role is among `roles`; Forbidden otherwise (the room itself is visible)."""
    seat = seat_of(user, room)
    if seat is None or seat.role not in roles:
        raise Forbidden(_("Your role in this room does not allow this."))
    return seat


def require_party_seat(user: AnyUser, room: DealRoom, roles: tuple[str, ...] = ACTING_ROLES) -> RoomMember:
    """As require_seat, for steps only the parties' own people take (advisers do not sign or offer)."""
    seat = require_seat(user, room, roles)
    if seat.is_adviser:
        raise Forbidden(_("Advisers do not act for a party in this step."))
    return seat


def require_open(room: DealRoom) -> None:
    from core.errors import Conflict

    # Read the state afresh: the caller's copy may predate a pause or a close.
    room.status = DealRoom.objects.values_list("status", flat=True).get(pk=room.pk)
    if room.status != DealRoom.Status.OPEN:
        raise Conflict(
            _("The room is %(status)s; nothing can be done in it now.")
            % {"status": room.get_status_display()}
        )


def can_manage_members(user: AnyUser, room: DealRoom, side: str) -> bool:
    seat = seat_of(user, room)
    return seat is not None and seat.side == side and seat.role in LEADING_ROLES and not seat.is_adviser

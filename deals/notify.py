"""In-room notifications: one row per member (the author of the step excepted)."""

from deals.models import DealNotification, DealRoom


def notify_room(room: DealRoom, kind: str, *, note: str = "", skip=None, side: str | None = None) -> int:
    """Notify the room's members (of one side, when given) of a step; the actor is not told of their own."""
    seats = room.members.all()
    if side:
        seats = seats.filter(side=side)
    users = {seat.user_id for seat in seats if skip is None or seat.user_id != getattr(skip, "pk", None)}
    DealNotification.objects.bulk_create(
        [DealNotification(user_id=user, room=room, kind=kind, note=note[:500]) for user in sorted(users)]
    )
    return len(users)

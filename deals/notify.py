"""In-room notifications: one row per member (the author of the step excepted)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from deals.models import DealNotification, DealRoom

# What each kind of notice says, in the addressee's language (pages and e-mail digests).
KINDS = {
    "room_opened": _("A deal room opened"),
    "member_added": _("Someone joined the room"),
    "room_pause": _("The room was paused"),
    "room_resume": _("The room resumed"),
    "room_close": _("The room was closed without a deal"),
    "room_reopen": _("The room was reopened"),
    "nda_prepared": _("The NDA is ready to sign"),
    "nda_signed": _("The other side signed the NDA"),
    "nda_complete": _("Both sides signed the NDA: confidential material is open"),
    "document_uploaded": _("A document was added to the data room"),
    "terms_offered": _("New terms were offered"),
    "terms_accepted": _("The terms were accepted and locked"),
    "agreement_generated": _("The agreement is ready to sign"),
    "agreement_signed": _("The other side signed the agreement"),
    "deal_signed": _("The deal is signed, sealed and recorded"),
    "question_asked": _("A new question"),
    "question_answered": _("Your question was answered"),
    "message": _("A new message"),
    "milestone_claimed": _("A milestone was claimed"),
    "milestone_confirmed": _("A milestone claim was confirmed"),
    "milestone_disputed": _("A milestone claim was disputed"),
    "royalty_reported": _("A royalty report was filed"),
    "payment_recorded": _("A payment was recorded"),
    "due_soon": _("An obligation falls due soon"),
    "late": _("An obligation is overdue"),
}


def describe(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def notify_room(
    room: DealRoom, kind: str, *, note: str = "", skip: User | None = None, side: str | None = None
) -> int:
    """Notify the room's members (of one side, when given) of a step; the actor is not told of their own."""
    seats = room.members.all()
    if side:
        seats = seats.filter(side=side)
    users = {seat.user_id for seat in seats if skip is None or seat.user_id != getattr(skip, "pk", None)}
    DealNotification.objects.bulk_create(
        [DealNotification(user_id=user, room=room, kind=kind, note=note[:500]) for user in sorted(users)]
    )
    return len(users)


def mark_read(user: User, room: DealRoom) -> int:
    """The person has looked at the room: its notices to them are read (and left out of the next digest)."""
    from django.utils import timezone

    return DealNotification.objects.filter(user=user, room=room, read_at__isnull=True).update(
        read_at=timezone.now()
    )

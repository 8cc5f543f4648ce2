"""What deal rooms put on a member's home: what waits for the member's own action in the rooms they sit in.

Each item counts only what this person's seat may do (a signatory signs, a lead answers an offer, the licensee
reports royalties), for the side they sit on; what the other side or an adviser does is not theirs to
wait for.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.home import InboxItem
from deals.models import Agreement, DealRoom, Nda, Obligation, Question, RoomMember, TermSheet
from deals.models.room import Side, membership_of
from deals.permissions import ACTING_ROLES, LEADING_ROLES
from deals.services.obligations import DEFAULT_REMINDER_DAYS

SIGNING_ROLES = (RoomMember.Role.SIGNATORY,)


def _seated(user: User, side: str, roles: tuple[str, ...], room_ref: str = "room") -> Exists:
    """Whether the user holds a party seat (not an adviser's) on `side`, with one of `roles`, in the room."""
    seats = RoomMember.objects.filter(
        room=OuterRef(room_ref), user=user, side=side, role__in=roles, is_adviser=False
    )
    return Exists(seats)


def _per_side(user: User, queryset: QuerySet, roles: tuple[str, ...], waiting_on) -> int:
    """How many rows wait for the user's side: waiting_on(side) narrows the rows to those that side owes."""
    return sum(
        queryset.filter(_seated(user, side, roles)).filter(waiting_on(side)).count()
        for side in (Side.SELLER, Side.BUYER)
    )


def _unsigned_by(relation: str):
    """Rows that `side` has not yet signed (relation names the signatures)."""
    return lambda side: ~Q(**{f"{relation}__side": side})


def ndas_to_sign(user: User) -> int:
    ndas = Nda.objects.visible_to(user).filter(room__status=DealRoom.Status.OPEN)
    return _per_side(user, ndas, SIGNING_ROLES, _unsigned_by("signatures"))


def agreements_to_sign(user: User) -> int:
    waiting = Agreement.objects.visible_to(user).filter(
        status=Agreement.Status.AWAITING_SIGNATURES, room__nda_signed_at__isnull=False
    )
    return _per_side(user, waiting, SIGNING_ROLES, _unsigned_by("signatures"))


def offers_to_answer(user: User) -> int:
    offers = TermSheet.objects.visible_to(user).filter(
        status=TermSheet.Status.OFFERED, room__status=DealRoom.Status.OPEN
    )
    return _per_side(user, offers, LEADING_ROLES, lambda side: ~Q(side=side))


def questions_to_answer(user: User) -> int:
    open_questions = (
        Question.objects.visible_to(user)
        .filter(answered_at__isnull=True)
        .exclude(room__status=DealRoom.Status.CLOSED)
    )
    seats = RoomMember.objects.filter(room=OuterRef("room"), user=user, role__in=ACTING_ROLES)
    # Advisers may answer for their side too, so every acting seat counts here.
    return sum(
        open_questions.filter(Exists(seats.filter(side=side))).filter(~Q(side=side)).count()
        for side in (Side.SELLER, Side.BUYER)
    )


def _licensee_duties(user: User) -> QuerySet:
    signed = Obligation.objects.visible_to(user).filter(room__status=DealRoom.Status.SIGNED)
    return signed.filter(_seated(user, Side.BUYER, LEADING_ROLES))


def royalty_reports_due(user: User) -> int:
    days = int(getattr(settings, "DEALS_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
    soon = timezone.localdate() + timedelta(days=days)
    return (
        _licensee_duties(user)
        .filter(kind=Obligation.Kind.ROYALTY_REPORT, status=Obligation.Status.OPEN, due_on__lte=soon)
        .count()
    )


def milestones_to_confirm(user: User) -> int:
    claimed = _licensee_duties(user).filter(kind=Obligation.Kind.MILESTONE, status=Obligation.Status.CLAIMED)
    return claimed.count()


def inbox(user: User) -> list[InboxItem]:
    rooms = reverse("deals:index")
    return [
        InboxItem(_("NDAs to sign"), rooms, ndas_to_sign(user)),
        InboxItem(_("Offers to answer"), rooms, offers_to_answer(user)),
        InboxItem(_("Agreements to sign"), rooms, agreements_to_sign(user)),
        InboxItem(_("Due-diligence questions to answer"), rooms, questions_to_answer(user)),
        InboxItem(_("Royalty reports due"), rooms, royalty_reports_due(user)),
        InboxItem(_("Milestones to confirm or dispute"), rooms, milestones_to_confirm(user)),
    ]


def own_rooms(user: User) -> QuerySet:
    """The rooms the person's organisations take part in and that the person may see (a colleague who has no
    seat in a room does not learn of it)."""
    orgs = Organisation.objects.of_member(user).values("pk")
    parties = Q(seller__in=orgs) | Q(buyer__in=orgs) | membership_of(user, "pk")
    return DealRoom.objects.visible_to(user).filter(parties)


# What each step in a room reads like in recent activity: said the same to both sides, and never the terms,
# amounts or texts the event may carry.
ACTIVITY = {
    "deal.room_opened": _("A deal room opened"),
    "deal.member_added": _("Someone joined the room"),
    "deal.member_role_changed": _("A member's role in the room changed"),
    "deal.room_pause": _("The room was paused"),
    "deal.room_resume": _("The room resumed"),
    "deal.room_close": _("The room was closed without a deal"),
    "deal.room_reopen": _("The room was reopened"),
    "deal.valuation_model_set": _("The room's valuation model was set"),
    "deal.nda_prepared": _("The NDA is ready to sign"),
    "deal.nda_signed": _("One side signed the NDA"),
    "deal.nda_complete": _("Both sides signed the NDA"),
    "deal.document_uploaded": _("A document was added to the data room"),
    "deal.document_revoked": _("A document was withdrawn from the data room"),
    "deal.document_expiry_set": _("A document's access was given an end date"),
    "deal.terms_offered": _("New terms were offered"),
    "deal.terms_accepted": _("The terms were accepted and locked"),
    "deal.agreement_generated": _("The agreement is ready to sign"),
    "deal.agreement_signed": _("One side signed the agreement"),
    "deal.signed": _("The deal is signed, sealed and recorded"),
    "deal.question_asked": _("A new question"),
    "deal.question_answered": _("A question was answered"),
    "deal.checklist_updated": _("The due-diligence checklist was updated"),
    "deal.message_posted": _("A new message"),
    "deal.milestone_claimed": _("A milestone was claimed"),
    "deal.milestone_confirmed": _("A milestone claim was confirmed"),
    "deal.milestone_disputed": _("A milestone claim was disputed"),
    "deal.royalty_reported": _("A royalty report was filed"),
    "deal.payment_recorded": _("A payment was recorded"),
    "deal.obligation_due_soon": _("An obligation falls due soon"),
    "deal.obligation_late": _("An obligation is overdue"),
}

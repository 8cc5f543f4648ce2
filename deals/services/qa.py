"""Questions and answers, the due-diligence checklist, and messages between the parties."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from deals.models import ChecklistItem, DealRoom, Document, Message, Question, RoomMember
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import require_seat, seat_of

MAX_TEXT = 10000


def _text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("Write something first."), field=field)
    if len(value) > MAX_TEXT:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": MAX_TEXT}, field=field)
    return value


def _other(side: str) -> str:
    return Side.BUYER if side == Side.SELLER else Side.SELLER


@transaction.atomic
def ask_question(
    *,
    room: DealRoom,
    by: User,
    text: str,
    category: str = "other",
    due_on: date | None = None,
    assignee: User | None = None,
) -> Question:
    """A question to the other side, optionally assigned to one of its people with a due date."""
    seat = require_seat(by, room)
    if category not in Question.Category.values:
        raise InvalidInput(_("Unknown category: %(c)s") % {"c": category}, field="category")
    if due_on is not None and due_on < timezone.localdate():
        raise InvalidInput(_("The due date is in the past."), field="due_on")
    if (
        assignee is not None
        and not RoomMember.objects.filter(room=room, user=assignee, side=_other(seat.side)).exists()
    ):
        raise InvalidInput(
            _("Assign the question to someone on the other side of the room."), field="assignee"
        )
    question = Question.objects.create(
        room=room,
        side=seat.side,
        category=category,
        text=_text(text, "text"),
        asked_by=by,
        assignee=assignee,
        due_on=due_on,
    )
    record_event(room, "deal.question_asked", actor=by, question=question.pk, category=category)
    notify_room(room, "question_asked", note=question.text[:200], side=_other(seat.side))
    return question


@transaction.atomic
def answer_question(
    *, question: Question, by: User, answer: str, document: Document | None = None
) -> Question:
    """The other side answers, with an attachment from its data room if it likes."""
    seat = require_seat(by, question.room)
    if seat.side == question.side:
        raise Forbidden(_("The other side answers a question."))
    if question.answered_at is not None:
        raise Conflict(_("This question has been answered."))
    if document is not None and (document.room_id != question.room_id or document.side != seat.side):
        raise InvalidInput(_("Attach one of your side's documents in this room."), field="document")
    question.answer, question.answer_document = _text(answer, "answer"), document
    question.answered_by, question.answered_at = by, timezone.now()
    question.save(update_fields=["answer", "answer_document", "answered_by", "answered_at"])
    record_event(question.room, "deal.question_answered", actor=by, question=question.pk)
    notify_room(question.room, "question_answered", note=question.text[:200], side=question.side)
    return question


@transaction.atomic
def update_checklist_item(*, item: ChecklistItem, by: User, state: str, note: str = "") -> ChecklistItem:
    require_seat(by, item.room)
    if state not in ChecklistItem.State.values:
        raise InvalidInput(_("Unknown state: %(s)s") % {"s": state}, field="state")
    item.state, item.note = state, note.strip()[:2000] or item.note
    item.save(update_fields=["state", "note"])
    record_event(item.room, "deal.checklist_updated", actor=by, item=item.code, state=state)
    return item


@transaction.atomic
def post_message(*, room: DealRoom, by: User, body: str) -> Message:
    """A message to everyone in the room; observers read only."""
    seat = seat_of(by, room)
    if seat is None or seat.role == RoomMember.Role.OBSERVER:
        raise Forbidden(_("Your role in this room does not allow this."))
    if room.status == DealRoom.Status.CLOSED:
        raise Conflict(_("The room is closed."))
    message = Message.objects.create(room=room, side=seat.side, author=by, body=_text(body, "body"))
    record_event(room, "deal.message_posted", actor=by, message=message.pk)
    notify_room(room, "message", note=message.body[:200], skip=by)
    return message

"""Questions, the due-diligence checklist, messages and notifications."""

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from accounts.api import require_user
from core.bounds import Id
from deals.api import serialize
from deals.api.common import child_for, room_for
from deals.models import ChecklistItem, DealNotification, Document, Message, Question, RoomMember
from deals.services import qa

router = Router(tags=["deals"])


class QuestionIn(Schema):
    text: str
    category: str = "other"
    due_on: date | None = None
    assignee: Id | None = None


class AnswerIn(Schema):
    answer: str
    document: Id | None = None


class ItemIn(Schema):
    state: str
    note: str = ""


class MessageIn(Schema):
    body: str


@router.get("/rooms/{int:room_id}/questions", response=list[dict[str, Any]], summary="Questions")
def questions(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.question(q) for q in Question.objects.visible_to(user).filter(room=found)]


@router.post("/rooms/{int:room_id}/questions", response={201: dict[str, Any]}, summary="Ask the other side")
def ask(request, room_id: Id, payload: QuestionIn):
    user, found = room_for(request, room_id)
    assignee = None
    if payload.assignee is not None:
        seat = get_object_or_404(RoomMember.objects.visible_to(user), room=found, user_id=payload.assignee)
        assignee = seat.user
    question = qa.ask_question(
        room=found,
        by=user,
        text=payload.text,
        category=payload.category,
        due_on=payload.due_on,
        assignee=assignee,
    )
    return Status(201, serialize.question(question))


@router.post("/questions/{int:question_id}/answer", response=dict[str, Any], summary="Answer a question")
def answer(request, question_id: Id, payload: AnswerIn):
    user, found = child_for(request, Question, question_id)
    document = (
        get_object_or_404(Document.objects.visible_to(user), pk=payload.document)
        if payload.document
        else None
    )
    return serialize.question(
        qa.answer_question(question=found, by=user, answer=payload.answer, document=document)
    )


@router.get(
    "/rooms/{int:room_id}/checklist", response=list[dict[str, Any]], summary="Due-diligence checklist"
)
def checklist(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.checklist_item(i) for i in ChecklistItem.objects.visible_to(user).filter(room=found)]


@router.post("/checklist/{int:item_id}", response=dict[str, Any], summary="Update a checklist item")
def update_item(request, item_id: Id, payload: ItemIn):
    user, item = child_for(request, ChecklistItem, item_id)
    return serialize.checklist_item(
        qa.update_checklist_item(item=item, by=user, state=payload.state, note=payload.note)
    )


@router.get("/rooms/{int:room_id}/messages", response=list[dict[str, Any]], summary="Messages in the room")
def messages(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [
        serialize.message(m)
        for m in Message.objects.visible_to(user).filter(room=found).select_related("author")
    ]


@router.post("/rooms/{int:room_id}/messages", response={201: dict[str, Any]}, summary="Post a message")
def post(request, room_id: Id, payload: MessageIn):
    user, found = room_for(request, room_id)
    return Status(201, serialize.message(qa.post_message(room=found, by=user, body=payload.body)))


@router.get("/notifications", response=list[dict[str, Any]], summary="My deal-room notifications")
def notifications(request):
    user = require_user(request)
    rows = DealNotification.objects.visible_to(user).filter(user=user)[:200]
    return [
        {
            "id": n.pk,
            "room": n.room_id,
            "kind": n.kind,
            "label": n.label,
            "note": n.note,
            "created_at": n.created_at.isoformat(),
            "read": n.read_at is not None,
        }
        for n in rows
    ]

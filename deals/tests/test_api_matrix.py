"""Every deal endpoint as anonymous, outsider, a colleague outside the room, participant, owner and staff:
nothing leaks to those outside the room, and their writes change nothing."""

import pytest

from accounts.services import create_api_token
from deals.models import DealRoom, Document, Message, TermSheet


@pytest.fixture
def viewpoints(users, dana):
    """owner: the seller's lead; participant: the buyer's lead; colleague: the seller's member outside the room."""
    return {**users, "participant": dana, "colleague": users["participant"]}


def call(client, user, method, path, **body):
    headers = {}
    if user is not None:
        _record, token = create_api_token(user=user, name="test", scope="read-write")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return getattr(client, method)(path, content_type="application/json", data=body or None, **headers)


READS = [
    "/api/v1/deals/rooms/{room}",
    "/api/v1/deals/rooms/{room}/nda",
    "/api/v1/deals/rooms/{room}/nda.pdf",
    "/api/v1/deals/rooms/{room}/documents",
    "/api/v1/deals/documents/{document}/download",
    "/api/v1/deals/rooms/{room}/terms",
    "/api/v1/deals/terms/{sheet}",
    "/api/v1/deals/rooms/{room}/terms/diff?a=1&b=1",
    "/api/v1/deals/rooms/{room}/agreements",
    "/api/v1/deals/agreements/{agreement}",
    "/api/v1/deals/agreements/{agreement}/pdf",
    "/api/v1/deals/rooms/{room}/obligations",
    "/api/v1/deals/rooms/{room}/royalty-reports",
    "/api/v1/deals/rooms/{room}/payments",
    "/api/v1/deals/rooms/{room}/revenue",
    "/api/v1/deals/rooms/{room}/questions",
    "/api/v1/deals/rooms/{room}/checklist",
    "/api/v1/deals/rooms/{room}/messages",
    "/api/v1/deals/rooms/{room}/access-log",
]
EXPECTED = {
    "anonymous": 401,
    "outsider": 404,
    "colleague": 404,
    "participant": 200,
    "owner": 200,
    "staff": 200,
}


def _ids(full_room) -> dict:
    return {key: value.pk for key, value in full_room.items()}


@pytest.mark.parametrize("viewpoint", list(EXPECTED))
@pytest.mark.parametrize("path", READS)
def test_reads_reach_room_members_and_staff_only(client, full_room, viewpoints, viewpoint, path):
    response = call(client, viewpoints[viewpoint], "get", path.format(**_ids(full_room)))
    assert response.status_code == EXPECTED[viewpoint]
    if response.status_code != 200:
        assert b"CONF-XYZ" not in response.content and b"Alice Bio" not in response.content


@pytest.mark.parametrize("viewpoint", ["outsider", "colleague"])
def test_outsiders_do_not_see_the_room_in_the_list(client, full_room, viewpoints, viewpoint):
    response = call(client, viewpoints[viewpoint], "get", "/api/v1/deals/rooms")
    assert response.status_code == 200 and response.json() == []


WRITES = [
    ("/api/v1/deals/rooms/{room}/status", {"action": "pause"}),
    ("/api/v1/deals/rooms/{room}/messages", {"body": "Let me in"}),
    ("/api/v1/deals/rooms/{room}/terms", {"terms": {}}),
    ("/api/v1/deals/terms/{sheet}/accept", {}),
    ("/api/v1/deals/agreements/{agreement}/sign", {}),
    ("/api/v1/deals/documents/{document}/revoke", {}),
    ("/api/v1/deals/questions/{question}/answer", {"answer": "x"}),
    ("/api/v1/deals/rooms/{room}/nda/sign", {}),
]


def _state(full_room) -> tuple:
    room = DealRoom.objects.get(pk=full_room["room"].pk)
    return (
        room.status,
        Message.objects.count(),
        TermSheet.objects.count(),
        full_room["agreement"].signatures.count(),
        Document.objects.filter(revoked_at__isnull=False).count(),
        room.questions.exclude(answer="").count(),
    )


@pytest.mark.parametrize("viewpoint", ["anonymous", "outsider", "colleague"])
@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_from_outside_the_room_change_nothing(client, full_room, viewpoints, viewpoint, path, body):
    before = _state(full_room)
    response = call(client, viewpoints[viewpoint], "post", path.format(**_ids(full_room)), **body)
    assert response.status_code == (401 if viewpoint == "anonymous" else 404)
    assert response["Content-Type"].startswith("application/problem+json")
    assert _state(full_room) == before


def test_a_colleague_not_seated_cannot_open_a_document(client, full_room, bob):
    response = call(client, bob, "get", f"/api/v1/deals/documents/{full_room['document'].pk}/view")
    assert response.status_code == 404

"""Every deal endpoint as anonymous, outsider, a colleague outside the room, participant, owner and staff:
nothing leaks to those outside the room, and their writes change nothing."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import create_api_token
from deals import pdf
from deals.models import DealRoom, Document, Message, Obligation, TermSheet
from tests.factories import make_asset
from tests.matrix import Row, check, check_viewpoint, each_viewpoint, generic
from valuation.tests.samples import drug_model


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


ROOM = {"room_id": "room"}
MEMBERS = (401, 404, 200, 200, 200)  # anonymous, outsider, participant (buyer), owner (seller), staff
OUTSIDE = {"colleague": 404}


def _read(path: str, params: dict, query: str = "") -> Row:
    return Row(f"GET /api/v1/deals/{path}", MEMBERS, params=params, query=query, extra=OUTSIDE)


MATRIX = [
    _read("rooms/{room_id}", ROOM),
    _read("rooms/{room_id}/nda", ROOM),
    _read("rooms/{room_id}/nda.pdf", ROOM),
    _read("rooms/{room_id}/documents", ROOM),
    _read("documents/{document_id}/download", {"document_id": "document"}),
    _read("documents/{document_id}/view", {"document_id": "document"}),
    _read("rooms/{room_id}/terms", ROOM),
    _read("terms/{sheet_id}", {"sheet_id": "sheet"}),
    _read("rooms/{room_id}/terms/diff", ROOM, query="a=1&b=1"),
    _read("rooms/{room_id}/agreements", ROOM),
    _read("agreements/{agreement_id}", {"agreement_id": "agreement"}),
    _read("agreements/{agreement_id}/pdf", {"agreement_id": "agreement"}),
    _read("agreements/{agreement_id}/document", {"agreement_id": "agreement"}),
    _read("rooms/{room_id}/obligations", ROOM),
    _read("rooms/{room_id}/royalty-reports", ROOM),
    _read("rooms/{room_id}/payments", ROOM),
    _read("rooms/{room_id}/revenue", ROOM),
    _read("rooms/{room_id}/questions", ROOM),
    _read("rooms/{room_id}/checklist", ROOM),
    _read("rooms/{room_id}/messages", ROOM),
    _read("rooms/{room_id}/access-log", ROOM),
    # Lists are the caller's own: everyone signed in gets one (test_outsiders_do_not_see_the_room_in_the_list).
    Row("GET /api/v1/deals/rooms", (401, 200, 200, 200, 200), extra={"colleague": 200}),
    Row("GET /api/v1/deals/notifications", (401, 200, 200, 200, 200), extra={"colleague": 200}),
    Row("GET /api/v1/deals/nda-templates", (401, 200, 200, 200, 200), extra={"colleague": 200}),
]


def _ids(full_room) -> dict:
    room = full_room["room"]
    return {
        **{key: value.pk for key, value in full_room.items()},
        "item": room.checklist.order_by("pk").first().pk,
        "seat": room.members.get(user__email="sam@example.com").pk,  # the seller's signatory
        "colleague_email": "bob@example.com",
    }


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client, full_room, viewpoints, row):
    ids = _ids(full_room)
    check(
        row,
        lambda viewpoint: _token_client(client, viewpoints[viewpoint]),
        ids.__getitem__,
        secret=b"CONF-XYZ",
    )


def _token_client(client, user):
    """The test client speaking with the user's bearer token (none for anonymous)."""
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if user is not None:
        _record, token = create_api_token(user=user, name="test", scope="read-write")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


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


# Every viewpoint tries each write on a fresh room (the test above proves a refusal changes nothing).
# The operator reads a room but does not act in it (403); the NDA is signed by each side's signatory, not its
# lead (403); an accepted offer or a signed NDA is not accepted or signed again (409).
FULL: dict[str, tuple[dict[str, str], dict[str, Any], tuple[int, int, int, int, int]]] = {
    "rooms/{room_id}/status": (ROOM, {"action": "pause"}, (401, 404, 200, 200, 403)),
    "rooms/{room_id}/messages": (ROOM, {"body": "Hello"}, (401, 404, 201, 201, 403)),
    "terms/{sheet_id}/accept": ({"sheet_id": "sheet"}, {}, (401, 404, 409, 409, 403)),
    "agreements/{agreement_id}/sign": ({"agreement_id": "agreement"}, {}, (401, 404, 403, 403, 403)),
    "documents/{document_id}/revoke": ({"document_id": "document"}, {}, (401, 404, 403, 200, 403)),
    "questions/{question_id}/answer": (
        {"question_id": "question"},
        {"answer": "Alice Bio"},
        (401, 404, 403, 200, 403),
    ),
    "rooms/{room_id}/nda/sign": (ROOM, {}, (401, 404, 403, 403, 403)),
    "rooms/{room_id}/questions": (ROOM, {"text": "When is the next readout?"}, (401, 404, 201, 201, 403)),
    "checklist/{item_id}": ({"item_id": "item"}, {"state": "provided"}, (401, 404, 200, 200, 403)),
    "documents/{document_id}/expiry": (
        {"document_id": "document"},
        {"expires_at": None},
        (401, 404, 403, 200, 403),
    ),
    "rooms/{room_id}/members": (
        ROOM,
        {"email": "@colleague_email", "role": "observer"},
        (401, 404, 422, 201, 403),  # the buyer's lead cannot seat the seller's colleague
    ),
    "rooms/{room_id}/nda": (ROOM, {}, (401, 404, 409, 409, 403)),
    "rooms/{room_id}/agreements": (ROOM, {}, (401, 404, 201, 201, 403)),
    "rooms/{room_id}/terms": (ROOM, {"terms": {}}, (401, 404, 409, 409, 403)),
    "rooms/{room_id}/royalty-reports": (
        ROOM,
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "sales_currency": "HKD", "lines": []},
        (401, 404, 409, 403, 403),
    ),
    "rooms/{room_id}/payments": (
        ROOM,
        {"amount": "1000.00", "currency": "HKD", "paid_on": "2026-01-01", "reference": "WIRE-9"},
        (401, 404, 409, 403, 403),
    ),
}
WRITE_ROWS = [
    Row(
        f"POST /api/v1/deals/{path}",
        expected,
        params=params,
        body=body,
        extra=OUTSIDE,
        checked_by="test_writes",
    )
    for path, (params, body, expected) in FULL.items()
]
WRITE_ROWS += [
    Row(
        "PATCH /api/v1/deals/rooms/{room_id}/members/{member_id}",
        (401, 404, 403, 200, 403),
        params={"room_id": "room", "member_id": "seat"},
        body={"role": "observer"},
        extra=OUTSIDE,
        checked_by="test_writes",
    ),
    Row(
        "PUT /api/v1/deals/rooms/{room_id}/valuation-model",
        (401, 404, 200, 200, 403),
        params=ROOM,
        body={"model": drug_model()},
        extra=OUTSIDE,
        checked_by="test_writes",
    ),
]
MATRIX += WRITE_ROWS


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITE_ROWS))
def test_writes(client, full_room, viewpoints, row, viewpoint):
    ids = _ids(full_room)
    check_viewpoint(row, viewpoint, _token_client(client, viewpoints[viewpoint]), ids.__getitem__)


# After the signature (conftest's signed_room): the seller's side claims a milestone and the buyer's side
# confirms or disputes it; the operator reads the room but takes neither step (403).
AFTER_ROWS = [
    Row(
        "GET /api/v1/deals/royalty-reports/{report_id}/invoice.pdf",
        MEMBERS,
        params={"report_id": "report"},
        extra=OUTSIDE,
        checked_by="test_after_signature",
    ),
    Row(
        "POST /api/v1/deals/obligations/{obligation_id}/claim",
        (401, 404, 403, 200, 403),
        params={"obligation_id": "milestone"},
        body={"reached_on": "2025-01-01", "note": "Approved."},
        extra=OUTSIDE,
        checked_by="test_after_signature",
    ),
    *[
        Row(
            f"POST /api/v1/deals/obligations/{{obligation_id}}/{step}",
            (401, 404, 200, 403, 403),
            params={"obligation_id": "claimed"},
            body={"note": "Seen."},
            extra=OUTSIDE,
            checked_by="test_after_signature",
        )
        for step in ("confirm", "dispute")
    ],
]
MATRIX += AFTER_ROWS


def _obligations() -> list[tuple]:
    return list(Obligation.objects.order_by("pk").values_list("status", "due_on", "note"))


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(AFTER_ROWS))
def test_after_signature(client, signed_room, viewpoints, row, viewpoint):
    before = _obligations()
    ids = _ids(signed_room)
    check_viewpoint(row, viewpoint, _token_client(client, viewpoints[viewpoint]), ids.__getitem__)
    if row.statuses()[viewpoint] >= 400:
        assert _obligations() == before


# Opening a room: a seller invites a buyer for its own organisation only, and an open licensee asks the
# patentee for more than the standard terms for its own organisation only; naming an organisation one does
# not act for is a 422, for the operator as for anyone (staff open no room in a member's name).
@pytest.fixture
def open_licensed(alice, alice_org, staff, dana, dana_org):
    from listings import open_licence
    from listings import services as market

    patent = make_asset(alice_org, number="CN200002A", holder_name="Alice Bio")
    declared = market.create_listing(
        organisation=alice_org, by=alice, assets=[patent], title="Open licence", deal_type="open_licence",
        open_royalty_rate="3", open_payment_method="royalty_quarterly",
    )  # fmt: skip
    market.submit_listing(listing=declared, by=alice)
    market.approve_listing(listing=declared, by=staff)
    open_licence.take_open_licence(
        listing=declared, organisation=dana_org, by=dana, payment_reference="PAY-1"
    )
    return {"listing": declared.pk, "seller": alice_org.slug, "buyer": dana_org.slug}


OPEN_ROWS = [
    Row(
        "POST /api/v1/deals/rooms",
        (401, 422, 422, 201, 422),
        body={"seller": "@seller", "buyer": "@buyer", "deal_type": "exclusive_licence"},
        extra={"colleague": 201},
        checked_by="test_opening_rooms",
    ),
    Row(
        "POST /api/v1/deals/open-licences/{listing_id}/rooms",
        (401, 422, 201, 422, 422),
        params={"listing_id": "listing"},
        body={"organisation": "@buyer"},
        extra={"colleague": 422},
        checked_by="test_opening_rooms",
    ),
]
MATRIX += OPEN_ROWS


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(OPEN_ROWS))
def test_opening_rooms(client, open_licensed, viewpoints, row, viewpoint):
    check_viewpoint(row, viewpoint, _token_client(client, viewpoints[viewpoint]), open_licensed.__getitem__)
    assert DealRoom.objects.exists() == (row.statuses()[viewpoint] == 201)


# An upload is a multipart form (the matrix's requests are JSON), so this test posts the row's endpoint itself.
UPLOAD = Row(
    "POST /api/v1/deals/rooms/{room_id}/documents",
    (401, 404, 201, 201, 403),
    params=ROOM,
    extra=OUTSIDE,
    checked_by="test_uploading_a_document",
)
MATRIX += [UPLOAD]


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint([UPLOAD]))
def test_uploading_a_document(client, full_room, viewpoints, row, viewpoint):
    before = Document.objects.count()
    data = pdf.render(title="Summary", blocks=["Public summary."], rows=[])
    upload = SimpleUploadedFile("summary.pdf", data, content_type="application/pdf")
    response = _token_client(client, viewpoints[viewpoint]).post(
        row.url(_ids(full_room).__getitem__), {"tier": "teaser", "title": "Summary", "file": upload}
    )
    assert response.status_code == row.statuses()[viewpoint], response.content
    assert Document.objects.count() == before + (1 if response.status_code == 201 else 0)

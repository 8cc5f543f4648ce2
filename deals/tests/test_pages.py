"""Every deal-room page as anonymous, outsider, a colleague outside the room, participant, owner and staff;
and the steps taken through the pages."""

import pytest
from django.urls import reverse

from deals.models import DealRoom, Message, Nda, NdaSignature, TermSheet
from tests.matrix import Row, check, check_viewpoint, each_viewpoint, generic

MEMBERS = (302, 404, 200, 200, 200)  # anonymous, outsider, participant (buyer), owner (seller), staff
OUTSIDE = {"colleague": 404}  # the seller's colleague who has no seat in the room
ROOM = {"pk": "room"}
EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "colleague": 404,
    "participant": 200,
    "owner": 200,
    "staff": 200,
}


def _page(name: str, params: dict) -> Row:
    return Row(name, MEMBERS, params=params, extra=OUTSIDE)


MATRIX = [
    _page("deals:room", ROOM),
    _page("deals:documents", ROOM),
    _page("deals:terms", ROOM),
    _page("deals:agreement", ROOM),
    _page("deals:after", ROOM),
    _page("deals:questions", ROOM),
    _page("deals:nda_pdf", ROOM),
    _page("deals:open_document", {"pk": "document", "action": "=view"}),
    _page("deals:agreement_pdf", {"pk": "agreement"}),
    Row("deals:index", (302, 200, 200, 200, 200), extra={"colleague": 200}),
    Row("deals:invite", (302, 200, 200, 200, 200), extra={"colleague": 200}),
]


@pytest.fixture
def viewpoints(users, dana):
    return {**users, "participant": dana, "colleague": users["participant"]}


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, full_room, viewpoints, row):
    ids = {key: value.pk for key, value in full_room.items()}
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), ids.__getitem__, secret=b"CONF-XYZ")
    if row.params:
        for viewpoint in ("outsider", "colleague"):
            response = client_as(viewpoints[viewpoint]).get(row.url(ids.__getitem__))
            assert full_room["room"].title.encode() not in response.content


@pytest.mark.parametrize("viewpoint", list(EXPECTED))
def test_the_room_list_shows_only_my_rooms(client_as, full_room, viewpoints, viewpoint):
    response = client_as(viewpoints[viewpoint]).get(reverse("deals:index"))
    if viewpoint == "anonymous":
        assert response.status_code == 302
        return
    shown = full_room["room"].title in response.content.decode()
    assert shown == (viewpoint in {"participant", "owner", "staff"})


POSTS = [
    ("deals:post_message", "room", {"body": "hello"}),
    ("deals:status", "room", {}),
    ("deals:sign_nda", "room", {}),
    ("deals:accept", "sheet", {}),
    ("deals:sign", "agreement", {}),
    ("deals:revoke", "document", {}),
]


@pytest.mark.parametrize("viewpoint", ["outsider", "colleague"])
@pytest.mark.parametrize(("name", "key", "body"), POSTS)
def test_posts_from_outside_the_room_change_nothing(
    client_as, full_room, viewpoints, viewpoint, name, key, body
):
    kwargs = {"pk": full_room[key].pk}
    if name == "deals:status":
        kwargs["action"] = "pause"
    before = (
        DealRoom.objects.get().status,
        Message.objects.count(),
        NdaSignature.objects.count(),
        TermSheet.objects.count(),
    )
    response = client_as(viewpoints[viewpoint]).post(reverse(name, kwargs=kwargs), body)
    assert response.status_code == 404
    assert (
        DealRoom.objects.get().status,
        Message.objects.count(),
        NdaSignature.objects.count(),
        TermSheet.objects.count(),
    ) == before


def test_a_message_posted_with_htmx_returns_the_thread(client_as, full_room, dana):
    room = full_room["room"]
    response = client_as(dana).post(
        reverse("deals:post_message", kwargs={"pk": room.pk}),
        {"body": "Hello from Dana"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Hello from Dana" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_nda_is_prepared_and_signed_through_the_pages(client_as, room, alice, alice_signs, dan):
    client = client_as(alice)
    client.post(
        reverse("deals:prepare_nda", kwargs={"pk": room.pk}),
        {"governing_law": "Hong Kong", "term_months": 24},
    )
    room.refresh_from_db()
    assert "24 months" in room.nda.text
    client_as(alice_signs).post(
        reverse("deals:sign_nda", kwargs={"pk": room.pk}), {"sha256": room.nda.text_sha256}
    )
    client = client_as(dan)
    client.post(reverse("deals:sign_nda", kwargs={"pk": room.pk}), {"sha256": room.nda.text_sha256})
    page = client.get(reverse("deals:room", kwargs={"pk": room.pk})).content.decode()
    assert DealRoom.objects.get(pk=room.pk).nda_complete and "NDA signed" in page


def test_an_offer_made_through_the_form_is_checked(client_as, room, asset, alice):
    data = {
        "deal_type": "exclusive_licence", "assets": [str(asset.pk)], "exclusivity": "exclusive", "currency": "USD",
        "upfront": "1000000", "royalty_tiers": "0; 100; 5\n50; ; 8", "royalty_floor": "0", "sublicensing_share": "0",
        "equity": "0", "term_years": "10", "territories": "SG",
    }  # fmt: skip
    response = client_as(alice).post(reverse("deals:terms", kwargs={"pk": room.pk}), data)
    assert response.status_code == 200 and "overlap" in response.content.decode()
    assert not TermSheet.objects.exists()
    data["royalty_tiers"] = "0; 100; 5\n100; ; 8"
    client_as(alice).post(reverse("deals:terms", kwargs={"pk": room.pk}), data)
    assert TermSheet.objects.get().terms["royalty_tiers"][1] == {"from": "100.00", "rate": "8.000"}


def test_visiting_the_room_reads_its_notices_and_an_answer_carries_an_attachment(
    client_as, full_room, alice, dana
):
    from deals.models import DealNotification

    room, question, document = full_room["room"], full_room["question"], full_room["document"]
    assert DealNotification.objects.filter(user=dana, room=room, read_at__isnull=True).exists()
    client_as(dana).get(reverse("deals:room", kwargs={"pk": room.pk}))
    assert not DealNotification.objects.filter(user=dana, room=room, read_at__isnull=True).exists()
    client = client_as(alice)
    client.post(
        reverse("deals:answer", kwargs={"pk": question.pk}),
        {"answer": "See the CMC file.", "document": document.pk},
    )
    question.refresh_from_db()
    assert question.answer_document == document
    page = client_as(dana).get(reverse("deals:questions", kwargs={"pk": room.pk})).content.decode()
    assert "See the CMC file." in page and document.title in page


# Every viewpoint tries each step on a fresh room. Pages answer a step done or refused (the operator, who only
# reads, or a lead who is not the signatory) alike with a message and a redirect, so these rows prove the 404s;
# test_api_matrix.py has the API rows of the same steps, where a refusal is a 403.
# A refusal to someone who sees the room is a 403 page (core.pages), as in the API: staff read every room but
# act in none; a signature or an answer is for the side and the role the step belongs to.
PAGE_WRITES = [
    Row(name, expected, params=params, body=body, method="post", extra=OUTSIDE, checked_by="test_page_writes")
    for name, params, body, expected in [
        ("deals:post_message", ROOM, {"body": "hello"}, (302, 404, 302, 302, 403)),
        ("deals:status", {**ROOM, "action": "=pause"}, {}, (302, 404, 302, 302, 403)),
        ("deals:sign_nda", ROOM, {}, (302, 404, 403, 403, 403)),
        ("deals:accept", {"pk": "sheet"}, {}, (302, 404, 302, 302, 403)),
        ("deals:sign", {"pk": "agreement"}, {}, (302, 404, 403, 403, 403)),
        ("deals:revoke", {"pk": "document"}, {}, (302, 404, 403, 302, 403)),
        ("deals:answer", {"pk": "question"}, {"answer": "Alice Bio holds it."}, (302, 404, 403, 302, 403)),
    ]
]
MATRIX += PAGE_WRITES


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(PAGE_WRITES))
def test_page_writes(client_as, full_room, viewpoints, row, viewpoint):
    ids = {key: value.pk for key, value in full_room.items()}
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), ids.__getitem__)


# Steps on a room's own pages, each viewpoint on a fresh room: a side's lead prepares the NDA, ticks the
# checklist and seats people; roles change on one's own side (the seller's signatory here); after the
# signature the licensee records payments and answers milestone claims, the licensor claims them; both sides
# and the operator read a report's invoice. The operator sees every room and acts in none (403). A refused
# viewpoint changes nothing.
def _step(name: str, params: dict, body: dict, expected: tuple[int, int, int, int, int]) -> Row:
    return Row(
        name, expected, params=params, body=body, method="post", extra=OUTSIDE, checked_by="test_steps"
    )


PAYMENT = {
    "payment-amount": "1000.00",
    "payment-currency": "USD",
    "payment-paid_on": "2026-01-01",
    "payment-reference": "WIRE-9",
}
STEPS = [
    _step(
        "deals:prepare_nda",
        ROOM,
        {"governing_law": "Hong Kong", "term_months": 24},
        (302, 404, 302, 302, 403),
    ),
    _step("deals:checklist", {**ROOM, "item": "item"}, {"state": "provided"}, (302, 404, 302, 302, 403)),
    _step(
        "deals:add_member", ROOM, {"email": "bob@example.com", "role": "observer"}, (302, 404, 302, 302, 403)
    ),
    _step("deals:change_role", {**ROOM, "member": "seat"}, {"role": "observer"}, (302, 404, 403, 302, 403)),
    _step("deals:pay", ROOM, PAYMENT, (302, 404, 302, 403, 403)),
    _step("deals:obligation", {"pk": "milestone", "step": "=claim"}, {}, (302, 404, 403, 302, 403)),
    _step("deals:obligation", {"pk": "claimed", "step": "=confirm"}, {}, (302, 404, 302, 403, 403)),
    _step("deals:obligation", {"pk": "claimed", "step": "=dispute"}, {}, (302, 404, 302, 403, 403)),
]
READS_AFTER = [Row("deals:invoice", MEMBERS, params={"pk": "report"}, extra=OUTSIDE, checked_by="test_steps")]
MATRIX += STEPS + READS_AFTER


def _room_state(room) -> tuple:
    return (
        list(room.members.order_by("pk").values_list("user_id", "role")),
        list(room.checklist.order_by("pk").values_list("state", flat=True)),
        list(room.obligations.order_by("pk").values_list("status", "note")),
        room.payments.count(),
        Nda.objects.filter(room=room).values_list("text_sha256", flat=True).first(),
    )


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(STEPS + READS_AFTER))
def test_steps(client_as, signed_room, viewpoints, row, viewpoint):
    room = signed_room["room"]
    ids = {
        **{key: value.pk for key, value in signed_room.items()},
        "item": room.checklist.order_by("pk").first().pk,
        "seat": room.members.get(user__email="sam@example.com").pk,
    }
    before = _room_state(room)
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), ids.__getitem__)
    if viewpoint == "anonymous" or row.statuses()[viewpoint] >= 400:
        assert _room_state(room) == before

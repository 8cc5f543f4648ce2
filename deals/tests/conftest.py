"""Deal-room fixtures: Alice Bio sells (Alice leads and signs), Dana Pharma buys (Dana leads, Dan signs);
Bob is Alice's colleague outside the room, Charlie an outsider, Olivia the operator."""

from datetime import date

import pytest

from accounts.models import Membership
from deals import pdf
from deals.models import RoomMember
from deals.services import agreement as agreements
from deals.services import dataroom, nda, obligations, qa, royalties, terms
from deals.services import room as rooms
from listings import services as market
from tests.factories import make_asset


@pytest.fixture(autouse=True)
def _nda_template(db):
    # Transactional tests empty the tables, the migration's default template included: put it back.
    from deals import nda_default
    from deals.models import NdaTemplate

    nda_default.seed(NdaTemplate)


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    # Uploaded documents and the platform's keys live under DATA_DIR and MEDIA_ROOT; each test gets its own.
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dana_org(make_organisation):
    return make_organisation("Dana Pharma")


@pytest.fixture
def dana(make_user, dana_org):
    return make_user("dana@example.com", dana_org, "admin")


@pytest.fixture
def dan(make_user, dana_org):
    return make_user("dan@example.com", dana_org, "member")


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN100001A", holder_name="Alice Bio")


@pytest.fixture
def listing(alice, staff, asset):
    found = market.create_listing(
        organisation=asset.owner,
        by=alice,
        assets=[asset],
        title="Anti-PD-1 antibody, exclusive licence for ASEAN",
        summary="Phase 2 antibody.",
        deal_type="exclusive_licence",
        territories=["ASEAN"],
    )
    market.submit_listing(listing=found, by=alice)
    return market.approve_listing(listing=found, by=staff)


@pytest.fixture
def room(listing, alice, dana, dan, dana_org):
    """A room opened by accepting Dana Pharma's lead; both sides have a signatory."""
    interest = market.express_interest(listing=listing, organisation=dana_org, by=dana, message="Keen.")
    market.decide_interest(interest=interest, by=alice, accept=True)
    opened = interest.deal_room
    rooms.add_member(room=opened, by=dana, user=dan, role=RoomMember.Role.SIGNATORY)
    return opened


@pytest.fixture
def alice_signs(room, alice, make_user, alice_org):
    """Alice's colleague Sam is the seller's signatory."""
    sam = make_user("sam@example.com", alice_org, Membership.Role.MEMBER)
    rooms.add_member(room=room, by=alice, user=sam, role=RoomMember.Role.SIGNATORY)
    return sam


@pytest.fixture
def model():
    from valuation.tests.samples import drug_model

    return drug_model()


def licence_terms(asset, **changes):
    terms = {
        "deal_type": "exclusive_licence",
        "assets": [asset.pk],
        "field_of_use": "oncology",
        "territories": ["ASEAN"],
        "excluded_territories": [],
        "exclusivity": "exclusive",
        "currency": "USD",
        "upfront": "5000000",
        "milestones": [
            {"kind": "regulatory", "event": "approval", "amount": "20000000"},
            {
                "kind": "sales",
                "event": "annual sales above 100M",
                "amount": "10000000",
                "threshold": "100000000",
            },
        ],
        "royalty_tiers": [
            {"from": "0", "to": "100000000", "rate": "8"},
            {"from": "100000000", "rate": "10"},
        ],
        "step_downs": [{"trigger": "patent_expiry", "reduction": "50"}],
        "royalty_floor": "5",
        "sublicensing_share": "20",
        "term_years": 12,
        "royalty_years": 10,
        "diligence": "Start phase 3 within 18 months.",
    }
    terms.update(changes)
    return terms


@pytest.fixture
def full_room(room, asset, alice, alice_signs, dana, dan):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()
    document = dataroom.upload_document(
        room=room,
        by=alice,
        tier="confidential",
        title="CMC",
        filename="c.pdf",
        data=pdf.render(title="Data package", blocks=["Confidential data CONF-XYZ."], rows=[]),
    )
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice)
    question = qa.ask_question(room=room, by=dana, text="Who holds the CMC data?")
    qa.post_message(room=room, by=alice, body="Welcome to the room.")
    return {"room": room, "document": document, "sheet": sheet, "agreement": agreement, "question": question}


@pytest.fixture
def signed_room(full_room, dan, alice, alice_signs):
    """The full room after both signatories signed: the buyer reported a period's royalties and the seller
    claimed the second of the two milestones (the first is still open)."""
    room = full_room["room"]
    agreements.sign_agreement(agreement=full_room["agreement"], by=dan)
    agreements.sign_agreement(agreement=full_room["agreement"], by=alice_signs)
    period = room.obligations.filter(kind="royalty_report").order_by("due_on").first()
    start, end = (date.fromisoformat(part) for part in period.note.split("/"))
    report = royalties.submit_report(
        room=room, by=dan, period_start=start, period_end=end, sales_currency="USD", exchange_rate="1",
        lines=[{"product": "AB-1", "territory": "SG", "net_sales": "1000000"}],
    )  # fmt: skip
    milestone, claimed = room.obligations.filter(kind="milestone").order_by("pk")
    obligations.claim_milestone(obligation=claimed, by=alice, reached_on=date(2025, 1, 1))
    return {**full_room, "report": report, "milestone": milestone, "claimed": claimed}

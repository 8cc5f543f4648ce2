"""Dispute fixtures. The signed deal comes from the deal-room fixtures: Alice Bio licensed to Dana Pharma
(Alice leads, Sam signs for Alice Bio; Dana leads, Dan signs for Dana Pharma). Alice files against Dana
Pharma; Bob (Alice's colleague) is her counsel in the case; Charlie is an outsider; Olivia the operator;
Hana is the Hong Kong institution's case officer; Ivan and Jun are arbitrators on the roster."""

import pytest

from deals.tests import conftest as deal_fixtures
from deals.tests.conftest import licence_terms
from disputes.models import Neutral, Participant, RuleTemplate
from disputes.services import filing
from disputes.services.filing import DealFiles

# The deal-room fixtures, shared by name with this package's tests.
_private_data_dir = deal_fixtures._private_data_dir
_nda_template = deal_fixtures._nda_template
alice_signs = deal_fixtures.alice_signs
asset = deal_fixtures.asset
dan = deal_fixtures.dan
dana = deal_fixtures.dana
dana_org = deal_fixtures.dana_org
listing = deal_fixtures.listing
room = deal_fixtures.room


def sign_deal(room, asset, alice, alice_signs, dana, dan):
    """Take the room from NDA to a signed, recorded licence through the deal services."""
    from deals import pdf
    from deals.services import agreement as agreements
    from deals.services import dataroom, nda, terms

    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()
    data = pdf.render(title="Data package", blocks=["Confidential data."], rows=[])
    document = dataroom.upload_document(
        room=room, by=alice, tier="confidential", title="CMC dossier", filename="cmc.pdf", data=data
    )
    first = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    counter = terms.offer_terms(room=room, by=dana, terms=licence_terms(asset, upfront="3000000"))
    terms.accept_terms(sheet=counter, by=alice)
    agreement = agreements.generate_agreement(room=room, by=alice)
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    room.refresh_from_db()
    return {"room": room, "agreement": agreement, "sheets": [first, counter], "document": document}


@pytest.fixture
def signed(room, asset, alice, alice_signs, dana, dan):
    return sign_deal(room, asset, alice, alice_signs, dana, dan)


@pytest.fixture
def institution(make_organisation):
    return make_organisation("Harbour Arbitration Centre", "dispute_institution")


@pytest.fixture
def hana(make_user, institution):
    return make_user("hana@example.com", institution, "member")


@pytest.fixture
def hkiac(institution):
    from disputes.rule_templates import seed_templates

    seed_templates()  # a transactional test may have flushed the migration's rows
    rules = RuleTemplate.objects.get(code="hkiac-2024")
    rules.institution = institution
    rules.save()
    return rules


@pytest.fixture
def ivan(make_user):
    user = make_user("ivan@example.com")
    return Neutral.objects.create(
        user=user,
        name="Ivan Arbitrator",
        hourly_rate="6000",
        currency="HKD",
        languages=["en", "zh"],
        jurisdictions=["HK"],
        expertise="Patent licensing",
    )


@pytest.fixture
def jun(make_user):
    user = make_user("jun@example.com")
    return Neutral.objects.create(
        user=user, name="Jun Arbitrator", hourly_rate="5000", currency="HKD", mediator=True
    )


@pytest.fixture
def kit(make_user):
    user = make_user("kit@example.com")
    return Neutral.objects.create(
        user=user, name="Kit Chair", hourly_rate="8000", currency="HKD", mediator=True
    )


@pytest.fixture
def case(signed, alice, alice_org, hkiac, bob):
    """An arbitration Alice Bio files against Dana Pharma from the signed deal, with its agreement, both
    term-sheet versions and the CMC dossier; Bob is added as Alice Bio's counsel."""
    filed = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=hkiac,
        title="Royalty dispute",
        claimant=alice_org,
        amount_in_dispute="3000000",
        currency="HKD",
        deal_room=signed["room"],
        deal_files=DealFiles(agreement=True, term_sheets=[1, 2], documents=[signed["document"].pk]),
        summary="Unpaid upfront payment.",
    )
    filing.add_participant(case=filed, by=alice, user=bob, role=Participant.Role.COUNSEL)
    return filed


@pytest.fixture
def matrix(users):
    return users


@pytest.fixture
def standalone(alice, alice_org, bob, hkiac, make_organisation, make_user):
    """A standalone arbitration Alice Bio files against Dana Pharma (Dana is its admin); Bob is counsel."""
    dana_org = make_organisation("Dana Pharma")
    dana = make_user("dana@example.com", dana_org, "admin")
    filed = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=hkiac,
        title="Standalone dispute",
        claimant=alice_org,
        respondent=dana_org,
        summary="CONFIDENTIAL-SUMMARY",
        amount_in_dispute="50000000",
        currency="HKD",
    )
    filing.add_participant(case=filed, by=alice, user=bob, role=Participant.Role.COUNSEL)
    filed.dana = dana  # type: ignore[attr-defined]  # the respondent's person, for the tests to sign in as
    return filed

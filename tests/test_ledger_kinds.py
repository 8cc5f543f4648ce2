"""The transparency log publishes only public facts, whatever kind of entry is written.

The kinds are read from the code: every kind a module logs must be declared in `ledger.kinds`, and the
scenario below must produce every declared kind with a confidential asset and confidential parts
involved. A kind added later without a part in this scenario fails here until it is covered.
"""

import ast
import base64
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from accounts.models import Membership
from assets import services as registry
from assets.models import Asset, BiomedicalProfile, Encumbrance, Indication
from certification import services as certification
from certification.models import Claim
from core import keystore
from deals.models import DealRoom, RoomMember
from deals.services import agreement as agreements
from deals.services import nda, terms
from deals.services import room as rooms
from deals.tests import conftest as deal_fixtures
from disputes.models import Case
from disputes.services import decisions, filing
from disputes.tests import conftest as dispute_fixtures
from ledger import exports, kinds, subjects, witnesses
from ledger import keys as log_keys
from ledger import services as ledger
from ledger.models import Entry
from listings import open_licence
from listings import services as market

# Every value below is confidential and must not reach the public log, its API, its page or an export.
SECRET_NUMBER = "CN118999777A"
SECRET_TITLE = "Quillfeather covalent degrader"
SECRET_NOTES = "NOTES-QF-31337"
SECRET_DRUG = "QF-7781"
SECRET_DETAILS = "DOSSIER-QF-4242"
SECRET_PAYMENT = "PAYREF-QF-5150"
SECRET_ASSIGNEE = "Hushwater Holdings Ltd"
SECRET_BUYER = "Silentbrook Therapeutics"
SECRET_NOTE = "NOTE-QF-8086"
SECRET_REASON = "REASON-QF-6502"
SECRET_UPFRONT = "73911137"
SECRET_DILIGENCE = "DILIGENCE-QF-2718"
SECRET_RELEASE = "RELEASE-QF-1618"
SECRET_CLAIM = "CLAIM-QF-1414"
SECRET_IN_DISPUTE = "86420975"
SECRETS = [
    SECRET_NUMBER,
    SECRET_TITLE,
    SECRET_NOTES,
    SECRET_DRUG,
    SECRET_DETAILS,
    SECRET_PAYMENT,
    SECRET_ASSIGNEE,
    SECRET_BUYER,
    SECRET_NOTE,
    SECRET_REASON,
    SECRET_UPFRONT,
    SECRET_DILIGENCE,
    SECRET_RELEASE,
    SECRET_CLAIM,
    SECRET_IN_DISPUTE,
]
LOGGING_CALLS = {
    *("record", "ledger_record", "record_many", "LogItem", "log_assets", "_log", "_log_key", "log_case"),
}
KIND_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRECTORIES = {".venv", "tests", "migrations", "benchmarks", "node_modules", "var"}


def kinds_in_code() -> set[str]:
    """The kinds passed as string literals to the log's functions and the apps' logging helpers."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if SKIPPED_DIRECTORIES & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in LOGGING_CALLS:
                continue
            found |= {
                argument.value
                for argument in node.args
                if isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and KIND_PATTERN.match(argument.value)
            }
    return found


def test_every_kind_the_code_logs_is_declared_with_its_public_members():
    used = kinds_in_code()
    assert used, "the scan found no logging call: it no longer matches how the code logs"
    assert used <= set(kinds.KINDS), f"undeclared kinds: {sorted(used - set(kinds.KINDS))}"


def test_the_log_refuses_an_undeclared_kind_or_public_member(db):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        ledger.record("example.undeclared", subject="example:1", public={})
    with pytest.raises(InvalidInput):
        ledger.record("asset.registered", subject="assets.asset:1", public={"price": "1"})
    assert not Entry.objects.exists()


@pytest.fixture
def keys_in_private_directory(settings, tmp_path, monkeypatch):
    from certification import keys as certifier_keys

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    monkeypatch.delenv(keystore.PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv("IPHARBOUR_LEDGER_ORIGIN", raising=False)
    for cache in (certifier_keys._loaded, log_keys._loaded):
        cache.clear()
    yield
    for cache in (certifier_keys._loaded, log_keys._loaded):
        cache.clear()


def _assets(alice, alice_org):
    indication, _created = Indication.objects.get_or_create(
        code="gastric", defaults={"name_en": "Gastric cancer", "group": "oncology_solid"}
    )
    secret = registry.create_asset(
        organisation=alice_org,
        by=alice,
        number=SECRET_NUMBER,
        title=SECRET_TITLE,
        kind="invention",
        jurisdiction="CN",
        holder_name=alice_org.name,
        legal_status="granted",
        application_date=date(2021, 3, 1),
        confidential_notes=SECRET_NOTES,
        visibility="confidential",
        profile={"drug_name": SECRET_DRUG, "modality": BiomedicalProfile.Modality.ANTIBODY, "phase": 2},
    )
    secret.biomedical.indications.set([indication])
    public = registry.create_asset(
        organisation=alice_org,
        by=alice,
        number="CN100200300B",
        title="Oral KRAS inhibitor",
        kind="invention",
        jurisdiction="CN",
        holder_name=alice_org.name,
        legal_status="granted",
        application_date=date(2020, 1, 15),
    )
    return secret, public


def _market(alice, staff, charlie, charlie_org, buyer, buyer_org, secret, public):
    declaration = market.create_listing(
        organisation=alice.memberships.first().organisation,
        by=alice,
        assets=[public, secret],
        title="KRAS portfolio, open licence",
        summary="Two patents under one open-licence declaration.",
        confidential_details=SECRET_DETAILS,
        deal_type="open_licence",
        territories=["CN"],
        open_fee="50000",
        currency="CNY",
        open_royalty_rate="2.5",
        open_payment_method="fee_and_royalty",
    )
    market.submit_listing(listing=declaration, by=alice)
    market.approve_listing(listing=declaration, by=staff)
    open_licence.take_open_licence(
        listing=declaration, organisation=charlie_org, by=charlie, payment_reference=SECRET_PAYMENT
    )
    offer = market.create_listing(
        organisation=declaration.organisation,
        by=alice,
        assets=[secret],
        title="Degrader, licence for ASEAN",
        summary="A licence of a confidential degrader.",
        confidential_details=SECRET_DETAILS,
        deal_type="non_exclusive_licence",
        territories=["ASEAN"],
    )
    market.submit_listing(listing=offer, by=alice)
    market.approve_listing(listing=offer, by=staff)
    lead = market.express_interest(listing=offer, organisation=buyer_org, by=buyer, message=SECRET_NOTE)
    market.decide_interest(interest=lead, by=alice, accept=True, note=SECRET_NOTE)
    market.close_listing(listing=offer, by=alice, outcome="deal", note=SECRET_NOTE)


def _certification(alice, alice_org, secret, certifier_org, cara):
    certification.save_service(
        certifier=certifier_org, by=cara, claim=Claim.VALIDITY, fee_amount="8000", fee_currency="HKD"
    )
    request = certification.request_certification(
        requester=alice_org, asset=secret, certifier=certifier_org, claims=[Claim.VALIDITY], by=alice
    )
    requested = request.claims.get(claim=Claim.VALIDITY)
    attestation = certification.decide(requested=requested, by=cara, grant=True, reasons="Registry checked.")
    assert attestation is not None
    certification.revoke(attestation=attestation, by=cara, reason=SECRET_REASON)
    certification.rotate_key(certifier=certifier_org, by=cara)


def _operator(staff):
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    witnesses.register_witness(name="witness.example/w1", public_key=base64.b64encode(raw).decode(), by=staff)
    ledger.rotate_key(actor=staff)


# The deal-room and dispute fixtures, shared by name: Dana Pharma buys (Dana leads, Dan signs); a dispute
# institution with its rules.
_nda_template = deal_fixtures._nda_template
dana_org = deal_fixtures.dana_org
dana = deal_fixtures.dana
dan = deal_fixtures.dan
institution = dispute_fixtures.institution
hkiac = dispute_fixtures.hkiac


def _deal(alice, alice_org, dana, dan, public, secret, make_user):
    """A non-exclusive licence of both assets, signed by both sides and recorded in the registry; the
    confidential asset's licence then ends."""
    buyer = dana.memberships.get().organisation
    room = rooms.open_room(seller=alice_org, buyer=buyer, by=alice, deal_type="non_exclusive_licence")
    sam = make_user("sam@example.com", alice_org, Membership.Role.MEMBER)
    rooms.add_member(room=room, by=alice, user=sam, role=RoomMember.Role.SIGNATORY)
    rooms.add_member(room=room, by=dana, user=dan, role=RoomMember.Role.SIGNATORY)
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=sam)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()
    offered = deal_fixtures.licence_terms(
        secret,
        assets=[public.pk, secret.pk],
        deal_type="non_exclusive_licence",
        exclusivity="non_exclusive",
        territories=["EU"],
        upfront=SECRET_UPFRONT,
        diligence=SECRET_DILIGENCE,
    )
    sheet = terms.offer_terms(room=room, by=alice, terms=offered)
    terms.accept_terms(sheet=sheet, by=dana)
    agreement = agreements.generate_agreement(room=room, by=alice)
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=sam)
    licence = Encumbrance.objects.get(asset=secret, holder_organisation=room.buyer)
    registry.release_encumbrance(
        encumbrance=licence, by=alice, day=licence.start_date, reference=SECRET_RELEASE
    )
    return room


def _dispute(alice, alice_org, buyer_org, rules):
    """An arbitration against the confidential buyer of the scenario, filed and then withdrawn."""
    case = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=rules,
        title=SECRET_CLAIM,
        claimant=alice_org,
        respondent=buyer_org,
        summary=SECRET_CLAIM,
        amount_in_dispute=SECRET_IN_DISPUTE,
        currency="HKD",
    )
    decisions.withdraw(case=case, by=alice)
    case.refresh_from_db()
    return case


@dataclass
class Scenario:
    secret: Asset
    public: Asset
    room: DealRoom
    case: Case

    @property
    def secrets(self) -> list[str]:
        """Every confidential value, the case's own reference and parties included."""
        return [*SECRETS, self.case.reference]


@pytest.fixture
def every_kind(
    keys_in_private_directory,
    alice,
    alice_org,
    charlie,
    charlie_org,
    staff,
    make_organisation,
    make_user,
    dana,
    dan,
    hkiac,
):
    """One scenario that writes every declared kind, each touching the confidential asset where it can."""
    secret, public = _assets(alice, alice_org)
    buyer_org = make_organisation(SECRET_BUYER)
    buyer = make_user("quiet@example.com", buyer_org, "admin")
    _market(alice, staff, charlie, charlie_org, buyer, buyer_org, secret, public)
    room = _deal(alice, alice_org, dana, dan, public, secret, make_user)
    registry.record_transfer(asset=secret, by=alice, day=date(2026, 6, 1), to_name=SECRET_ASSIGNEE)
    certifier_org = make_organisation("Harbour Certifiers", "certifier")
    cara = make_user("cara@example.com", certifier_org, "admin")
    _certification(alice, alice_org, secret, certifier_org, cara)
    case = _dispute(alice, alice_org, buyer_org, hkiac)
    _financing(alice, alice_org, staff, make_organisation, make_user)
    _operator(staff)
    ledger.sign_tree_head()
    return Scenario(secret=secret, public=public, room=room, case=case)


def test_the_scenario_writes_every_declared_kind(every_kind):
    written = set(Entry.objects.values_list("kind", flat=True))
    assert set(kinds.KINDS) <= written, (
        f"kinds with no part in the scenario: {sorted(set(kinds.KINDS) - written)}"
    )


def test_no_confidential_value_is_public_in_any_entry(every_kind):
    for entry in Entry.objects.all():
        content = json.loads(entry.leaf)
        public_part = json.dumps([content["public"], content["subject"], content["kind"]], ensure_ascii=False)
        leaked = [secret for secret in every_kind.secrets if secret in public_part or secret in entry.leaf]
        assert not leaked, f"{entry.kind} #{entry.index} publishes {leaked}"


def test_no_confidential_value_reaches_the_api_the_page_or_an_export(every_kind, client):
    size = Entry.objects.count()
    pages = [
        client.get(f"/api/v1/ledger/entries?start=0&end={size}").content.decode(),
        client.get("/ledger/").content.decode(),
        *(client.get(f"/api/v1/ledger/entries/{index}").content.decode() for index in range(size)),
    ]
    handle = io.StringIO()
    exports.write_export(handle)
    for text in [*pages, handle.getvalue()]:
        assert not [secret for secret in every_kind.secrets if secret in text]


def test_a_confidential_asset_is_logged_under_a_sealed_subject_its_owner_can_find(every_kind):
    secret = every_kind.secret
    named = f"assets.asset:{secret.pk}"
    assert not Entry.objects.filter(subject=named).exists()
    found = subjects.entries_of("assets.asset", secret.pk)
    assert set(found.values_list("kind", flat=True)) == {
        *("asset.registered", "asset.transferred", "asset.deal_recorded", "asset.encumbrance_released"),
    }
    assert all(entry.subject.startswith(f"{kinds.SEALED}:") for entry in found)
    registered = found.get(kind="asset.registered")
    assert json.loads(registered.leaf)["public"] == {}
    facts = {"number": SECRET_NUMBER, "title": SECRET_TITLE, "owner": secret.owner.name}
    assert ledger.proves_confidential(registered, facts)


def test_an_open_licence_names_only_the_public_assets_in_clear(every_kind):
    entry = Entry.objects.get(kind="listing.open_licence_taken")
    assert json.loads(entry.leaf)["public"]["assets"] == ["CN100200300B"]


def test_the_owner_finds_the_sealed_entries_on_the_asset_page(every_kind, client_as, alice, charlie):
    secret = every_kind.secret
    page = client_as(alice).get(f"/assets/{secret.pk}/").content.decode()
    for entry in subjects.entries_of("assets.asset", secret.pk):
        assert f"/api/v1/ledger/entries/{entry.index}" in page
    assert client_as(charlie).get(f"/assets/{secret.pk}/").status_code == 404


def test_a_signed_deal_names_its_parties_and_only_its_public_assets(every_kind):
    entry = Entry.objects.get(kind="deal.signed")
    content = json.loads(entry.leaf)
    assert content["subject"] == f"deals.dealroom:{every_kind.room.pk}"
    assert content["public"]["assets"] == [every_kind.public.number]
    assert (content["public"]["seller"], content["public"]["buyer"]) == (
        every_kind.room.seller.name,
        every_kind.room.buyer.name,
    )
    assert "confidential_sha256" in content
    recorded = Entry.objects.filter(kind="asset.deal_recorded")
    assert set(recorded.values_list("subject", flat=True)) == {
        f"assets.asset:{every_kind.public.pk}",
        *subjects.subjects_of("assets.asset", every_kind.secret.pk)[1:],
    }


def test_a_dispute_is_logged_under_a_sealed_subject_with_kind_institution_and_date_only(every_kind):
    case = every_kind.case
    assert not Entry.objects.filter(subject=f"disputes.case:{case.pk}").exists()
    found = subjects.entries_of("disputes.case", case.pk)
    assert list(found.values_list("kind", flat=True)) == ["dispute.filed", "dispute.closed"]
    for entry in found:
        content = json.loads(entry.leaf)
        assert content["subject"].startswith(f"{kinds.SEALED}:")
        assert content["public"] == {
            "case_kind": case.kind,
            "institution": case.rules.institution_name,
            "date": content["public"]["date"],
        }
        parties = list(case.parties.values_list("name", flat=True))
        assert not [value for value in [case.reference, *parties] if value in entry.leaf]


# Financing: a pledge loan on a confidential and a public asset, defaulted and sold to the recovery fund,
# and a confidential asset sold and licensed back, then bought back.
SECRET_PLEDGED = "CN118999888A"
SECRET_LEASED = "CN118999999A"
SECRET_PRINCIPAL = "1234567.89"
SECRET_RATE = "0.04375"
SECRET_REGISTRATION = "ZL-QF-PLEDGE-7319"
SECRET_PURPOSE = "PURPOSE-QF-2718"
SECRET_PRICE = "765432.17"
SECRETS.extend(
    [
        SECRET_PLEDGED,
        SECRET_LEASED,
        SECRET_PRINCIPAL,
        SECRET_RATE,
        SECRET_REGISTRATION,
        SECRET_PURPOSE,
        SECRET_PRICE,
    ]
)
PUBLIC_PLEDGED = "CN100200399B"


def _valued(asset, valuer):
    from valuation.models import Valuation

    return Valuation.objects.create(
        asset=asset,
        valuer=valuer,
        purpose="financing",
        methods=["cost"],
        currency="HKD",
        conclusion_low="3000000",
        conclusion_point="4000000",
        conclusion_high="5000000",
        version=1,
        status=Valuation.Status.FINAL,
        valuation_date=date.today(),
    )


def _financing_cast(make_organisation, make_user):
    kinds_of = {
        "recommender": "government",
        "guarantor": "guarantor",
        "insurer": "insurer",
        "bank": "bank",
        "valuer": "valuer",
        "fund": "investor",
        "officer": "government",
    }
    orgs = {role: make_organisation(f"Ledger {role.title()}", kind) for role, kind in kinds_of.items()}
    people = {role: make_user(f"ledger-{role}@example.com", org, "admin") for role, org in orgs.items()}
    return orgs, people


def _programme(staff, orgs):
    from financing.services import programmes

    plural = {"officer": "officers", "bank": "banks", "insurer": "insurers", "guarantor": "guarantors"}
    plural |= {"recommender": "recommenders", "valuer": "valuers", "fund": "recovery_funds"}
    return programmes.create_programme(
        by=staff,
        participants={plural[role]: [org] for role, org in orgs.items()},
        name="Ledger pledge programme",
        currency="HKD",
        guarantee_fee_rate="0.01",
        interest_subsidy_cap="50000",
        premium_subsidy_cap="30000",
        subsidy_budget="1000000",
        max_loan="5000000",
        max_ltv="0.5",
        covenant_ltv="0.7",
        valuation_max_age_days=365,
        max_loans=5,
        default_days_past_due=90,
        late_fee_rate="0.08",
    )


def _pledge_loan(alice, alice_org, staff, orgs, people):
    from datetime import timedelta

    from financing.services import applications, default, servicing
    from financing.services.evaluation import Pledge
    from tests.factories import make_asset

    pledged = [
        make_asset(alice_org, number=SECRET_PLEDGED, visibility="confidential"),
        make_asset(alice_org, number=PUBLIC_PLEDGED),
    ]
    loan = applications.apply(
        programme=_programme(staff, orgs),
        borrower=alice_org,
        by=alice,
        parties={role: orgs[role] for role in ("recommender", "guarantor", "insurer", "bank")},
        amount=SECRET_PRINCIPAL,
        term_months=12,
        pledges=[Pledge(asset, _valued(asset, orgs["valuer"]), SECRET_REGISTRATION) for asset in pledged],
        technology_field="chemistry",
        purpose=SECRET_PURPOSE,
    )
    applications.recommend(loan=loan, by=people["recommender"], reasons="Known SME")
    applications.guarantee(loan=loan, by=people["guarantor"], fee="10000")
    applications.insure(loan=loan, by=people["insurer"])
    loan = applications.lend(
        loan=loan,
        by=people["bank"],
        principal=SECRET_PRINCIPAL,
        annual_rate=SECRET_RATE,
        term_months=12,
        repayment_type="annuity",
    )
    loan = servicing.disburse(loan=loan, by=people["bank"], day=date.today() - timedelta(days=200))
    loan = default.declare_default(loan=loan, by=people["bank"], reasons="Stopped paying")
    disposal = default.offer_to_fund(loan=loan, by=people["bank"], fund=orgs["fund"])
    default.fund_purchase(disposal=disposal, by=people["fund"], price=SECRET_PRICE)
    return loan


def _licence_back(alice, alice_org, orgs, people):
    from datetime import timedelta

    from financing.services import leaseback
    from tests.factories import make_asset

    agreement = leaseback.propose(
        asset=make_asset(alice_org, number=SECRET_LEASED, visibility="confidential"),
        investor=orgs["fund"],
        by=alice,
        currency="HKD",
        price=SECRET_PRICE,
        annual_royalty="150000",
        licence_end=date.today() + timedelta(days=5 * 365),
        buyback_price="2300000",
        buyback_deadline=date.today() + timedelta(days=3 * 365),
    )
    leaseback.accept(agreement=agreement, by=people["fund"])
    return leaseback.buy_back(agreement=agreement, by=alice)


def _financing(alice, alice_org, staff, make_organisation, make_user):
    """Every financing kind, with confidential assets pledged and sold and licensed back."""
    from conftest import shared_data

    shared_data("reference/figures.json")  # a programme's risk shares come from the published figures
    orgs, people = _financing_cast(make_organisation, make_user)
    return _pledge_loan(alice, alice_org, staff, orgs, people), _licence_back(alice, alice_org, orgs, people)


def test_a_pledge_names_only_public_assets_and_the_pledgee_under_a_sealed_subject(every_kind):
    from financing.models import Loan

    loan = Loan.objects.get()
    found = subjects.entries_of("financing.loan", loan.pk)
    assert set(found.values_list("kind", flat=True)) == {
        "financing.pledge_registered",
        "financing.collateral_disposed",
        "financing.pledge_released",
    }
    assert all(entry.subject.startswith(f"{kinds.SEALED}:") for entry in found)
    registered = json.loads(found.get(kind="financing.pledge_registered").leaf)["public"]
    assert registered["assets"] == [PUBLIC_PLEDGED] and registered["pledgee"] == loan.bank.name
    assert set(json.loads(found.get(kind="financing.collateral_disposed").leaf)["public"]) == {"date"}


def test_a_sale_and_licence_back_of_a_confidential_asset_names_no_asset(every_kind):
    from financing.models import LicenceBack

    agreement = LicenceBack.objects.get()
    found = subjects.entries_of("financing.licenceback", agreement.pk)
    assert set(found.values_list("kind", flat=True)) == {
        "financing.sold_and_licensed_back",
        "financing.bought_back",
    }
    assert all(entry.subject.startswith(f"{kinds.SEALED}:") for entry in found)
    assert all(set(json.loads(entry.leaf)["public"]) == {"date"} for entry in found)

"""Demo deal rooms at several stages, clearly labelled "(demo)"; called by the demo app (demo.base.load_demo).

Everything goes through the deal services as the members would do it: a room at the NDA stage, one in
negotiation with an offer and a counter-offer, and one signed, recorded and reported on.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from deals import pdf
from deals.models import DealRoom, RoomMember
from deals.services import agreement as agreements
from deals.services import dataroom, nda, qa, royalties, terms
from deals.services import room as rooms
from listings import services as market
from listings.models import Interest, Listing

HER2 = "HER2 ADC in phase 3 — exclusive licence for ASEAN and the Gulf (demo)"
KRAS = "KRAS G12C inhibitor — co-development partner for Belt and Road markets (demo)"
CAR_T = "PD-1 switch-receptor CAR-T for solid tumours — non-exclusive licences (demo)"
# An illustrative drug model (fictitious figures) so that each version of the terms is valued in the room.
MODEL = {
    "currency": "USD",
    "discount_rate": "0.11",
    "valuation_date": "2026-01-01",
    "current_phase": "phase2",
    "phase_probabilities": {"phase2_to_phase3": "0.35", "phase3_to_filing": "0.55", "filing_to_approval": "0.85"},
    "development": [
        {"phase": "phase2", "duration_years": "2", "cost": "40000000"},
        {"phase": "phase3", "duration_years": "3", "cost": "150000000"},
        {"phase": "filing", "duration_years": "1", "cost": "5000000"},
    ],
    "expiry_date": "2041-06-30",
    "commercial": {
        "peak_sales": "600000000", "ramp_up_years": 5, "peak_years": 3, "decline_rate": "0.05",
        "loss_of_exclusivity_erosion": "0.8", "post_exclusivity_years": 3, "cost_of_goods_rate": "0.12",
        "selling_cost_rate": "0.25", "tax_rate": "0.165",
    },
}  # fmt: skip


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _listing(title: str) -> Listing | None:
    return Listing.objects.filter(title=title, is_demo=True).first()


def _room_from_lead(listing: Listing, buyer: Organisation, buyer_lead: User, seller_lead: User) -> DealRoom:
    interest = Interest.objects.filter(listing=listing, organisation=buyer).first()
    if interest is None:
        interest = market.express_interest(
            listing=listing, organisation=buyer, by=buyer_lead, message="Interested (demo)."
        )
    if interest.status == Interest.Status.PENDING:
        market.decide_interest(interest=interest, by=seller_lead, accept=True)
    return DealRoom.objects.get(interest=interest)


def _signatories(room: DealRoom, *leads: User) -> None:
    for lead in leads:
        seat = room.members.get(user=lead)
        rooms.change_role(member=seat, by=lead, role=RoomMember.Role.SIGNATORY)


def _terms(room: DealRoom, listing: Listing, **changes) -> dict:
    data = {
        "deal_type": listing.deal_type, "assets": list(listing.items.values_list("asset_id", flat=True)),
        "field_of_use": "human oncology", "territories": listing.territories, "excluded_territories": [],
        "exclusivity": "exclusive" if listing.deal_type == "exclusive_licence" else "non_exclusive",
        "currency": "USD", "upfront": "8000000",
        "milestones": [{"kind": "regulatory", "event": "approval", "amount": "25000000"},
                       {"kind": "sales", "event": "annual net sales above USD 200M", "amount": "15000000", "threshold": "200000000"}],
        "royalty_tiers": [{"from": "0", "to": "200000000", "rate": "7"}, {"from": "200000000", "rate": "9"}],
        "step_downs": [{"trigger": "patent_expiry", "reduction": "50"}], "royalty_floor": "3",
        "sublicensing_share": "25", "term_years": 12, "royalty_years": 10,
        "diligence": "File the first marketing application within 24 months.",
    }  # fmt: skip
    data.update(changes)
    return data


def _nda_stage(orgs: dict, listing: Listing) -> None:
    """HER2 ADC: the room is open, the seller signed the NDA, the buyer has not yet."""
    seller, buyer = _person("bd@demo.ipharbour.example"), _person("buyer@demo.ipharbour.example")
    if seller is None or buyer is None:
        return
    room = _room_from_lead(listing, orgs["demo-gulf-pharma"], buyer, seller)
    _signatories(room, seller)
    nda.prepare_nda(room=room, by=seller)
    nda.sign_nda(room=room, by=seller)
    teaser = pdf.render(
        title="HER2 ADC — non-confidential summary (demo)",
        blocks=["Phase 3 in HER2+ gastric cancer."],
        rows=[],
    )
    dataroom.upload_document(
        room=room,
        by=seller,
        tier="non_confidential",
        title="Summary (demo)",
        filename="summary.pdf",
        data=teaser,
    )
    qa.ask_question(room=room, by=buyer, category="clinical", text="When does the phase 3 read out? (demo)")
    DealRoom.objects.filter(pk=room.pk).update(is_demo=True)


def _negotiation(orgs: dict, listing: Listing) -> None:
    """KRAS co-development with the investor: NDA signed, an offer and a counter-offer on the table."""
    seller, buyer = _person("bd@demo.ipharbour.example"), _person("investor@demo.ipharbour.example")
    if seller is None or buyer is None:
        return
    room = rooms.invite_organisation(
        seller=orgs["demo-shanghai-oncology"], buyer=orgs["demo-investor"], by=seller, listing=listing
    )
    _signatories(room, seller, buyer)
    nda.prepare_nda(room=room, by=seller)
    nda.sign_nda(room=room, by=seller)
    nda.sign_nda(room=room, by=buyer)
    rooms.set_valuation_model(room=room, by=seller, model=MODEL)
    terms.offer_terms(
        room=room, by=seller, terms=_terms(room, listing, equity="10"), note="Opening offer (demo)."
    )
    terms.offer_terms(
        room=room,
        by=buyer,
        terms=_terms(room, listing, equity="15", upfront="5000000"),
        note="Counter-offer (demo).",
    )
    qa.post_message(room=room, by=buyer, body="We can move on equity if the upfront comes down. (demo)")
    DealRoom.objects.filter(pk=room.pk).update(is_demo=True)


def _signed(orgs: dict, listing: Listing) -> None:
    """CAR-T: a non-exclusive licence signed, sealed, recorded in the registry and the log; one report filed."""
    seller, buyer = _person("tto@demo.ipharbour.example"), _person("buyer@demo.ipharbour.example")
    if seller is None or buyer is None:
        return
    room = _room_from_lead(listing, orgs["demo-gulf-pharma"], buyer, seller)
    _signatories(room, seller, buyer)
    nda.prepare_nda(room=room, by=seller)
    nda.sign_nda(room=room, by=seller)
    nda.sign_nda(room=room, by=buyer)
    sheet = terms.offer_terms(
        room=room, by=seller, terms=_terms(room, listing, territories=["GCC"], upfront="2000000")
    )
    terms.accept_terms(sheet=sheet, by=buyer)
    agreement = agreements.generate_agreement(room=room, by=seller)
    agreements.sign_agreement(agreement=agreement, by=buyer)
    agreements.sign_agreement(agreement=agreement, by=seller)
    room.refresh_from_db()
    today = timezone.localdate()
    royalties.submit_report(
        room=room, by=buyer, period_start=today - timedelta(days=90), period_end=today - timedelta(days=1),
        sales_currency="AED", exchange_rate="0.2723", lines=[{"product": "CAR-T (demo)", "territory": "AE", "net_sales": "12500000"}],
    )  # fmt: skip
    DealRoom.objects.filter(pk=room.pk).update(is_demo=True)


@transaction.atomic
def load_demo_deals(orgs: dict[str, Organisation]) -> dict[str, int]:
    """Create the demo deal rooms; running it again changes nothing."""
    stages = ((HER2, _nda_stage), (KRAS, _negotiation), (CAR_T, _signed))
    for title, build in stages:
        listing = _listing(title)
        if listing is not None and not DealRoom.objects.filter(listing=listing, is_demo=True).exists():
            build(orgs, listing)
    return {"rooms": DealRoom.objects.filter(is_demo=True).count()}

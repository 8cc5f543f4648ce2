"""Demo financing: two programmes side by side and loans at every stage, clearly labelled as demo data.

Loads after demo.base (organisations, people) and drives the real services, so every pledge is
registered and logged as it would be. Running it again changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from assets.models import Asset
from assets.services import create_asset
from financing.models import Loan, Programme
from financing.services import applications, default, programmes, servicing
from financing.services.evaluation import Pledge
from valuation import services as valuation_services

# People for the demo organisations that take part in financing but have nobody in demo.base.
PEOPLE = [
    ("insurer@demo.ipharbour.example", "Ivy Insurer (IP insurance)", "demo-insurer"),
    ("guarantor@demo.ipharbour.example", "Gao Guarantor (credit guarantee)", "demo-guarantor"),
    ("officer@demo.ipharbour.example", "Owen Officer (programme office)", "demo-government"),
    ("soe@demo.ipharbour.example", "Wang Qiang (SOE licensing)", "demo-state-pharma"),
]
PROGRAMMES: list[dict[str, Any]] = [
    {
        "name": "IP financing sandbox — pilot (demo)",
        "description": "Pledge loans for Hong Kong SMEs and universities in the sandbox's first batch (demo).",
        "currency": "HKD",
        "eligible_fields": ["chemistry", "electrical", "mechanical engineering", "biomedicine"],
        "guarantee_fee_rate": "0.01",
        "interest_subsidy_cap": "80000",
        "premium_subsidy_cap": "50000",
        "subsidy_budget": "2000000",
        "government_compensation_share": "0.1",
        "max_loan": "5000000",
        "max_ltv": "0.5",
        "covenant_ltv": "0.6",
        "valuation_max_age_days": 365,
        "max_loans": 5,
        "default_days_past_due": 90,
        "late_fee_rate": "0.08",
    },
    {
        "name": "Qingdao-style insured pledge scheme (demo)",
        "description": "Insurer, guarantor and bank share losses 6:2:2; one-year loans (demo).",
        "currency": "HKD",
        "guarantee_fee_rate": "0.015",
        "interest_subsidy_cap": "50000",
        "premium_subsidy_cap": "30000",
        "subsidy_budget": "1000000",
        "max_loan": "3000000",
        "max_ltv": "0.4",
        "covenant_ltv": "0.5",
        "valuation_max_age_days": 180,
        "max_loans": 20,
        "default_days_past_due": 60,
        "late_fee_rate": "0.1",
    },
]
# (borrower, asset number, collateral value, amount, months, repayment type, stage to reach)
LOANS = [
    ("demo-shanghai-oncology", "CN000000101A", "6000000", "2000000", 12, "annuity", Loan.Stage.ACTIVE),
    # The CAR-T patent licensed in the deals demo's signed room: its royalty report is the lender's evidence.
    ("demo-harbour-university", "HK00000004", "3000000", "1000000", 12, "interest_only", Loan.Stage.APPLIED),
    ("demo-lingnan-tcm", "CN000000103A", "2500000", "800000", 6, "bullet", Loan.Stage.INSURED),
    ("demo-state-pharma", "CN000000104A", "4000000", "1500000", 12, "annuity", Loan.Stage.REPAID),
    ("demo-shanghai-oncology", "CN000000105A", "2000000", "900000", 6, "bullet", Loan.Stage.DISPOSED),
    # In default, its collateral in an open sealed-bid auction (linked from the marketplace).
    ("demo-harbour-university", "HK00000107", "3000000", "1000000", 6, "bullet", Loan.Stage.DEFAULTED),
]


def _admin(organisation: Organisation) -> User | None:
    membership = organisation.memberships.filter(role="admin").select_related("user").first()
    return membership.user if membership else None


def _people(orgs: dict[str, Organisation]) -> dict[str, User]:
    from allauth.account.models import EmailAddress

    people = {}
    for email, display, slug in PEOPLE:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email,
            None,
            display_name=display,  # the demo app gives every demo person the demo password
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(user=user, organisation=orgs[slug], defaults={"role": "admin"})
        people[slug] = user
    return people


def _programmes(orgs: dict[str, Organisation], operator: User) -> list[Programme]:
    participants = {
        "officers": [orgs["demo-government"], orgs["demo-operator"]],
        "banks": [orgs["demo-bank"]],
        "insurers": [orgs["demo-insurer"]],
        "guarantors": [orgs["demo-guarantor"]],
        "recommenders": [orgs["demo-government"], orgs["demo-operator"]],
        "valuers": [orgs["demo-valuer"]],
        "recovery_funds": [orgs["demo-investor"]],
    }
    found = []
    for spec in PROGRAMMES:
        programme = Programme.objects.filter(name=spec["name"]).first()
        if programme is None:
            programme = programmes.create_programme(by=operator, participants=participants, **spec)
            Programme.objects.filter(pk=programme.pk).update(is_demo=True)
        found.append(programme)
    return found


def _valued_asset(org: Organisation, number: str, value: str, valuer: User, orgs: dict) -> tuple[Asset, Any]:
    asset = Asset.objects.filter(number=number).first() or create_asset(
        organisation=org,
        by=_admin(org) or _operator(orgs),
        number=number,
        kind="invention",
        jurisdiction=number[:2],
        title=f"Collateral patent {number} (demo)",
        abstract="A patent offered as collateral in the financing demo. (Demo data)",
        legal_status="granted",
        visibility="public",
    )
    Asset.objects.filter(pk=asset.pk).update(is_demo=True)
    cost = {
        "cost": {
            "currency": "HKD",
            "cost_items": [{"description": "replacement cost (demo)", "amount": value}],
        }
    }
    valuation = valuation_services.create_valuation(
        asset=asset,
        by=valuer,
        purpose="financing",
        methods=["cost"],
        inputs=cost,
        currency="HKD",
        valuer=orgs["demo-valuer"],
    )
    valuation_services.run_valuation(valuation=valuation, by=valuer)
    return asset, valuation_services.finalise_valuation(valuation=valuation, by=valuer)


def _operator(orgs: dict[str, Organisation]) -> User:
    return User.objects.filter(is_staff=True, memberships__organisation=orgs["demo-operator"]).first()  # type: ignore[return-value]


def _loan(spec: tuple, programme: Programme, orgs: dict, people: dict) -> None:
    slug, number, value, amount, months, repayment, target = spec
    if Loan.objects.filter(pledged__asset__number=number).exists():
        return
    operator = _operator(orgs)
    valuer = User.objects.get(email="valuer@demo.ipharbour.example")
    asset, valuation = _valued_asset(orgs[slug], number, value, valuer, orgs)
    borrower_person = _admin(orgs[slug]) or operator
    loan = applications.apply(
        programme=programme,
        borrower=orgs[slug],
        by=borrower_person,
        parties={
            "recommender": orgs["demo-government"],
            "guarantor": orgs["demo-guarantor"],
            "insurer": orgs["demo-insurer"],
            "bank": orgs["demo-bank"],
        },
        amount=amount,
        term_months=months,
        pledges=[Pledge(asset, valuation, f"DEMO-ZL-{number}")],
        technology_field="chemistry",
        purpose="Working capital for the next development stage (demo).",
    )
    Loan.objects.filter(pk=loan.pk).update(is_demo=True)
    _advance(loan, target, repayment, people, orgs)


def _advance(loan: Loan, target: str, repayment: str, people: dict, orgs: dict) -> None:
    """Take the loan through the chain as far as `target`, each step by its own party."""
    bank = User.objects.get(email="lender@demo.ipharbour.example")
    days_ago = {"repaid": 400, "disposed": 200, "defaulted": 300}.get(target, 40)
    start = timezone.localdate() - datetime.timedelta(days=days_ago)
    order = [
        Loan.Stage.APPLIED,
        Loan.Stage.RECOMMENDED,
        Loan.Stage.GUARANTEED,
        Loan.Stage.INSURED,
        Loan.Stage.APPROVED,
    ]
    steps = [
        lambda: applications.recommend(
            loan=loan, by=people["demo-government"], reasons="Innovative SME in the district (demo)"
        ),
        lambda: applications.guarantee(
            loan=loan, by=people["demo-guarantor"], fee=str(loan.requested_amount * Decimal("0.01"))
        ),
        lambda: applications.insure(loan=loan, by=people["demo-insurer"]),
        lambda: applications.lend(
            loan=loan,
            by=bank,
            principal=loan.requested_amount,
            annual_rate="0.045",
            term_months=loan.requested_term_months,
            repayment_type=repayment,
            day=start,
        ),
    ]
    final = order.index(Loan.Stage(target)) if target in order else len(steps)
    for step in steps[:final]:
        step()
    if target in order:
        return
    loan = servicing.disburse(loan=loan, by=bank, day=start)
    if target == Loan.Stage.ACTIVE:
        first = loan.instalments.get(number=1)
        servicing.record_payment(
            loan=loan, by=bank, amount=first.amount, currency=loan.currency, day=first.due_date
        )
        _revalue_down(loan)
    elif target == Loan.Stage.REPAID:
        for line in loan.instalments.order_by("number"):
            servicing.record_payment(
                loan=loan,
                by=bank,
                amount=line.amount,
                currency=loan.currency,
                day=line.due_date,
                reference="demo",
            )
    elif target == Loan.Stage.DISPOSED:
        default.declare_default(loan=loan, by=bank, reasons="Payments stopped after the trial failed (demo)")
        disposal = default.offer_to_fund(loan=loan, by=bank, fund=orgs["demo-investor"])
        investor = User.objects.get(email="investor@demo.ipharbour.example")
        default.fund_purchase(disposal=disposal, by=investor, price=str(loan.principal * Decimal("0.45")))
    elif target == Loan.Stage.DEFAULTED:
        _auction(loan, bank)


def _auction(loan: Loan, bank: User) -> None:
    """The bank declares the default and auctions the collateral for two weeks; an overseas buyer bids."""
    default.declare_default(loan=loan, by=bank, reasons="Balloon not paid at maturity (demo)")
    disposal = default.start_auction(
        loan=loan,
        by=bank,
        reserve_price=str(loan.principal * Decimal("0.4")),
        ends_at=timezone.now() + datetime.timedelta(days=14),
        sealed=True,
    )
    buyer = User.objects.filter(email="buyer@demo.ipharbour.example").first()
    organisation = Organisation.objects.filter(slug="demo-gulf-pharma").first()
    if buyer is not None and organisation is not None:
        default.place_bid(
            disposal=disposal, by=buyer, bidder=organisation, amount=str(loan.principal * Decimal("0.45"))
        )


def _revalue_down(loan: Loan) -> None:
    """A later, lower draft valuation of the collateral: the covenant monitor raises an alert."""
    valuer = User.objects.get(email="valuer@demo.ipharbour.example")
    item = loan.pledged.select_related("asset").get()
    lower = str((item.value * Decimal("0.5")).quantize(Decimal(1)))
    cost = {
        "cost": {"currency": "HKD", "cost_items": [{"description": "market check (demo)", "amount": lower}]}
    }
    draft = valuation_services.create_valuation(
        asset=item.asset,
        by=valuer,
        purpose="financing",
        methods=["cost"],
        inputs=cost,
        currency="HKD",
        valuer=loan.programme.valuers.first(),
    )
    valuation_services.run_valuation(valuation=draft, by=valuer)


def _licence_back(orgs: dict[str, Organisation]) -> None:
    """A sale and licence back to the demo family office, with a first royalty paid."""
    from financing.models import LicenceBack
    from financing.services import leaseback

    if LicenceBack.objects.filter(asset__number="CN000000106A").exists():
        return
    seller, investor = orgs["demo-lingnan-tcm"], orgs["demo-investor"]
    owner = _admin(seller) or _operator(orgs)
    asset = create_asset(
        organisation=seller,
        by=owner,
        number="CN000000106A",
        kind="invention",
        jurisdiction="CN",
        title="Herbal extract formulation for chronic cough (demo)",
        legal_status="granted",
        visibility="public",
        abstract="A standardised herbal extract; sold to an investor and licensed back (demo data).",
    )
    Asset.objects.filter(pk=asset.pk).update(is_demo=True)
    today = timezone.localdate()
    agreement = leaseback.propose(
        asset=asset,
        investor=investor,
        by=owner,
        currency="HKD",
        price="3000000",
        annual_royalty="240000",
        licence_end=today + datetime.timedelta(days=5 * 365),
        buyback_price="3300000",
        buyback_deadline=today + datetime.timedelta(days=3 * 365),
    )
    buyer = User.objects.get(email="investor@demo.ipharbour.example")
    leaseback.accept(agreement=agreement, by=buyer)
    leaseback.record_royalty(agreement=agreement, by=buyer, amount="60000", currency="HKD")


@transaction.atomic
def load_demo_financing(orgs: dict[str, Organisation]) -> dict[str, int]:
    """Create the demo programmes and loans; running it again changes nothing."""
    operator = _operator(orgs)
    if operator is None:
        return {"programmes": 0, "loans": 0}
    people = _people(orgs)
    sandbox, qingdao = _programmes(orgs, operator)
    for index, spec in enumerate(LOANS):
        _loan(spec, sandbox if index % 2 == 0 else qingdao, orgs, people)
    _licence_back(orgs)
    return {
        "programmes": Programme.objects.filter(is_demo=True).count(),
        "loans": Loan.objects.filter(is_demo=True).count(),
    }

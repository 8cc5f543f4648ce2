"""The cast of a pledge loan: Alice Bio borrows (Alice owns, Bob participates), a recommender, a guarantor,
an insurer, a bank, an approved valuer, a recovery fund and the programme's officer; Charlie is an outsider."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import shared_data
from financing.services import applications, programmes
from financing.services.evaluation import Pledge
from tests.factories import make_asset
from valuation.models import Valuation


@pytest.fixture
def cast(make_organisation, make_user, alice_org):
    orgs = {
        "borrower": alice_org,
        "recommender": make_organisation("District Innovation Office", "government"),
        "guarantor": make_organisation("Bay Guarantee", "guarantor"),
        "insurer": make_organisation("Harbour Insurance", "insurer"),
        "bank": make_organisation("Victoria Bank", "bank"),
        "valuer": make_organisation("Sound Valuers", "valuer"),
        "fund": make_organisation("IP Recovery Fund", "investor"),
        "officer": make_organisation("Sandbox Office", "government"),
        "bidder": make_organisation("Bidder Tech", "company"),
    }
    people = {
        role: make_user(f"{role}@example.com", org, "admin")
        for role, org in orgs.items()
        if role != "borrower"
    }
    return {"orgs": orgs, "people": people}


@pytest.fixture
def programme(cast, staff):
    shared_data("reference/figures.json")
    orgs = cast["orgs"]
    return programmes.create_programme(
        by=staff,
        participants={
            "officers": [orgs["officer"]],
            "banks": [orgs["bank"]],
            "insurers": [orgs["insurer"]],
            "guarantors": [orgs["guarantor"]],
            "recommenders": [orgs["recommender"]],
            "valuers": [orgs["valuer"]],
            "recovery_funds": [orgs["fund"]],
        },
        name="IP financing sandbox — pilot",
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


@pytest.fixture
def make_valued_asset(cast, alice_org):
    counter = iter(range(1, 100))

    def build(
        point="4000000", *, status=Valuation.Status.FINAL, age_days=30, currency="HKD", visibility="public"
    ):
        number = f"CN20261{next(counter):04d}A"
        asset = make_asset(alice_org, number=number, visibility=visibility)
        valuation = Valuation.objects.create(
            asset=asset,
            valuer=cast["orgs"]["valuer"],
            purpose="financing",
            methods=["cost"],
            currency=currency,
            conclusion_low=Decimal(point) * Decimal("0.8"),
            conclusion_point=Decimal(point),
            conclusion_high=Decimal(point) * Decimal("1.2"),
            version=1,
            status=status,
            valuation_date=timezone.localdate() - datetime.timedelta(days=age_days),
        )
        return asset, valuation

    return build


@pytest.fixture
def apply_for(cast, programme, alice, make_valued_asset):
    def build(amount="1000000", *, pledges=None, term_months=12):
        if pledges is None:
            asset, valuation = make_valued_asset()
            pledges = [Pledge(asset, valuation, "ZL-PLEDGE-001")]
        orgs = cast["orgs"]
        return applications.apply(
            programme=programme,
            borrower=orgs["borrower"],
            by=alice,
            parties={role: orgs[role] for role in ("recommender", "guarantor", "insurer", "bank")},
            amount=amount,
            term_months=term_months,
            pledges=pledges,
            technology_field="chemistry",
        )

    return build


@pytest.fixture
def approved_loan(cast, apply_for):
    people = cast["people"]
    loan = apply_for()
    applications.recommend(loan=loan, by=people["recommender"], reasons="Known SME")
    applications.guarantee(loan=loan, by=people["guarantor"], fee="10000")
    applications.insure(loan=loan, by=people["insurer"])
    return applications.lend(
        loan=loan,
        by=people["bank"],
        principal="1000000",
        annual_rate="0.045",
        term_months=12,
        repayment_type="annuity",
    )

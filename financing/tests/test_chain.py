"""The application chain: apply → recommend → evaluate → guarantee → insure → lend, and its refusals."""

from decimal import Decimal

import pytest

from assets.models import Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import events_for
from financing.models import Decision, Loan, LoanAsset
from financing.services import applications, programmes
from financing.services.evaluation import Pledge
from ledger.models import Entry
from valuation.models import Valuation, ValuationShare

pytestmark = pytest.mark.django_db


def test_programme_takes_the_qingdao_risk_shares_from_the_published_figures(programme):
    from core.figures import figure

    published = figure("ip_pledge_financing_models.qingdao.risk_share").value
    assert programme.risk_shares() == {role: Decimal(str(share)) for role, share in published.items()}
    assert sum(programme.risk_shares().values()) == 1


def test_shares_not_summing_to_one_are_refused_and_nothing_changes(programme, cast):
    before = programme.risk_shares()
    with pytest.raises(InvalidInput, match="sum to exactly 1"):
        programmes.set_risk_shares(
            programme=programme,
            by=cast["people"]["officer"],
            shares={"insurer": "0.5", "guarantor": "0.3", "bank": "0.1"},
        )
    programme.refresh_from_db()
    assert programme.risk_shares() == before


def test_officer_may_set_any_split_that_sums_to_one(programme, cast):
    programmes.set_risk_shares(
        programme=programme,
        by=cast["people"]["officer"],
        shares={"insurer": "0.5", "guarantor": "0.25", "bank": "0.25"},
    )
    programme.refresh_from_db()
    assert programme.bank_share == Decimal("0.25")


def test_outsider_cannot_change_the_programme(programme, charlie):
    with pytest.raises(Forbidden):
        programmes.set_risk_shares(
            programme=programme, by=charlie, shares={"insurer": "1", "guarantor": "0", "bank": "0"}
        )


def test_application_evaluates_the_collateral_and_shares_the_valuation(apply_for, cast):
    loan = apply_for("1000000")
    assert loan.stage == Loan.Stage.APPLIED
    assert loan.collateral_value == Decimal("4000000")
    assert loan.ltv == Decimal("0.25")
    valuation = loan.pledged.get().valuation
    shared_with = set(
        ValuationShare.objects.filter(valuation=valuation).values_list("organisation_id", flat=True)
    )
    assert shared_with == {cast["orgs"][role].pk for role in ("guarantor", "insurer", "bank")}
    assert list(loan.decisions.values_list("step", flat=True)) == ["apply", "evaluate"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("above_max", "maximum loan"),
        ("above_ltv", "loan-to-value"),
        ("stale", "at most 365 days"),
        ("draft", "not finalised"),
        ("currency", "lends in HKD"),
    ],
)
def test_bad_applications_are_refused_and_nothing_changes(apply_for, make_valued_asset, case, message):
    amount = {"above_max": "6000000", "above_ltv": "2500000"}.get(case, "1000000")
    options = {
        "stale": {"age_days": 400},
        "draft": {"status": Valuation.Status.DRAFT},
        "currency": {"currency": "USD"},
    }
    asset, valuation = make_valued_asset(
        "9000000" if case == "above_max" else "4000000", **options.get(case, {})
    )
    with pytest.raises(InvalidInput, match=message):
        apply_for(amount, pledges=[Pledge(asset, valuation)])
    assert not Loan.objects.exists()
    assert not LoanAsset.objects.exists()
    assert not ValuationShare.objects.exists()


def test_an_asset_already_offered_or_pledged_cannot_secure_another_loan(
    apply_for, approved_loan, make_valued_asset
):
    asset = approved_loan.pledged.get().asset
    valuation = Valuation.objects.get(asset=asset)
    count = Loan.objects.count()
    with pytest.raises(Conflict, match="already pledged"):
        apply_for(pledges=[Pledge(asset, valuation)])
    assert Loan.objects.count() == count


def test_each_party_decides_in_turn_and_the_bank_registers_the_pledge(approved_loan, cast):
    loan = approved_loan
    assert loan.stage == Loan.Stage.APPROVED
    assert loan.premium == Decimal("1000000") * loan.programme.premium_rate
    steps = list(loan.decisions.values_list("step", "outcome"))
    assert [step for step, _outcome in steps] == [
        "apply",
        "evaluate",
        "recommend",
        "guarantee",
        "insure",
        "lend",
    ]
    pledge = loan.pledged.get().encumbrance
    assert pledge.kind == Encumbrance.Kind.PLEDGE
    assert pledge.holder_organisation == cast["orgs"]["bank"]
    assert pledge.reference == "ZL-PLEDGE-001"


def test_the_log_entry_of_a_pledge_shows_public_facts_only(approved_loan):
    entry = Entry.objects.get(kind="financing.pledge_registered")
    leaf = entry.leaf
    asset = approved_loan.pledged.get().asset
    assert asset.number in leaf and approved_loan.bank.name in leaf
    assert "1000000" not in leaf and "0.045" not in leaf and "annuity" not in leaf


def test_a_confidential_assets_number_stays_out_of_the_log(apply_for, make_valued_asset, cast):
    asset, valuation = make_valued_asset(visibility="confidential")
    loan = apply_for(pledges=[Pledge(asset, valuation)])
    people = cast["people"]
    applications.recommend(loan=loan, by=people["recommender"])
    applications.guarantee(loan=loan, by=people["guarantor"], fee="0")
    applications.insure(loan=loan, by=people["insurer"])
    applications.lend(
        loan=loan,
        by=people["bank"],
        principal="1000000",
        annual_rate="0.04",
        term_months=6,
        repayment_type="bullet",
    )
    assert asset.number not in Entry.objects.get(kind="financing.pledge_registered").leaf


def test_a_party_may_refuse_with_a_reason_which_is_recorded(apply_for, cast):
    loan = apply_for()
    applications.recommend(loan=loan, by=cast["people"]["recommender"])
    applications.refuse(
        loan=loan, by=cast["people"]["guarantor"], role="guarantor", reasons="Sector too risky"
    )
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.REFUSED
    refusal = loan.decisions.get(outcome=Decision.Outcome.REFUSED)
    assert refusal.reasons == "Sector too risky" and refusal.organisation == cast["orgs"]["guarantor"]


def test_a_refusal_without_a_reason_is_refused(apply_for, cast):
    loan = apply_for()
    with pytest.raises(InvalidInput):
        applications.refuse(loan=loan, by=cast["people"]["recommender"], role="recommender", reasons=" ")
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.APPLIED


def test_a_party_cannot_act_out_of_turn(apply_for, cast):
    loan = apply_for()
    with pytest.raises(Conflict):
        applications.insure(loan=loan, by=cast["people"]["insurer"])
    with pytest.raises(Forbidden):
        applications.recommend(loan=loan, by=cast["people"]["bank"])
    assert not events_for(loan).filter(kind__startswith="financing.recommend").exists()


def test_the_bank_cannot_approve_above_the_programme_limits(apply_for, cast):
    people = cast["people"]
    loan = apply_for()
    applications.recommend(loan=loan, by=people["recommender"])
    applications.guarantee(loan=loan, by=people["guarantor"], fee="0")
    applications.insure(loan=loan, by=people["insurer"])
    with pytest.raises(InvalidInput, match="loan-to-value"):
        applications.lend(
            loan=loan,
            by=people["bank"],
            principal="2500000",
            annual_rate="0.04",
            term_months=12,
            repayment_type="annuity",
        )
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.INSURED and loan.principal is None
    assert not Encumbrance.objects.exists()


def test_quota_counts_applications(apply_for, programme):
    apply_for()
    assert programmes.quota(programme)["loans_used"] == 1


def test_an_organisation_awaiting_approval_cannot_apply_and_nothing_changes(apply_for, cast, alice_org):
    from accounts.models import Organisation

    alice_org.status = Organisation.Status.PENDING
    alice_org.save(update_fields=["status"])
    with pytest.raises(Forbidden, match="approv"):
        apply_for()
    assert not Loan.objects.exists()

"""The valuation-fee subsidy: seeded from figures.json, eligibility, quota, approval and payout."""

import datetime
from decimal import Decimal

import pytest

from conftest import shared_data
from core.errors import Conflict, Forbidden
from core.figures import published
from tests.factories import make_asset
from valuation import indicator_defaults, services
from valuation.subsidy import services as subsidy
from valuation.subsidy.models import SubsidyApplication, SubsidyProgramme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    shared_data("reference/figures.json")
    found = SubsidyProgramme.objects.get()
    found.starts_on = datetime.date(2025, 12, 22)
    found.save()
    return found


@pytest.fixture
def scored_valuation(alice_org, alice):
    asset = make_asset(alice_org, number="CN980A")
    scores = {code: "60" for code, *_r, kind, _m in indicator_defaults.TREE if kind != "derived"}
    valuation = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="financing",
        methods=["indicators"],
        inputs={"indicators": {"scores": scores}},
        currency="HKD",
    )
    services.run_valuation(valuation=valuation, by=alice)
    return valuation


def apply(programme, valuation, by, fee="200000", field="chemistry"):
    return subsidy.apply_for_subsidy(
        programme=programme,
        organisation=valuation.asset.owner,
        asset=valuation.asset,
        valuation=valuation,
        technology_field=field,
        valuation_fee=fee,
        by=by,
    )


def test_the_programme_is_seeded_from_figures_json(programme):
    block = published()["ip_pledge_financing_models"]["hong_kong_valuation_subsidy"]
    assert programme.share_of_fee == Decimal(str(block["share_of_fee"]))
    assert programme.max_subsidy_per_case == Decimal(str(block["max_subsidy_hkd_per_case"]))
    assert programme.max_cases_per_year == block["max_cases_per_year"]
    assert programme.fields == block["fields"]


def test_an_eligible_application_is_approved_within_the_cap_and_paid(
    programme, scored_valuation, alice, staff
):
    application = apply(programme, scored_valuation, alice)
    assert application.status == SubsidyApplication.Status.SUBMITTED
    assert all(check["met"] for check in application.eligibility)
    subsidy.approve_application(application=application, by=staff)
    # half of 200,000 would be 100,000; the cap per case applies
    assert application.approved_amount == min(Decimal(100000), programme.max_subsidy_per_case)
    payout = subsidy.record_payout(application=application, by=staff, reference="FPS-0001")
    assert payout.amount == application.approved_amount and application.status == "paid"
    with pytest.raises(Conflict):
        subsidy.record_payout(application=application, by=staff, reference="FPS-0002")


def test_a_field_outside_the_programme_is_not_eligible(programme, scored_valuation, alice, staff):
    application = apply(programme, scored_valuation, alice, field="biotechnology")
    assert application.status == SubsidyApplication.Status.INELIGIBLE
    assert [c["rule"] for c in application.eligibility if not c["met"]] == ["field"]
    with pytest.raises(Conflict):
        subsidy.approve_application(application=application, by=staff)


def test_the_yearly_quota_is_enforced(programme, scored_valuation, alice, staff):
    programme.max_cases_per_year = 1
    programme.save()
    first, second = apply(programme, scored_valuation, alice), apply(programme, scored_valuation, alice)
    subsidy.approve_application(application=first, by=staff)
    with pytest.raises(Conflict, match="quota"):
        subsidy.approve_application(application=second, by=staff)
    assert apply(programme, scored_valuation, alice).status == SubsidyApplication.Status.INELIGIBLE


def test_only_the_officer_decides_and_only_members_apply(programme, scored_valuation, alice, charlie):
    with pytest.raises(Forbidden):
        apply(programme, scored_valuation, charlie)
    application = apply(programme, scored_valuation, alice)
    with pytest.raises(Forbidden):
        subsidy.approve_application(application=application, by=alice)


def test_applications_are_visible_to_the_applicant_and_the_operator(
    programme, scored_valuation, alice, bob, charlie, staff
):
    apply(programme, scored_valuation, alice)
    assert SubsidyApplication.objects.visible_to(bob).count() == 1
    assert SubsidyApplication.objects.visible_to(staff).count() == 1
    assert SubsidyApplication.objects.visible_to(charlie).count() == 0

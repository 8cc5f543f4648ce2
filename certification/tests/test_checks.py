"""Each automatic check passes on good registry data and fails on the data that should fail it."""

from datetime import date

import pytest

from assets import services as registry
from assets.models import BiomedicalProfile, Encumbrance, TitleTransfer
from certification import checks
from certification.models import CertificationRequest, CheckResult
from tests.factories import make_asset
from trials.models import Trial, TrialLink

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


@pytest.fixture
def request_for(certifier_org, drug_asset):
    def build(asset=drug_asset, requester=None):
        return CertificationRequest.objects.create(
            certifier=certifier_org, requester=requester or asset.owner, asset=asset
        )

    return build


def _codes(result, ok):
    return [f["code"] for f in result.findings if f["ok"] is ok]


# Validity


def test_validity_passes_for_a_granted_unexpired_patent_with_fees_paid(request_for):
    result = checks.check_validity(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.PASSED
    assert result.facts["expiry_date"] == "2040-01-15"


@pytest.mark.parametrize("status", ["pending", "lapsed", "revoked", "withdrawn", "expired"])
def test_validity_fails_unless_granted(request_for, drug_asset, status):
    drug_asset.legal_status = status
    result = checks.check_validity(request_for(drug_asset), TODAY)
    assert result.outcome == CheckResult.Outcome.FAILED
    assert _codes(result, False) == ["status_granted"]


def test_validity_fails_after_expiry(request_for, drug_asset):
    result = checks.check_validity(request_for(drug_asset), date(2040, 1, 15))
    assert "not_expired" in _codes(result, False)


def test_validity_fails_without_an_expiry_on_record(request_for, alice_org):
    secret = make_asset(alice_org, number="", kind="trade_secret", title="Process know-how")
    assert "no_expiry" in _codes(checks.check_validity(request_for(secret), TODAY), False)


def test_validity_fails_when_lapsed_for_fees_until_restored(request_for, drug_asset, alice):
    registry.add_legal_event(asset=drug_asset, by=alice, day=date(2025, 3, 1), effect="lapsed")
    drug_asset.refresh_from_db()
    failed = checks.check_validity(request_for(drug_asset), TODAY)
    assert set(_codes(failed, False)) == {"status_granted", "fees_paid"}
    registry.add_legal_event(asset=drug_asset, by=alice, day=date(2025, 5, 1), effect="restored")
    drug_asset.refresh_from_db()
    assert checks.check_validity(request_for(drug_asset), TODAY).outcome == CheckResult.Outcome.PASSED


# Chain of title


def test_chain_of_title_passes_for_the_original_holder(request_for):
    result = checks.check_chain_of_title(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.PASSED
    assert result.facts["holder"] == "Alice Bio"


def test_chain_of_title_follows_recorded_assignments_to_the_requester(
    request_for, make_organisation, alice_org, staff
):
    university = make_organisation("Harbour University")
    asset = make_asset(university, number="HK1000001", holder_name="Harbour University", jurisdiction="HK")
    asset.applicants = [{"name": "Harbour University"}]
    asset.save()
    registry.record_transfer(
        asset=asset, by=staff, day=date(2023, 1, 1), to_name="Alice Bio Limited", to_organisation=alice_org
    )
    asset.refresh_from_db()
    result = checks.check_chain_of_title(request_for(asset), TODAY)
    assert result.outcome == CheckResult.Outcome.PASSED, result.findings
    assert result.facts["transfers"][0]["to"] == "Alice Bio Limited"


def test_chain_of_title_fails_when_the_requester_is_not_the_holder_of_record(request_for, drug_asset):
    TitleTransfer.objects.create(
        asset=drug_asset, date=date(2024, 1, 1), from_name="Alice Bio", to_name="Third Party Ltd"
    )
    result = checks.check_chain_of_title(request_for(drug_asset), TODAY)
    assert "holder_is_requester" in _codes(result, False)


def test_chain_of_title_fails_on_a_broken_chain(request_for, drug_asset, alice_org):
    TitleTransfer.objects.create(
        asset=drug_asset, date=date(2021, 1, 1), from_name="Alice Bio", to_name="Middle Co"
    )
    TitleTransfer.objects.create(
        asset=drug_asset,
        date=date(2022, 1, 1),
        from_name="Somebody Else",
        to_name="Alice Bio",
        to_organisation=alice_org,
    )
    result = checks.check_chain_of_title(request_for(drug_asset), TODAY)
    assert _codes(result, False) == ["chain_continuous"]


def test_chain_of_title_fails_when_another_organisation_manages_the_asset(
    request_for, drug_asset, charlie_org
):
    assert "owner_is_requester" in _codes(
        checks.check_chain_of_title(request_for(drug_asset, charlie_org), TODAY), False
    )


# Clinical phase


def test_clinical_phase_passes_on_a_trial_of_the_owner_naming_the_drug(request_for, phase2_trial):
    result = checks.check_clinical_phase(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.PASSED
    assert result.facts["trials"] == ["NCT09000001"]


def test_clinical_phase_fails_without_trials(request_for, drug_asset):
    assert "no_trials" in _codes(checks.check_clinical_phase(request_for(), TODAY), False)


def test_clinical_phase_fails_when_the_trial_is_at_an_earlier_phase(request_for, phase2_trial, drug_asset):
    BiomedicalProfile.objects.filter(asset=drug_asset).update(phase=BiomedicalProfile.Phase.PHASE_3)
    result = checks.check_clinical_phase(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.FAILED
    assert result.findings[0]["params"]["phase"] == BiomedicalProfile.Phase.PHASE_2


def test_clinical_phase_fails_when_the_sponsor_is_a_stranger(request_for, phase2_trial):
    Trial.objects.filter(pk=phase2_trial.pk).update(sponsor="Unrelated Pharma Inc.")
    result = checks.check_clinical_phase(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.FAILED
    assert result.findings[0]["params"]["party"] is False


def test_clinical_phase_accepts_a_licensee_as_sponsor(request_for, phase2_trial, drug_asset):
    Trial.objects.filter(pk=phase2_trial.pk).update(sponsor="Unrelated Pharma Inc.")
    Encumbrance.objects.create(
        asset=drug_asset,
        kind="exclusive_licence",
        holder_name="Unrelated Pharma",
        start_date=date(2023, 1, 1),
    )
    assert checks.check_clinical_phase(request_for(), TODAY).outcome == CheckResult.Outcome.PASSED


def test_clinical_phase_fails_when_the_trial_tests_another_drug(request_for, drug_asset):
    trial = Trial.objects.create(
        registry_id="NCT09000002",
        title="Other drug",
        phase=3,
        sponsor="Alice Bio",
        interventions=[{"name": "Placebomab"}],
    )
    TrialLink.objects.create(trial=trial, asset=drug_asset, basis=TrialLink.Basis.SPONSOR)
    result = checks.check_clinical_phase(request_for(), TODAY)
    assert result.outcome == CheckResult.Outcome.FAILED
    assert result.findings[0]["params"]["drug"] is False


def test_a_trial_offered_as_evidence_counts_when_it_names_the_drug(request_for, open_request, bob):
    TrialLink.objects.all().delete()
    from certification import services

    services.add_evidence(request=open_request, by=bob, trial="NCT09000001")
    assert checks.check_clinical_phase(open_request, TODAY).outcome == CheckResult.Outcome.PASSED


def test_clinical_phase_fails_without_a_profile_or_before_the_clinic(request_for, alice_org, drug_asset):
    bare = make_asset(alice_org, number="CN333333333A")
    assert _codes(checks.check_clinical_phase(request_for(bare), TODAY), False) == ["no_profile"]
    BiomedicalProfile.objects.filter(asset=drug_asset).update(phase=BiomedicalProfile.Phase.PRECLINICAL)
    assert _codes(checks.check_clinical_phase(request_for(), TODAY), False) == ["phase_not_clinical"]


# Class claims


def test_class_claims_go_to_the_reviewer_with_registry_competitors(request_for, alice_org, charlie_org):
    rival = make_asset(charlie_org, number="US9999999B2", title="Rival anti-PD-1")
    BiomedicalProfile.objects.create(asset=rival, drug_name="Rivalumab", targets=["pd-1"], phase=4)
    result = checks.check_class_claim(request_for(), TODAY, "first_in_class")
    assert result.outcome == CheckResult.Outcome.REVIEW
    competitors = [f["params"] for f in result.findings if f["code"] == "competitor"]
    assert competitors == [{"number": "US9999999B2", "drug": "Rivalumab", "target": "PD-1", "phase": 4}]


def test_confidential_competitors_are_not_shown_to_the_certifier(request_for, charlie_org):
    rival = make_asset(charlie_org, number="US8888888B2", visibility="confidential")
    BiomedicalProfile.objects.create(asset=rival, drug_name="Secretumab", targets=["PD-1"], phase=2)
    result = checks.check_class_claim(request_for(), TODAY, "first_in_class")
    assert "Secretumab" not in str(result.findings)


def test_a_class_claim_the_profile_does_not_make_fails(request_for):
    result = checks.check_class_claim(request_for(), TODAY, "best_in_class")
    assert result.outcome == CheckResult.Outcome.FAILED
    assert _codes(result, False) == ["claim_not_made"]


def test_findings_read_in_each_language(open_request):
    from django.utils import translation

    check = open_request.checks.get(claim="validity")
    with translation.override("en"):
        english = [f["text"] for f in check.described()]
    assert any("Granted / registered" in text for text in english)

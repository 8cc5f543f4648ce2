"""Certification fixtures on top of the permission matrix: Cara reviews for Harbour Certifiers.

Alice Bio (Alice admin, Bob member) owns a drug patent with a biomedical profile and a phase 2 trial
sponsored by Alice Bio; Charlie stays the outsider; Olivia is the operator's staff.
"""

from datetime import date

import pytest

from assets.models import BiomedicalProfile
from certification import keys, services
from certification.models import Claim
from core import keystore
from ledger import keys as log_keys
from tests.factories import make_asset
from trials.models import Trial, TrialLink


@pytest.fixture(autouse=True)
def _keys_in_a_private_directory(settings, tmp_path, monkeypatch):
    """Each test signs with keys kept in its own data directory, decrypted afresh."""
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.SITE_URL = "http://testserver"
    monkeypatch.delenv(keystore.PASSPHRASE_ENV, raising=False)
    keys._loaded.clear()
    log_keys._loaded.clear()
    yield
    keys._loaded.clear()
    log_keys._loaded.clear()


@pytest.fixture
def certifier_org(make_organisation):
    org = make_organisation("Harbour Certifiers", "certifier")
    org.name_local = "港灣認證"
    org.save(update_fields=["name_local"])
    return org


@pytest.fixture
def cara(make_user, certifier_org):
    return make_user("cara@example.com", certifier_org, "admin")


@pytest.fixture
def catalogue(certifier_org, cara):
    """Harbour Certifiers certifies every claim, at HKD fees."""
    fees = {
        "validity": "8000.00",
        "chain_of_title": "6000.00",
        "clinical_phase": "12000",
        "first_in_class": "30000",
    }
    return {
        claim: services.save_service(
            certifier=certifier_org,
            by=cara,
            claim=claim,
            fee_amount=fees.get(claim, "25000"),
            fee_currency="HKD",
        )
        for claim in Claim.values
    }


@pytest.fixture
def drug_asset(alice_org):
    asset = make_asset(
        alice_org, number="CN111111111A", application_date=date(2020, 1, 15), grant_date=date(2022, 3, 1)
    )
    BiomedicalProfile.objects.create(
        asset=asset,
        drug_name="Harbourmab",
        targets=["PD-1"],
        phase=BiomedicalProfile.Phase.PHASE_2,
        first_in_class_claim=True,
        class_claim_rationale="The first antibody against this epitope of PD-1.",
    )
    return asset


@pytest.fixture
def phase2_trial(drug_asset):
    trial = Trial.objects.create(
        registry_id="NCT09000001",
        title="Harbourmab in nasopharyngeal carcinoma",
        phase=BiomedicalProfile.Phase.PHASE_2,
        sponsor="Alice Bio Ltd.",
        interventions=[{"type": "DRUG", "name": "Harbourmab"}],
    )
    TrialLink.objects.create(trial=trial, asset=drug_asset, basis=TrialLink.Basis.DRUG_NAME, sets_phase=True)
    return trial


@pytest.fixture
def open_request(alice, drug_asset, certifier_org, catalogue, phase2_trial):
    return services.request_certification(
        requester=drug_asset.owner,
        asset=drug_asset,
        certifier=certifier_org,
        claims=["validity", "chain_of_title", "clinical_phase", "first_in_class"],
        by=alice,
        message="Please certify before the partnering meeting.",
    )


@pytest.fixture
def attestation(open_request, cara):
    """A signed attestation of validity."""
    requested = open_request.claims.get(claim="validity")
    return services.decide(requested=requested, by=cara, grant=True, reasons="Registry checked.")


@pytest.fixture
def matrix(users, cara):
    """The permission matrix plus the certifier's reviewer."""
    return {**users, "certifier": cara}

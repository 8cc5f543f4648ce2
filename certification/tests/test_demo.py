"""The demo certifier: services published, two attestations signed and verifiable, idempotent."""

import pytest

from certification import verification
from certification.models import Attestation, CertificationService

pytestmark = pytest.mark.django_db


def test_demo_certifier_signs_verifiable_attestations_once():
    from demo.base import load_demo

    load_demo()
    load_demo()
    assert CertificationService.objects.filter(certifier__slug="demo-certifier").count() == 5
    attestations = list(Attestation.objects.select_related("asset"))
    assert sorted(a.claim for a in attestations) == ["chain_of_title", "validity"]
    assert {a.asset.number for a in attestations} == {"HK00000005"}
    assert all(verification.verify_attestation(a).status == verification.VALID for a in attestations)

"""The HTML flow: the owner's request form, evidence upload, the reviewer's decision, bad input shown
on the page with nothing changed, and the public downloads."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import credentials
from certification.models import Attestation, CertificationRequest, Evidence, RequestedClaim

pytestmark = pytest.mark.django_db


def test_the_owner_asks_through_the_form_and_sees_the_checks(
    client_as, bob, drug_asset, catalogue, phase2_trial
):
    client = client_as(bob)
    form = client.get(reverse("certification:request_form", args=[drug_asset.pk])).content.decode()
    assert "HKD 8,000.00" in form
    response = client.post(
        reverse("certification:request_form", args=[drug_asset.pk]),
        {
            "certifier": "harbour-certifiers",
            "claims": ["validity", "clinical_phase"],
            "message": "Before the forum",
        },
    )
    created = CertificationRequest.objects.get()
    assert response.url == reverse("certification:request", args=[created.pk])
    page = client.get(response.url).content.decode()
    assert "Expiry date: 2040-01-15" in page
    assert "NCT09000001: phase Phase 2; names the drug: yes" in page


def test_a_request_without_claims_is_shown_as_an_error(client_as, bob, drug_asset, catalogue):
    response = client_as(bob).post(
        reverse("certification:request_form", args=[drug_asset.pk]), {"certifier": "harbour-certifiers"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CertificationRequest.objects.exists()


def test_evidence_upload_through_the_page(client_as, bob, open_request):
    url = reverse("certification:add_evidence", args=[open_request.pk])
    client = client_as(bob)
    client.post(url, {"file": SimpleUploadedFile("deed.pdf", b"%PDF-1.4 deed"), "description": "Deed"})
    assert Evidence.objects.get().file_name == "deed.pdf"
    refused = client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True)
    assert "Evidence files may be" in refused.content.decode()
    assert Evidence.objects.count() == 1


def test_a_decision_without_reasons_signs_nothing(client_as, cara, open_request):
    claim = open_request.claims.get(claim="validity")
    response = client_as(cara).post(
        reverse("certification:decide", args=[open_request.pk, claim.pk]),
        {"decision": "grant", "reasons": ""},
        follow=True,
    )
    assert "This field is required." in response.content.decode()
    assert not Attestation.objects.exists()
    claim.refresh_from_db()
    assert claim.decision == RequestedClaim.Decision.PENDING


def test_a_granted_decision_leads_to_the_attestation_page(client_as, cara, open_request):
    claim = open_request.claims.get(claim="chain_of_title")
    response = client_as(cara).post(
        reverse("certification:decide", args=[open_request.pk, claim.pk]),
        {"decision": "grant", "reasons": "Holder of record since filing.", "scope_note": "Territory: CN."},
    )
    attestation = Attestation.objects.get()
    assert response.url == reverse("certification:attestation", args=[attestation.public_id])
    assert attestation.scope.endswith("Territory: CN.")


def test_the_credential_download_is_the_signed_document(client, attestation):
    response = client.get(reverse("certification:credential", args=[attestation.public_id]))
    assert response["Content-Type"] == "application/vc+json"
    document = json.loads(response.content)
    assert credentials.verify_proof(document)
    assert credentials.digest(document) == attestation.credential_sha256


def test_the_reviewer_queue_lists_requests_to_review_with_their_claims(client_as, cara, open_request):
    page = client_as(cara).get(reverse("certification:queue")).content.decode()
    assert f'href="/certification/requests/{open_request.pk}/"' in page
    assert "Clinical phase" in page


def test_the_request_form_offers_only_claims_the_asset_can_pass_and_says_why_not(
    client_as, bob, drug_asset, catalogue
):
    from assets.models import BiomedicalProfile

    BiomedicalProfile.objects.filter(asset=drug_asset).update(
        first_in_class_claim=False, best_in_class_claim=False
    )
    response = client_as(bob).get(reverse("certification:request_form", args=[drug_asset.pk]))
    offered = [value for value, _label in response.context["form"].fields["claims"].choices]
    assert "first_in_class" not in offered and "chain_of_title" in offered
    html = response.content.decode()
    assert "Not offered for this asset yet:" in html and "Make the claim in the asset" in html
    refused = client_as(bob).post(
        reverse("certification:request_form", args=[drug_asset.pk]),
        {"certifier": "harbour-certifiers", "claims": ["first_in_class"]},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["claims"]

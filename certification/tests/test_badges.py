"""Badges of certified claims on asset pages, and the buyer's filter by certified claim."""

import datetime

import pytest
from django.urls import reverse

from certification import services
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def test_asset_page_shows_a_badge_linking_to_verification_for_everyone(
    client_as, users, attestation, drug_asset
):
    for viewpoint in ("anonymous", "outsider", "owner"):
        page = (
            client_as(users[viewpoint]).get(reverse("assets:detail", args=[drug_asset.pk])).content.decode()
        )
        assert f"/verify/{attestation.public_id}/" in page, viewpoint
        assert "✓ Validity · Harbour Certifiers" in page


def test_expired_attestations_lose_their_badge(client, attestation, drug_asset):
    url = reverse("assets:detail", args=[drug_asset.pk])
    attestation.valid_from -= datetime.timedelta(days=400)
    attestation.valid_until = attestation.valid_from + datetime.timedelta(days=365)
    attestation.save(update_fields=["valid_from", "valid_until"])
    assert attestation.public_id not in client.get(url).content.decode()


def test_revoked_attestations_lose_their_badge(client, attestation, cara, drug_asset):
    services.revoke(attestation=attestation, by=cara, reason="Invalidated by the court.")
    assert (
        attestation.public_id
        not in client.get(reverse("assets:detail", args=[drug_asset.pk])).content.decode()
    )


def test_owners_are_offered_to_ask_for_certification(client_as, users, drug_asset):
    link = reverse("certification:request_form", args=[drug_asset.pk])
    for viewpoint, offered in (
        ("anonymous", False),
        ("outsider", False),
        ("participant", True),
        ("staff", False),
    ):
        page = (
            client_as(users[viewpoint]).get(reverse("assets:detail", args=[drug_asset.pk])).content.decode()
        )
        assert (link in page) is offered, viewpoint


def test_buyers_filter_assets_by_certified_claim_among_what_they_may_see(
    client_as, users, attestation, drug_asset, alice_org
):
    make_asset(alice_org, number="CN222222222A", title="Uncertified antibody")
    page = client_as(users["outsider"]).get(reverse("certification:certified_assets"), {"claim": "validity"})
    text = page.content.decode()
    assert "CN111111111A" in text and "CN222222222A" not in text
    phase = client_as(users["outsider"]).get(
        reverse("certification:certified_assets"), {"claim": "clinical_phase"}
    )
    assert "CN111111111A" not in phase.content.decode()


def test_confidential_certified_assets_stay_hidden_from_outsiders(client_as, users, attestation, drug_asset):
    drug_asset.visibility = "confidential"
    drug_asset.save(update_fields=["visibility"])
    page = client_as(users["outsider"]).get(reverse("certification:certified_assets"), {"claim": "validity"})
    assert "CN111111111A" not in page.content.decode()
    owner = client_as(users["owner"]).get(reverse("certification:certified_assets"), {"claim": "validity"})
    assert "CN111111111A" in owner.content.decode()


def test_the_certifiers_public_key_is_on_its_organisation_profile(client, attestation, certifier_org):
    from certification import keys

    page = client.get(reverse("accounts:profile", args=[certifier_org.slug])).content.decode()
    assert attestation.key.key_id in page
    assert keys.public_key_pem(attestation.key).splitlines()[1] in page
    assert reverse("certification:certifier", args=[certifier_org.slug]) in page


def test_other_organisations_profiles_have_no_certification_section(client, alice_org):
    assert (
        "certification-title"
        not in client.get(reverse("accounts:profile", args=[alice_org.slug])).content.decode()
    )

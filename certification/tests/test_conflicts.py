"""A certifier cannot certify its own assets, its people's organisations' assets, or what it declared."""

import pytest

from certification import services
from certification.models import Attestation, CertificationRequest
from core.errors import Conflict, Forbidden, InvalidInput
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def _ask(asset, certifier, user):
    return services.request_certification(
        requester=asset.owner, asset=asset, certifier=certifier, claims=["validity"], by=user
    )


def test_a_certifier_cannot_certify_its_own_asset(certifier_org, cara, catalogue):
    own = make_asset(certifier_org, number="HK0000099")
    with pytest.raises(Conflict, match="its own assets"):
        _ask(own, certifier_org, cara)
    assert not CertificationRequest.objects.exists()


def test_a_certifier_whose_reviewer_belongs_to_the_owner_is_refused(
    drug_asset, certifier_org, catalogue, alice, make_user
):
    from accounts.models import Membership

    Membership.objects.create(user=alice, organisation=certifier_org, role="member")
    with pytest.raises(Conflict, match="belongs to both"):
        _ask(drug_asset, certifier_org, alice)


def test_a_declared_conflict_with_the_owner_is_refused(
    drug_asset, certifier_org, catalogue, cara, alice, alice_org
):
    services.declare_conflict(
        certifier=certifier_org, by=cara, organisation=alice_org, reason="Alice Bio is a client."
    )
    with pytest.raises(Conflict, match="Alice Bio is a client"):
        _ask(drug_asset, certifier_org, alice)


def test_a_declared_conflict_with_one_asset_is_refused(drug_asset, certifier_org, catalogue, cara, alice):
    services.declare_conflict(
        certifier=certifier_org, by=cara, asset=drug_asset, reason="Advised on drafting."
    )
    with pytest.raises(Conflict):
        _ask(drug_asset, certifier_org, alice)


def test_a_conflict_arising_after_the_request_blocks_the_grant(open_request, certifier_org, cara, alice_org):
    services.declare_conflict(
        certifier=certifier_org, by=cara, organisation=alice_org, reason="Merger talks."
    )
    with pytest.raises(Conflict, match="Merger talks"):
        services.decide(
            requested=open_request.claims.get(claim="validity"), by=cara, grant=True, reasons="ok"
        )
    assert not Attestation.objects.exists()
    services.decide(
        requested=open_request.claims.get(claim="validity"), by=cara, grant=False, reasons="Conflicted."
    )


def test_only_the_certifiers_people_declare_and_something_must_be_named(certifier_org, bob, cara, alice_org):
    with pytest.raises(Forbidden):
        services.declare_conflict(certifier=certifier_org, by=bob, organisation=alice_org, reason="x")
    with pytest.raises(InvalidInput):
        services.declare_conflict(certifier=certifier_org, by=cara, reason="Nothing named")
    with pytest.raises(InvalidInput):
        services.declare_conflict(certifier=certifier_org, by=cara, organisation=alice_org, reason="  ")


def test_declaring_on_the_page_refuses_the_request(
    client_as, cara, alice, certifier_org, catalogue, drug_asset
):
    response = client_as(cara).post(
        f"/certification/certifiers/{certifier_org.slug}/conflicts/",
        {"organisation": "alice-bio", "reason": "Shareholder of Alice Bio"},
    )
    assert response.status_code == 302
    page = client_as(alice).post(
        f"/certification/assets/{drug_asset.pk}/request/",
        {"certifier": certifier_org.slug, "claims": ["validity"]},
    )
    assert page.status_code == 200
    assert "Shareholder of Alice Bio" in page.content.decode()
    assert not CertificationRequest.objects.exists()


def test_the_conflict_page_offers_every_approved_organisation_and_no_pending_one(
    client_as, certifier_org, cara, make_organisation
):
    from django.urls import reverse

    private = make_organisation("Quiet Private Client")  # approved, no public profile
    private.public_profile = False
    private.save(update_fields=["public_profile"])
    pending = make_organisation("Pending Newcomer", approved=False)
    url = reverse("certification:conflicts", kwargs={"slug": certifier_org.slug})
    page = client_as(cara).get(url).content.decode()
    assert private.name in page and pending.name not in page
    response = client_as(cara).post(url, {"organisation": private.slug, "reason": "A client."})
    assert response.status_code in (200, 302)
    assert certifier_org.declared_conflicts.filter(organisation=private).exists()

"""Certification in Chromium: a certifier signs an attestation, a buyer checks it on the public
verification page, the certifier revokes it, and the buyer's page then says it is revoked."""

import re

import pytest

from assets.models import BiomedicalProfile
from certification import services
from tests.factories import make_asset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def certification_request(settings, tmp_path, live_server, alice, alice_org, make_organisation, make_user):
    settings.DATA_DIR = tmp_path
    settings.SITE_URL = live_server.url
    certifier = make_organisation("Harbour Certifiers", "certifier")
    cara = make_user("cara@example.com", certifier, "admin")
    services.save_service(
        certifier=certifier, by=cara, claim="validity", fee_amount="8000", fee_currency="HKD"
    )
    asset = make_asset(alice_org, number="CN555555555A", title="Anti-PD-1 antibody")
    BiomedicalProfile.objects.create(asset=asset, drug_name="Harbourmab", phase=3)
    request = services.request_certification(
        requester=alice_org, asset=asset, certifier=certifier, claims=["validity"], by=alice
    )
    return {"request": request, "cara": cara, "asset": asset}


def test_certifier_signs_buyer_verifies_certifier_revokes(
    page, login, chromium, live_server, certification_request
):
    login(certification_request["cara"])
    page.goto(f"/certification/requests/{certification_request['request'].pk}/")
    claim = page.locator("#claim-validity")
    assert "Passed" in claim.locator(".check-passed").inner_text()
    claim.locator("input[name=decision][value=grant]").check()
    claim.locator("textarea[name=reasons]").fill("Granted on the registry; fees paid to date.")
    claim.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/certification/attestations/[\w-]+/"))
    verify_path = page.locator("a[href^='/verify/']").first.get_attribute("href")

    buyer = chromium.new_context(base_url=live_server.url, locale="en-GB").new_page()
    buyer.goto(verify_path)
    verdict = buyer.locator(".verdict")
    assert "Valid" in verdict.inner_text()
    assert "in the signed log" in buyer.locator(".check-log").inner_text()
    assert buyer.locator(".check-signature").inner_text().startswith("✓")

    page.locator("textarea[name=reason]").fill("The patent was invalidated on appeal.")
    page.locator("form[action$='/revoke/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Revoked" in page.locator("h1").inner_text()

    buyer.reload()
    assert "Revoked" in buyer.locator(".verdict").inner_text()
    assert "invalidated on appeal" in buyer.locator(".check-revocation").inner_text()
    buyer.context.close()

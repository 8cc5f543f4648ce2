"""An organisation the operator has not approved edits its profile and sees its own data, and nothing more.

Each entry point (services, REST API, web pages, command line) refuses it the same way, and nothing is written.
"""

import json
from io import BytesIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import services as accounts_services
from accounts.models import Invitation
from assets.models import Asset
from certification.models import CertificationRequest
from core.errors import Forbidden
from listings.models import Listing, Need
from tests.factories import make_asset
from valuation.models import Valuation

pytestmark = pytest.mark.django_db

PORTFOLIO = "\ufefftitle,jurisdiction,number\r\nA kinase inhibitor,CN,CN555555555A\r\n"


@pytest.fixture
def pending(make_organisation):
    return make_organisation("Pending Co", approved=False)


@pytest.fixture
def founder(pending, make_user):
    return make_user("pat@example.com", pending, "admin")


@pytest.fixture
def own_asset(pending):
    return make_asset(pending, number="CN999A", visibility="confidential")


@pytest.fixture
def certifier(make_organisation):
    return make_organisation("Harbour Chamber", kind="certifier")


def _counts() -> dict[str, int]:
    return {
        "assets": Asset.objects.count(),
        "listings": Listing.objects.count(),
        "needs": Need.objects.count(),
        "requests": CertificationRequest.objects.count(),
        "valuations": Valuation.objects.count(),
        "invitations": Invitation.objects.count(),
    }


def test_require_approved_refuses_pending_and_rejected_and_passes_approved(pending, alice_org, staff):
    with pytest.raises(Forbidden, match="awaiting the operator's approval"):
        accounts_services.require_approved(pending)
    accounts_services.reject_organisation(organisation=pending, by=staff, reason="Blurred document")
    with pytest.raises(Forbidden, match="Blurred document"):
        accounts_services.require_approved(pending)
    accounts_services.require_approved(alice_org)


# ---- services ------------------------------------------------------------------------------------------


def test_services_refuse_every_trade_object_of_a_pending_organisation(founder, pending, own_asset, certifier):
    from assets import services as assets_services
    from assets.importers import import_portfolio
    from certification import services as certification_services
    from listings import needs
    from listings import services as listings_services
    from valuation import services as valuation_services

    before = _counts()
    attempts = [
        lambda: assets_services.create_asset(
            organisation=pending, by=founder, jurisdiction="CN", title="x", visibility="confidential"
        ),
        lambda: import_portfolio(BytesIO(PORTFOLIO.encode()), organisation=pending, user=founder),
        lambda: listings_services.create_listing(
            organisation=pending, by=founder, assets=[own_asset], title="Draft", deal_type="assignment"
        ),
        lambda: needs.create_need(organisation=pending, by=founder, title="Wanted", text="A PD-1 antibody"),
        lambda: certification_services.request_certification(
            requester=pending, asset=own_asset, certifier=certifier, claims=["validity"], by=founder
        ),
        lambda: valuation_services.create_valuation(
            asset=own_asset, by=founder, purpose="licensing", methods=["cost"], inputs={}, currency="USD"
        ),
        lambda: accounts_services.invite(organisation=pending, by=founder, email="dora@example.com"),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden, match="approval"):
            attempt()
    assert _counts() == before


def test_once_approved_the_organisation_may_register_assets(founder, pending, staff):
    from assets import services as assets_services

    accounts_services.approve_organisation(organisation=pending, by=staff)
    pending.refresh_from_db()
    asset = assets_services.create_asset(
        organisation=pending, by=founder, jurisdiction="CN", title="x", visibility="confidential"
    )
    assert asset.pk


def test_pending_organisation_may_still_edit_its_profile(founder, pending, client):
    client.force_login(founder)
    response = client.post(
        reverse("accounts:edit", args=[pending.slug]),
        {
            "name": pending.name,
            "kind": pending.kind,
            "jurisdiction": "CN",
            "description": "We make antibodies.",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.description == "We make antibodies."


def test_rejected_organisation_that_corrects_its_registration_is_reviewed_again(founder, pending, staff):
    from accounts.forms import OrganisationForm

    accounts_services.reject_organisation(organisation=pending, by=staff, reason="Blurred document")
    pending.refresh_from_db()
    data = {"name": pending.name, "kind": pending.kind, "jurisdiction": "CN", "registration_number": "NEW-1"}
    form = OrganisationForm(data, instance=pending)
    assert form.is_valid(), form.errors
    accounts_services.update_organisation(organisation=pending, by=founder, form=form)
    pending.refresh_from_db()
    assert pending.status == "pending"


# ---- REST API ------------------------------------------------------------------------------------------


def _api_post(client, path: str, body: dict):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_api_refuses_a_pending_organisation_with_problem_details(
    founder, pending, own_asset, certifier, client
):
    client.force_login(founder)
    before = _counts()
    calls = [
        (
            "/api/v1/assets",
            {"organisation": pending.slug, "jurisdiction": "CN", "title": "x", "visibility": "confidential"},
        ),
        (
            "/api/v1/listings",
            {
                "organisation": pending.slug,
                "assets": [own_asset.pk],
                "title": "Draft",
                "deal_type": "assignment",
            },
        ),
        (
            "/api/v1/listings/needs",
            {"organisation": pending.slug, "title": "Wanted", "text": "A PD-1 antibody"},
        ),
        (
            "/api/v1/certification/requests",
            {"asset_id": own_asset.pk, "certifier": certifier.slug, "claims": ["validity"]},
        ),
        (
            "/api/v1/valuation/valuations",
            {
                "asset": own_asset.pk,
                "purpose": "licensing",
                "methods": ["cost"],
                "inputs": {},
                "currency": "USD",
            },
        ),
        (f"/api/v1/organisations/{pending.slug}/invitations", {"email": "dora@example.com"}),
    ]
    for path, body in calls:
        response = _api_post(client, path, body)
        assert response.status_code == 403, (path, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert "approval" in response.json()["detail"]
    upload = BytesIO(PORTFOLIO.encode())
    upload.name = "portfolio.csv"
    response = client.post("/api/v1/assets/imports", {"organisation": pending.slug, "file": upload})
    assert response.status_code == 403
    assert _counts() == before


def test_api_still_shows_a_pending_organisation_its_own_data(founder, pending, own_asset, client):
    client.force_login(founder)
    assert client.get(f"/api/v1/assets/{own_asset.pk}").status_code == 200
    assert client.get(f"/api/v1/organisations/{pending.slug}").status_code == 200


# ---- web pages -----------------------------------------------------------------------------------------


def test_web_forms_refuse_a_pending_organisation_with_the_reason(founder, pending, client):
    client.force_login(founder)
    before = _counts()
    page = client.post(
        reverse("assets:create", args=[pending.slug]),
        {
            "kind": "invention",
            "jurisdiction": "CN",
            "title": "x",
            "visibility": "confidential",
            "original_language": "en",
        },
    )
    assert page.status_code == 200
    assert "approval" in page.content.decode()
    page = client.post(
        reverse("accounts:members", args=[pending.slug]), {"email": "dora@example.com", "role": "member"}
    )
    assert "approval" in page.content.decode()
    upload = BytesIO(PORTFOLIO.encode())
    upload.name = "portfolio.csv"
    page = client.post(reverse("assets:portfolio_import", args=[pending.slug]), {"file": upload})
    assert page.status_code == 403  # as from the API; the page says why
    assert "approval" in page.content.decode()
    assert _counts() == before


def test_pages_show_a_pending_organisation_what_it_waits_for(founder, pending, client):
    client.force_login(founder)
    page = client.get(reverse("accounts:mine")).content.decode()
    assert "is awaiting the operator" in page
    assert reverse("accounts:profile", args=[pending.slug]) in page


def test_approved_members_see_no_approval_banner(alice, client):
    client.force_login(alice)
    assert "awaiting the operator" not in client.get(reverse("accounts:mine")).content.decode()


# ---- command line --------------------------------------------------------------------------------------


def test_command_line_portfolio_import_refuses_a_pending_organisation(founder, pending, tmp_path):
    path = tmp_path / "portfolio.csv"
    path.write_text(PORTFOLIO, encoding="utf-8")
    with pytest.raises(CommandError, match="approval"):
        call_command(
            "import", "portfolio", str(path), "--organisation", pending.slug, "--user", founder.email
        )
    assert not Asset.objects.filter(number="CN555555555A").exists()

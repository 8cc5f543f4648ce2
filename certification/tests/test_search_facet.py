"""Buyers filter asset search by certified claims; only attestations in force count."""

import pytest

from assets.search import search_assets
from certification import services
from core.errors import InvalidInput
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def test_unknown_claim_is_refused():
    with pytest.raises(InvalidInput):
        search_assets(user=None, filters={"certified": "made-up"})


def test_certified_filter_keeps_assets_with_an_attestation_in_force(attestation, alice_org, cara):
    make_asset(alice_org, number="CN2A")
    result = search_assets(user=None, filters={"certified": "validity"})
    assert [a.pk for a in result.page] == [attestation.asset_id]
    assert {"value": "validity", "label": "Validity", "count": 1} in result.facets["certified"]
    services.revoke(attestation=attestation, by=cara, reason="Lapsed for fees.")
    assert search_assets(user=None, filters={"certified": "validity"}).total == 0


def test_certified_filter_in_the_api(client, attestation):
    body = client.get("/api/v1/assets?certified=validity&facets=false").json()
    assert [item["id"] for item in body["items"]] == [attestation.asset_id]
    assert client.get("/api/v1/assets?certified=nonsense").status_code == 422

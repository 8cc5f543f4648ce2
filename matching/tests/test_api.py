import pytest

from assets.models import Asset
from matching.indexing import index_assets
from matching.tests.conftest import make_asset

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]


@pytest.fixture
def secret(corpus, alice_org):
    asset = make_asset(
        "US11000099B2",
        "KRAS G12C inhibitor back-up compound",
        "Confidential lung cancer programme.",
        ["A61P35/00"],
        owner=alice_org,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    index_assets([asset.pk])
    return asset


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_matching_finds_public_assets_and_never_a_confidential_one(client_as, users, secret, viewpoint):
    response = client_as(users[viewpoint]).get("/api/v1/matching/assets", {"q": "KRAS G12C lung cancer"})
    assert response.status_code == 200
    numbers = [hit["number"] for hit in response.json()]
    assert numbers[0] == "US11000001B2"
    assert "US11000099B2" not in numbers
    assert response.json()[0]["title"].startswith("KRAS G12C inhibitors")


@pytest.mark.parametrize("viewpoint", ["anonymous", "outsider", "staff"])
def test_only_members_may_match_as_their_organisation(client_as, users, alice_org, corpus, viewpoint):
    response = client_as(users[viewpoint]).get(
        "/api/v1/matching/assets", {"q": "asthma", "buyer": alice_org.slug}
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("viewpoint", ["participant", "owner"])
def test_members_get_buyer_fit_for_their_organisation(client_as, users, alice_org, corpus, viewpoint):
    alice_org.franchise_areas = "respiratory medicines"
    alice_org.save()
    response = client_as(users[viewpoint]).get(
        "/api/v1/matching/assets", {"q": "asthma", "buyer": alice_org.slug}
    )
    assert response.status_code == 200
    assert [why["signal"] for why in response.json()[0]["why"]] == ["semantic", "lexical", "buyer"]


@pytest.mark.parametrize(("viewpoint", "status"), [("anonymous", 404), ("outsider", 404), ("owner", 200)])
def test_similar_assets_of_a_confidential_asset_only_for_its_organisation(
    client_as, users, secret, viewpoint, status
):
    response = client_as(users[viewpoint]).get("/api/v1/matching/assets/US11000099B2/similar", {"top": 3})
    assert response.status_code == status
    if status == 200:
        assert response.json()[0]["number"] == "US11000001B2"


def test_structured_criteria_arrive_as_repeated_parameters(client, corpus):
    response = client.get(
        "/api/v1/matching/assets", {"q": "treatment", "modality": ["antibody"], "strict": "true", "top": 13}
    )
    assert {hit["number"] for hit in response.json()} == {"US11000008B2", "US11000011B2"}


def test_a_blank_need_is_a_422_problem(client, corpus):
    response = client.get("/api/v1/matching/assets", {"q": " "})
    assert response.status_code == 422

"""Every valuation page from the five viewpoints; refusals leak nothing and change nothing."""

import pytest
from django.urls import reverse

from tests.factories import make_asset
from valuation import services
from valuation.models import Valuation, ValuationShare

pytestmark = pytest.mark.django_db
VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
LOGIN = 302
COST = {"currency": "USD", "cost_items": [{"description": "SECRET-COST-ITEM", "amount": "1000"}]}


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN990A", visibility="confidential")


@pytest.fixture
def valuation(asset, alice):
    created = services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["cost"], inputs={"cost": COST}, currency="USD"
    )
    return services.run_valuation(valuation=created, by=alice)


PAGES = [
    ("valuation:list", False, [LOGIN, 200, 200, 200, 200]),
    ("valuation:create", False, [LOGIN, 200, 200, 200, 200]),
    ("valuation:detail", True, [LOGIN, 404, 200, 200, 200]),
    ("valuation:inputs", True, [LOGIN, 404, 200, 200, 200]),
    ("valuation:report", True, [LOGIN, 404, 200, 200, 200]),
    ("valuation:calculator", False, [200, 200, 200, 200, 200]),
    ("valuation:deal", False, [200, 200, 200, 200, 200]),
    ("valuation:subsidy", False, [LOGIN, 200, 200, 200, 200]),
    ("valuation:subsidy_apply", False, [LOGIN, 200, 200, 200, 200]),
    ("valuation:subsidy_review", False, [LOGIN, 404, 404, 404, 200]),
]


@pytest.mark.parametrize(("name", "with_pk", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_page_permissions(client_as, users, valuation, name, with_pk, expected):
    url = reverse(name, args=[valuation.pk] if with_pk else [])
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        if status != 200:
            assert "SECRET-COST-ITEM" not in response.content.decode()


def test_the_deal_page_of_a_valuation_is_404_for_those_who_may_not_see_it(client_as, users, valuation):
    url = f"{reverse('valuation:deal')}?valuation={valuation.pk}"
    expected = {"anonymous": 404, "outsider": 404, "participant": 200, "owner": 200, "staff": 200}
    for viewpoint, status in expected.items():
        assert client_as(users[viewpoint]).get(url).status_code == status, viewpoint


def test_the_list_shows_only_visible_valuations(client_as, users, valuation):
    for viewpoint in ["outsider", "participant", "owner", "staff"]:
        page = client_as(users[viewpoint]).get(reverse("valuation:list")).content.decode()
        assert ("CN990A" in page) is (viewpoint != "outsider"), viewpoint


def test_an_organisation_it_was_shared_with_reads_but_cannot_edit(
    client_as, charlie, charlie_org, alice, valuation
):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    client = client_as(charlie)
    assert client.get(reverse("valuation:detail", args=[valuation.pk])).status_code == 200
    assert client.get(reverse("valuation:inputs", args=[valuation.pk])).status_code == 403
    before = valuation.runs.count()
    client.post(reverse("valuation:run", args=[valuation.pk]))
    assert valuation.runs.count() == before


def test_running_from_the_page(client_as, users, valuation):
    url = reverse("valuation:run", args=[valuation.pk])
    expected = {
        "anonymous": (LOGIN, 0),
        "outsider": (404, 0),
        "participant": (302, 1),
        "owner": (302, 1),
        "staff": (302, 1),
    }
    for viewpoint, (status, added) in expected.items():
        before = valuation.runs.count()
        response = client_as(users[viewpoint]).post(url)
        assert response.status_code == status, viewpoint
        assert valuation.runs.count() == before + added, viewpoint


def test_finalising_from_the_page(client_as, users, valuation):
    url = reverse("valuation:finalise", args=[valuation.pk])
    for viewpoint in ["anonymous", "outsider"]:
        client_as(users[viewpoint]).post(url)
        valuation.refresh_from_db()
        assert valuation.status == Valuation.Status.DRAFT, viewpoint
    assert client_as(users["owner"]).post(url).status_code == 302
    valuation.refresh_from_db()
    assert valuation.status == Valuation.Status.FINAL
    # a final valuation's inputs page sends the valuer back to the valuation
    response = client_as(users["owner"]).get(reverse("valuation:inputs", args=[valuation.pk]))
    assert response.status_code == 302


def test_sharing_from_the_page(client_as, users, valuation, charlie_org):
    url = reverse("valuation:share", args=[valuation.pk])
    expected = {"anonymous": LOGIN, "outsider": 404}
    for viewpoint, status in expected.items():
        assert client_as(users[viewpoint]).post(url, {"organisation": charlie_org.pk}).status_code == status
        assert not ValuationShare.objects.exists(), viewpoint
    assert client_as(users["owner"]).post(url, {"organisation": charlie_org.pk}).status_code == 302
    assert list(valuation.shares.values_list("organisation__slug", flat=True)) == [charlie_org.slug]
    unshare = reverse("valuation:unshare", args=[valuation.pk, charlie_org.slug])
    assert client_as(users["outsider"]).post(unshare).status_code == 403  # charlie now sees it ...
    assert valuation.shares.count() == 1  # ... but only the owner decides who else sees it
    assert client_as(users["owner"]).post(unshare).status_code == 302
    assert not valuation.shares.exists()

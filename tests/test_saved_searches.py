"""“Save this search” on results pages: a member keeps a page with its filters and finds it on their home;
nobody else sees it, and a saved search points only into this site."""

import pytest

from core.models import SavedSearch
from tests.matrix import LOGIN, Row

pytestmark = pytest.mark.django_db

PAGES = [
    "/assets/?q=kras",
    "/marketplace/?q=kras",
    "/organisations/",
    "/trials/",
    "/certification/certified/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_results_page_offers_save_this_search_to_members(client, alice, url):
    client.force_login(alice)
    assert "Save this search" in client.get(url).content.decode()


def test_visitor_is_invited_to_log_in_to_save(client):
    assert "Log in to save this search" in client.get("/assets/?q=kras").content.decode()


def test_saved_search_keeps_filters_and_drops_the_page_position(client, alice):
    client.force_login(alice)
    response = client.post(
        "/my/searches/",
        {"path": "/assets/", "query": "q=kras&jurisdiction=CN&page=3", "next": "/assets/?q=kras"},
    )
    assert response.status_code == 302 and response["Location"] == "/assets/?q=kras"
    saved = SavedSearch.objects.get(user=alice)
    assert saved.url == "/assets/?jurisdiction=CN&q=kras"
    assert saved.label == "kras"
    home = client.get("/").content.decode()
    assert 'href="/assets/?jurisdiction=CN&amp;q=kras"' in home


def test_saving_the_same_search_twice_keeps_one(client, alice):
    client.force_login(alice)
    for _ in range(2):
        client.post("/my/searches/", {"path": "/assets/", "query": "q=kras"})
    assert SavedSearch.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/", "/api/v1/assets", "/no-such-page/"]
)
def test_only_pages_of_this_site_can_be_saved(client, alice, path):
    client.force_login(alice)
    client.post("/my/searches/", {"path": path, "query": "q=x"})
    assert not SavedSearch.objects.exists()


def test_anonymous_cannot_save(client):
    response = client.post("/my/searches/", {"path": "/assets/", "query": "q=kras"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


@pytest.fixture
def saved(alice):
    return SavedSearch.objects.create(
        user=alice, path="/assets/", query="q=secret-target", label="secret-target"
    )


@pytest.mark.parametrize(("viewer", "shown"), [("bob", False), ("charlie", False), ("alice", True)])
def test_a_saved_search_is_its_owners_alone(client, request, saved, viewer, shown):
    client.force_login(request.getfixturevalue(viewer))
    assert ("secret-target" in client.get("/").content.decode()) is shown


MATRIX = [
    Row(
        "core:delete_search",
        (LOGIN, 404, 404, 302, 404),
        params={"pk": "saved"},
        method="post",
        checked_by="test_only_the_owner_removes_a_saved_search",
    ),
]


@pytest.mark.parametrize(("viewpoint", "status"), MATRIX[0].statuses().items())
def test_only_the_owner_removes_a_saved_search(client_as, users, saved, viewpoint, status):
    response = client_as(users[viewpoint]).post(MATRIX[0].url({"saved": saved.pk}.__getitem__))
    assert response.status_code == status
    assert SavedSearch.objects.filter(pk=saved.pk).exists() is (viewpoint != "owner")

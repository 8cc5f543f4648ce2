"""The marketplace page as it is served fast: from kept cards and kept results fragments.

What is kept must never be stale, never carry the confidential part, never carry one member's page to
another visitor, and always be in the visitor's language."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from listings import services
from listings.cards import card_cache
from listings.models import Listing
from listings.search import bodies, responses

pytestmark = pytest.mark.django_db

SECRET = "CONFIDENTIAL-DOSSIER-77"
BROWSE = reverse("listings:browse")
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


@pytest.fixture
def listing(make_listing, asset, staff):
    return make_listing([asset], publish=True, staff=staff, title="KRAS G12C inhibitor for the page")


def page(client, **params) -> str:
    response = client.get(BROWSE, params)
    assert response.status_code == 200
    return response.content.decode()


def in_language(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_each_anonymous_visitor_gets_a_csrf_token_of_their_own_that_works(listing):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = [{m[1] for m in TOKEN.findall(page(client))} for client in (first, second)]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    cookies = [client.cookies[settings.CSRF_COOKIE_NAME].value for client in (first, second)]
    assert cookies[0] != cookies[1]
    token = tokens[0].pop()
    response = first.post(reverse("set_language"), {"language": "zh-hans", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the language form works with the token the page carried
    refused = second.post(reverse("set_language"), {"language": "zh-hans", "csrfmiddlewaretoken": token})
    assert refused.status_code == 403


def test_a_member_gets_their_own_page_and_nothing_of_it_reaches_anonymous_visitors(client_as, alice, listing):
    anonymous = page(Client())
    member = page(client_as(alice))
    assert "Log out" in member and reverse("listings:inbox") in member
    for text in ("Log out", reverse("listings:inbox"), "alice@example.com"):
        assert text not in page(Client())
    assert "Log in" in anonymous and "Log in" not in member


def test_a_listing_under_negotiation_shows_at_the_next_search_of_the_same_page(
    client_as, listing, charlie, charlie_org, alice
):
    assert "Under negotiation" not in page(Client(), q="kras")
    interest = services.express_interest(listing=listing, organisation=charlie_org, by=charlie)
    services.decide_interest(interest=interest, by=alice, accept=True)
    assert "Under negotiation" in page(Client(), q="kras")


def test_a_change_made_outside_the_services_shows_at_the_next_new_search(listing):
    assert "Renamed offer" not in page(Client(), q="kras")
    Listing.objects.filter(pk=listing.pk).update(title="Renamed offer <b>")
    shown = page(Client(), q="kras", deal_type="exclusive_licence")
    assert "Renamed offer &lt;b&gt;" in shown and "KRAS G12C inhibitor for the page" not in shown


def test_a_listing_closed_leaves_the_page(listing, alice):
    assert listing.title in page(Client())
    services.close_listing(listing=listing, by=alice, outcome="withdrawn")
    assert listing.title not in page(Client())


def test_the_confidential_part_reaches_no_kept_card_or_page(client_as, users, listing):
    for user in users.values():
        client = client_as(user) if user else Client()
        assert SECRET not in page(client) and SECRET not in page(client, q="kras")
        assert SECRET not in client.get("/api/v1/listings").content.decode()
    kept = [repr(vars(card)) for card in card_cache.entries.values()]
    kept += [str(body) for body in [*responses.entries.values(), *bodies.entries.values()]]
    assert kept and not any(SECRET in text for text in kept)


def test_switching_language_gives_the_other_language(listing):
    english = page(in_language("en"))
    chinese = page(in_language("zh-hans"))
    assert "Exclusive licence" in english and "独占许可" not in english
    assert "独占许可" in chinese and "Exclusive licence" not in chinese
    assert 'lang="zh-hans"' in chinese and 'lang="en"' in english
    assert "Exclusive licence" in page(in_language("en"), q="kras")  # and back, for a new search too
    rendered = card_cache.entries[listing.pk].rendered
    assert {("html", "en"), ("html", "zh-hans")} <= set(rendered)


def test_a_bad_filter_is_shown_to_an_anonymous_visitor(listing):
    shown = page(Client(), deal_type="barter")
    assert "unknown value" in shown and listing.title in shown
    assert "unknown value" not in page(Client())

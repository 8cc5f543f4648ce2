"""Every marketplace page from the five viewpoints; outsiders get 404, nothing leaks, nothing changes."""

import pytest
from django.urls import reverse

from core.events import events_for
from listings import alerts, needs, services
from listings.models import Interest, Listing, Need, Subscription

pytestmark = pytest.mark.django_db

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
LOGIN = 302
SECRET = "CONFIDENTIAL-DOSSIER-77"


@pytest.fixture
def objects(make_listing, asset, staff, alice, alice_org, charlie):
    from tests.factories import make_asset

    draft_asset = make_asset(alice_org, number="CN777A", title="Draft asset")
    private = needs.create_need(
        organisation=alice_org, by=alice, title="Private need", text="Looking for ADC"
    )
    shared = needs.create_need(
        organisation=alice_org, by=alice, title="Shared need", text="Looking for ADC", visibility="sellers"
    )
    return {
        "published": make_listing([asset], publish=True, staff=staff),
        "draft": make_listing([draft_asset], title="Draft offer"),
        "open": make_listing(
            [asset],
            publish=True,
            staff=staff,
            title="Open licence of the KRAS patent",
            deal_type="open_licence",
            territories=[],
            open_fee="10",
            open_payment_method="lump_sum",
        ),
        "private": private,
        "shared": shared,
        "org": alice_org,
        "subscription": alerts.subscribe(user=alice, kind="digest"),
    }


def _url(name, objects, **kwargs):
    resolved = {
        key: (objects[value].slug if value == "org" else objects[value].pk) for key, value in kwargs.items()
    }
    return reverse(name, kwargs=resolved)


PAGES = [
    ("listings:browse", {}, [200, 200, 200, 200, 200]),
    ("listings:detail", {"pk": "published"}, [200, 200, 200, 200, 200]),
    ("listings:detail", {"pk": "draft"}, [404, 404, 200, 200, 200]),
    ("listings:edit", {"pk": "draft"}, [LOGIN, 404, 200, 200, 200]),
    ("listings:create", {"org": "org"}, [LOGIN, 404, 200, 200, 404]),
    ("listings:open_licence", {"pk": "open"}, [LOGIN, 200, 200, 200, 200]),
    ("listings:open_licence", {"pk": "published"}, [LOGIN, 404, 404, 404, 404]),
    ("listings:inbox", {}, [LOGIN, 200, 200, 200, 200]),
    ("listings:review_queue", {}, [LOGIN, 404, 404, 404, 200]),
    ("listings:needs", {}, [LOGIN, 200, 200, 200, 200]),
    ("listings:need_create", {}, [LOGIN, 200, 200, 200, 302]),
    ("listings:need", {"pk": "private"}, [LOGIN, 404, 200, 200, 200]),
    ("listings:need", {"pk": "shared"}, [LOGIN, 200, 200, 200, 200]),
    ("listings:need_edit", {"pk": "shared"}, [LOGIN, 404, 200, 200, 200]),
    ("listings:matches", {"pk": "shared"}, [LOGIN, 404, 200, 200, 200]),
    ("listings:matches", {"pk": "private"}, [LOGIN, 404, 200, 200, 200]),
    ("listings:subscriptions", {}, [LOGIN, 200, 200, 200, 200]),
    ("listings:notifications", {}, [LOGIN, 200, 200, 200, 200]),
]


@pytest.fixture(autouse=True)
def _no_engine(monkeypatch):
    # Page permissions do not depend on the matching engine; the fallback keeps these tests fast.
    from listings import matches

    monkeypatch.setattr(matches, "_engine", lambda: None)


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_page_permissions(client_as, users, objects, name, kwargs, expected):
    url = _url(name, objects, **kwargs)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_the_confidential_part_reaches_only_the_seller_and_staff(client_as, users, objects, viewpoint):
    page = (
        client_as(users[viewpoint])
        .get(reverse("listings:detail", args=[objects["published"].pk]))
        .content.decode()
    )
    assert (SECRET in page) is (viewpoint in {"participant", "owner", "staff"})
    assert "Synthetic" not in page


def test_an_accepted_buyer_sees_the_confidential_part(client_as, objects, charlie, charlie_org, alice):
    listing = objects["published"]
    url = reverse("listings:detail", args=[listing.pk])
    client = client_as(charlie)
    response = client.post(
        reverse("listings:express_interest", args=[listing.pk]),
        {"organisation": charlie_org.pk, "message": "Keen"},
    )
    assert response.status_code == 302
    assert SECRET not in client.get(url).content.decode()
    interest = Interest.objects.get()
    client_as(alice).post(reverse("listings:decide", args=[interest.pk, "accept"]))
    assert SECRET in client_as(charlie).get(url).content.decode()


def test_the_seller_sees_leads_and_screening_but_the_buyer_sees_only_its_own(
    client_as, objects, charlie, charlie_org, alice, make_organisation, make_user
):
    listing = objects["published"]
    services.express_interest(listing=listing, organisation=charlie_org, by=charlie, message="From Charlie")
    dave_org = make_organisation("Dave Labs")
    dave = make_user("dave@example.com", dave_org, "admin")
    services.express_interest(listing=listing, organisation=dave_org, by=dave, message="From Dave")
    url = reverse("listings:detail", args=[listing.pk])
    seller_page = client_as(alice).get(url).content.decode()
    assert "From Charlie" in seller_page and "From Dave" in seller_page and "Screening" in seller_page
    buyer_page = client_as(charlie).get(url).content.decode()
    assert "From Dave" not in buyer_page and "Screening" not in buyer_page
    assert "From Dave" not in client_as(charlie).get(reverse("listings:inbox")).content.decode()


POSTS = [
    # url name, kwargs, data, viewpoints that may act
    ("listings:submit", {"pk": "draft"}, {}, {"participant", "owner", "staff"}),
    ("listings:close", {"pk": "published"}, {"outcome": "withdrawn"}, {"participant", "owner", "staff"}),
    ("listings:review", {"pk": "draft"}, {"decision": "approve"}, {"staff"}),
    ("listings:need_close", {"pk": "shared"}, {}, {"participant", "owner", "staff"}),
]


@pytest.mark.parametrize(("name", "kwargs", "data", "allowed"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("viewpoint", ["anonymous", "outsider"])
def test_outsiders_change_nothing(client_as, users, objects, name, kwargs, data, allowed, viewpoint):
    target = objects[next(iter(kwargs.values()))]
    before = list(events_for(target).values_list("kind", flat=True))
    state = (type(target).objects.get(pk=target.pk).status,)
    response = client_as(users[viewpoint]).post(_url(name, objects, **kwargs), data)
    assert response.status_code in (302, 404)
    if viewpoint == "anonymous":
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    assert list(events_for(target).values_list("kind", flat=True)) == before
    assert (type(target).objects.get(pk=target.pk).status,) == state


def test_the_outsider_cannot_decide_a_lead(client_as, objects, charlie, charlie_org):
    interest = services.express_interest(listing=objects["published"], organisation=charlie_org, by=charlie)
    response = client_as(charlie).post(reverse("listings:decide", args=[interest.pk, "accept"]))
    assert response.status_code == 403  # the buyer sees the lead; deciding it is the seller's, as in the API
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_the_operator_sees_a_pending_lead_without_the_sellers_buttons(
    client_as, objects, charlie, charlie_org, alice, staff
):
    interest = services.express_interest(listing=objects["published"], organisation=charlie_org, by=charlie)
    url = reverse("listings:detail", args=[objects["published"].pk])
    accept = reverse("listings:decide", args=[interest.pk, "accept"])
    assert accept in client_as(alice).get(url).content.decode()
    operator_page = client_as(staff).get(url).content.decode()
    assert charlie_org.name in operator_page and accept not in operator_page


def test_a_stranger_cannot_open_someone_elses_lead(
    client_as, objects, charlie, charlie_org, make_organisation, make_user
):
    interest = services.express_interest(listing=objects["published"], organisation=charlie_org, by=charlie)
    eve = make_user("eve@example.com", make_organisation("Eve Co"), "admin")
    response = client_as(eve).post(reverse("listings:decide", args=[interest.pk, "decline"]))
    assert response.status_code == 404
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_the_seller_drafts_and_submits_through_the_pages(client_as, alice, asset):
    client = client_as(alice)
    data = {
        "title": "Portfolio offer",
        "summary": "Two patents",
        "deal_type": "assignment",
        "corridor": "any",
        "currency": "USD",
        "territories": "SG, MY",
        "fields_of_use": "oncology",
        "assets": [asset.pk],
    }
    response = client.post(reverse("listings:create", args=["alice-bio"]), data)
    listing = Listing.objects.get()
    assert response.status_code == 302 and listing.territories == ["SG", "MY"]
    client.post(reverse("listings:submit", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == "submitted"


def test_bad_form_input_shows_the_error_and_saves_nothing(client_as, alice, asset):
    data = {
        "title": "X",
        "deal_type": "assignment",
        "corridor": "any",
        "currency": "USD",
        "territories": "Atlantis",
        "assets": [asset.pk],
    }
    response = client_as(alice).post(reverse("listings:create", args=["alice-bio"]), data)
    assert response.status_code == 200 and "Unknown territory" in response.content.decode()
    assert not Listing.objects.exists()


def test_staff_reject_with_a_reason_from_the_page(client_as, staff, objects, alice):
    draft = objects["draft"]
    services.submit_listing(listing=draft, by=alice)
    client_as(staff).post(
        reverse("listings:review", args=[draft.pk]), {"decision": "reject", "reason": "Unclear"}
    )
    draft.refresh_from_db()
    assert (draft.status, draft.rejection_reason) == ("rejected", "Unclear")


def test_taking_an_open_licence_through_the_page(client_as, objects, charlie, charlie_org):
    listing = objects["open"]
    response = client_as(charlie).post(
        reverse("listings:open_licence", args=[listing.pk]),
        {"organisation": charlie_org.pk, "payment_reference": "PAY-9", "accept_terms": "on"},
    )
    assert response.status_code == 302
    assert listing.licence_grants.get().organisation == charlie_org


def test_posting_a_need_leads_to_its_matches(client_as, charlie, indications):
    response = client_as(charlie).post(
        reverse("listings:need_create"),
        {
            "title": "ADC",
            "text": "寻找胃癌ADC",
            "budget_currency": "USD",
            "visibility": "private",
            "indications": ["gastric"],
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("listings:matches", args=[need.pk])
    assert need.original_language == "zh-hans" and need.indications == ["gastric"]


def test_the_unsubscribe_link_needs_no_login_and_a_post(client, objects):
    subscription = objects["subscription"]
    url = reverse("listings:unsubscribe", args=[subscription.token])
    assert client.get(url).status_code == 200
    assert Subscription.objects.get(pk=subscription.pk).active
    client.post(url)
    assert not Subscription.objects.get(pk=subscription.pk).active
    assert client.get(reverse("listings:unsubscribe", args=["not-a-token"])).status_code == 404


def test_browse_filters_and_bad_filters(client, objects):
    page = client.get(reverse("listings:browse"), {"deal_type": "open_licence"}).content.decode()
    assert objects["open"].title in page and objects["published"].title not in page
    response = client.get(reverse("listings:browse"), {"deal_type": "barter"})
    assert response.status_code == 200 and "unknown value" in response.content.decode()

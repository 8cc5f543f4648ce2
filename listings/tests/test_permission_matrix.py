"""The marketplace's pages and endpoints from the five viewpoints: anonymous, outsider (Charlie Pharma),
participant (Bob, a member of the seller Alice Bio), owner (Alice, its administrator) and staff (Olivia).

Alice Bio has a listing on the market, a draft, and a need it keeps private; Alice has a digest subscription
and a notification. What is not public answers 404 to those outside, so nothing leaks that it exists.
"""

import pytest

from listings import alerts, needs, services
from listings.models import Notification
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db

ALL = (200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
SELLER = (LOGIN, 404, 200, 200, 200)
API_SIGNED_IN = (401, 200, 200, 200, 200)
API_SELLER = (401, 404, 200, 200, 200)
PUBLISHED, DRAFT, NEED = {"pk": "published"}, {"pk": "draft"}, {"pk": "need"}


def _api(path, expected, **params) -> Row:
    return Row(f"GET /api/v1/listings{path}", expected, params=params)


def _write(endpoint: str, expected, body=None, **params) -> Row:
    return Row(f"{endpoint}", expected, params=params, body=body, checked_by="test_writes")


# Writes through the API: each viewpoint tries on a fresh world (test_writes).
WRITES = [
    _write("PATCH /api/v1/listings/{listing_id}", API_SELLER, {"title": "Renamed draft"}, listing_id="draft"),
    _write("POST /api/v1/listings/{listing_id}/submit", API_SELLER, listing_id="draft"),
    _write("POST /api/v1/listings/{listing_id}/approve", (401, 404, 403, 403, 200), listing_id="submitted"),
    _write(
        "POST /api/v1/listings/{listing_id}/reject",
        (401, 404, 403, 403, 200),
        {"reason": "The claims are not supported."},
        listing_id="submitted",
    ),
    _write(
        "POST /api/v1/listings/{listing_id}/close",
        (401, 403, 200, 200, 200),
        {"outcome": "withdrawn"},
        listing_id="published",
    ),
    _write("PATCH /api/v1/listings/needs/{need_id}", API_SELLER, {"title": "Renamed need"}, need_id="need"),
    _write("POST /api/v1/listings/needs/{need_id}/close", API_SELLER, need_id="need"),
    _write(
        "POST /api/v1/listings/notifications/{notification_id}/read",
        (401, 404, 404, 200, 404),
        notification_id="notification",
    ),
    _write("POST /api/v1/listings/subscriptions", (401, 201, 201, 201, 201), {"kind": "digest"}),
    # The seller's own members and the operator (no organisation) cannot be a buyer of it.
    _write(
        "POST /api/v1/listings/{listing_id}/interests",
        (401, 201, 422, 422, 422),
        {"organisation": "charlie-pharma", "message": "Interested"},
        listing_id="published",
    ),
    _write(
        "POST /api/v1/listings",
        (401, 422, 201, 201, 422),  # an organisation one is not a member of is an invalid field
        {
            "organisation": "@org",
            "assets": ["@asset"],
            "title": "New KRAS licence",
            "deal_type": "exclusive_licence",
        },
    ),
    _write(
        "POST /api/v1/listings/needs",
        (401, 422, 201, 201, 422),
        {
            "organisation": "@org",
            "title": "A new need",
            "text": "Looking for an oral GLP-1 agonist for obesity.",
        },
    ),
    # Delta Therapeutics' lead on the published listing: the seller's people decide it, others do not see it;
    # the operator decides for the seller, as it closes the seller's listings (see the close row above).
    _write(
        "POST /api/v1/listings/leads/{interest_id}/accept", (401, 404, 200, 200, 200), {}, interest_id="lead"
    ),
    _write(
        "POST /api/v1/listings/leads/{interest_id}/decline",
        (401, 404, 200, 200, 200),
        {"note": "Not now"},
        interest_id="lead",
    ),
    _write(
        "DELETE /api/v1/listings/subscriptions/{subscription_id}",
        (401, 404, 404, 204, 404),
        subscription_id="subscription",
    ),
]

MATRIX = [
    Row("listings:browse", ALL),
    Row("listings:detail", ALL, params=PUBLISHED),
    Row("listings:detail", (404, 404, 200, 200, 200), params=DRAFT),
    Row("listings:edit", SELLER, params=DRAFT),
    Row("listings:create", (LOGIN, 404, 200, 200, 404), params={"org": "org"}),
    Row("listings:review_queue", (LOGIN, 404, 404, 404, 200)),
    Row("listings:inbox", SIGNED_IN),
    Row("listings:needs", SIGNED_IN),
    # The operator belongs to no organisation that could post a need: sent to register one.
    Row("listings:need_create", (LOGIN, 200, 200, 200, 302)),
    Row("listings:need", SELLER, params=NEED),
    Row("listings:need_edit", SELLER, params=NEED),
    Row("listings:matches", SELLER, params=NEED),
    Row("listings:subscriptions", SIGNED_IN),
    Row("listings:notifications", SIGNED_IN),
    # The e-mail's link: the token is the proof, no login needed.
    Row("listings:unsubscribe", ALL, params={"token": "token"}),
    # Actions: each viewpoint posts in turn; pages answer with a redirect and a message, refusals with 404.
    Row("listings:submit", (LOGIN, 404, 302, 302, 302), params=DRAFT, method="post"),
    Row("listings:review", (LOGIN, 404, 404, 404, 302), params=DRAFT, method="post"),
    Row("listings:close", (LOGIN, 404, 302, 302, 302), params=PUBLISHED, method="post"),
    Row("listings:express_interest", (LOGIN, 302, 302, 302, 302), params=PUBLISHED, method="post"),
    # Not an open licence: nobody takes one.
    Row("listings:open_licence", (LOGIN, 404, 404, 404, 404), params=PUBLISHED),
    Row("listings:need_close", (LOGIN, 404, 302, 302, 302), params=NEED, method="post"),
    # A subscription and a notification are their person's alone, the operator's view included.
    Row("listings:stop", (LOGIN, 404, 404, 302, 404), params={"pk": "subscription"}, method="post"),
    Row("listings:read", (LOGIN, 404, 404, 302, 404), params={"pk": "notification"}, method="post"),
    _api("", ALL),
    _api("/{listing_id}", ALL, listing_id="published"),
    _api("/{listing_id}", (404, 404, 200, 200, 200), listing_id="draft"),
    # On a public listing everyone signed in asks; each sees only the leads and licences of their own side.
    _api("/{listing_id}/interests", API_SIGNED_IN, listing_id="published"),
    _api("/{listing_id}/interests", API_SELLER, listing_id="draft"),
    _api("/{listing_id}/open-licences", API_SIGNED_IN, listing_id="published"),
    _api("/{listing_id}/organisations", (401, 403, 200, 200, 200), listing_id="published"),
    _api("/{listing_id}/organisations", API_SELLER, listing_id="draft"),
    _api("/{listing_id}/screening", API_SELLER, listing_id="draft"),
    _api("/leads", API_SIGNED_IN),
    _api("/mine", API_SIGNED_IN),
    _api("/review", (401, 403, 403, 403, 200)),
    _api("/needs", API_SIGNED_IN),
    _api("/needs/{need_id}", API_SELLER, need_id="need"),
    _api("/needs/{need_id}/matches", API_SELLER, need_id="need"),
    _api("/notifications", API_SIGNED_IN),
    _api("/subscriptions", API_SIGNED_IN),
    *WRITES,
]


@pytest.fixture
def world(published, make_listing, asset, alice, alice_org, indications, make_organisation, make_user):
    buyer_org = make_organisation("Delta Therapeutics")
    draft = make_listing([asset], title="Draft KRAS licence")
    submitted = make_listing([asset], title="Submitted KRAS licence")
    services.submit_listing(listing=submitted, by=alice)
    need = needs.create_need(
        organisation=alice_org,
        by=alice,
        title="Private need",
        text="Looking for an oral GLP-1 agonist, private to Alice Bio.",
        indications=["nsclc"],
        deal_types=["exclusive_licence"],
        territories=["SG"],
    )
    subscription = alerts.subscribe(user=alice, kind="digest", frequency="daily")
    notification = Notification.objects.create(
        user=alice, kind=Notification.Kind.NEW_LISTING, listing=published
    )
    lead = services.express_interest(
        listing=published,
        organisation=buyer_org,
        by=make_user("dora@example.com", buyer_org, "admin"),
        message="Keen.",
    )
    return {
        "asset": asset.pk,
        "lead": lead.pk,
        "subscription": subscription.pk,
        "notification": notification.pk,
        "published": published.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "need": need.pk,
        "org": alice_org.slug,
        "token": subscription.token,
    }


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, world, row):
    check(
        row,
        lambda viewpoint: client_as(users[viewpoint]),
        world.__getitem__,
        secret=b"CONFIDENTIAL-DOSSIER-77",
    )


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, world, row, viewpoint):
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), world.__getitem__)

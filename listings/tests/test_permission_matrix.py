"""The marketplace's pages and endpoints from the five viewpoints: anonymous, outsider (Charlie Pharma),
participant (Bob, a member of the seller Alice Bio), owner (Alice, its administrator) and staff (Olivia); some
rows add the buyer (Dora of Delta Therapeutics, whose lead waits) and the pledgee (Penny of Pledge Bank, which
holds a pledge on an asset Alice Bio offers for sale).

Alice Bio has a listing on the market, an open-licence declaration, a draft, an offer of a pledged asset and a
need it keeps private; Alice has a digest subscription and a notification. What is not public answers 404 to
those outside, so nothing leaks that it exists. A refused write changes nothing (no event is written).
"""

import pytest

from core.models import Event
from listings import alerts, needs, services
from listings.models import Notification
from listings.tests.conftest import pledge
from tests.factories import make_asset
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


def _write(endpoint: str, expected, body=None, extra=None, **params) -> Row:
    return Row(endpoint, expected, params=params, body=body, extra=extra or {}, checked_by="test_writes")


def _page(name: str, expected, body=None, extra=None, **params) -> Row:
    return Row(name, expected, params, body=body, method="post", extra=extra or {}, checked_by="test_writes")


CONSENT = {"encumbrance": "@pledge", "reference": "Signed consent of 1 July 2025"}


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
    # the buyer and the operator see it but do not decide it for the seller (403).
    _write(
        "POST /api/v1/listings/leads/{interest_id}/accept",
        (401, 404, 200, 200, 403),
        {},
        {"buyer": 403},
        interest_id="lead",
    ),
    _write(
        "POST /api/v1/listings/leads/{interest_id}/decline",
        (401, 404, 200, 200, 403),
        {"note": "Not now"},
        {"buyer": 403},
        interest_id="lead",
    ),
    _page("listings:decide", (LOGIN, 404, 302, 302, 403), {}, {"buyer": 403}, pk="lead", decision="=accept"),
    _page(
        "listings:decide",
        (LOGIN, 404, 302, 302, 403),
        {"note": "Not now"},
        {"buyer": 403},
        pk="lead",
        decision="=decline",
    ),
    # Anyone in an approved organisation takes an open licence for it; the seller's members and the operator
    # hold none to take it for, and an organisation one is not a member of is an invalid field.
    _write(
        "POST /api/v1/listings/{listing_id}/open-licences",
        (401, 201, 422, 422, 422),
        {"organisation": "charlie-pharma", "payment_reference": "FPS-2025-0001"},
        listing_id="open",
    ),
    # The pledgee consents to the offer of its collateral, or the operator records its signed consent; the
    # seller cannot consent for it, and the draft offer stays unknown to outsiders.
    _write(
        "POST /api/v1/listings/{listing_id}/pledgee-consents",
        (401, 404, 403, 403, 201),
        CONSENT,
        {"pledgee": 201},
        listing_id="pledged",
    ),
    _page("listings:consent", (LOGIN, 404, 403, 403, 302), CONSENT, {"pledgee": 302}, pk="pledged"),
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
def people(users, make_organisation, make_user):
    """The five viewpoints, the buyer whose lead waits, and the pledgee of an asset offered for sale."""
    buyer = make_user("dora@example.com", make_organisation("Delta Therapeutics"), "admin")
    pledgee = make_user("penny@example.com", make_organisation("Pledge Bank"), "member")
    return {**users, "buyer": buyer, "pledgee": pledgee}


@pytest.fixture
def world(people, published, make_listing, asset, alice, alice_org, staff, indications):
    buyer = people["buyer"]
    draft = make_listing([asset], title="Draft KRAS licence")
    collateral = make_asset(alice_org, number="CN100002A", title="Pledged antibody patent")
    pledged = pledge(collateral, people["pledgee"].memberships.get().organisation)
    offer = make_listing([collateral], title="Sale of the pledged patent", deal_type="assignment")
    submitted = make_listing([asset], title="Submitted KRAS licence")
    services.submit_listing(listing=submitted, by=alice)
    # Of a patent of its own: while an open-licence declaration stands, no exclusive offer of it is submitted.
    open_declaration = make_listing(
        [make_asset(alice_org, number="CN100003A", title="Openly licensed formulation patent")],
        publish=True,
        staff=staff,
        title="Open licence of the KRAS patent",
        deal_type="open_licence",
        territories=[],
        open_fee="10",
        open_payment_method="lump_sum",
    )
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
        organisation=buyer.memberships.get().organisation,
        by=buyer,
        message="Keen.",
    )
    return {
        "open": open_declaration.pk,
        "pledged": offer.pk,
        "pledge": pledged.pk,
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
def test_matrix(client_as, people, world, row):
    check(
        row,
        lambda viewpoint: client_as(people[viewpoint]),
        world.__getitem__,
        secret=b"CONFIDENTIAL-DOSSIER-77",
    )


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, people, world, row, viewpoint):
    events = Event.objects.count()
    check_viewpoint(row, viewpoint, client_as(people[viewpoint]), world.__getitem__)
    status = row.statuses()[viewpoint]
    if status >= 400 or viewpoint == "anonymous":
        assert Event.objects.count() == events, f"{viewpoint} was refused but something changed"

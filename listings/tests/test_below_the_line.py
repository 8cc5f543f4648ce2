"""Matches that fail a buyer's stated criteria come below the line with what they fail, or are left out as the
buyer chooses; each match has a contact button, and the seller invites a likely buyer into a deal room."""

import pytest
from django.urls import reverse

from assets.models import BiomedicalProfile
from listings import matches, needs
from tests.factories import make_asset

pytestmark = pytest.mark.django_db
VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]


@pytest.fixture(autouse=True)
def _no_engine(monkeypatch):
    # The lexical fallback keeps these tests fast; the criteria are checked the same way with the engine.
    monkeypatch.setattr(matches, "_engine", lambda: None)


@pytest.fixture
def failing_listing(alice_org, indications, make_listing, staff):
    other = make_asset(alice_org, number="CN100009A", title="KRAS G12D inhibitor for lung cancer")
    BiomedicalProfile.objects.create(asset=other, modality="small_molecule").indications.set(
        [indications["nsclc"]]
    )
    return make_listing(
        [other],
        publish=True,
        staff=staff,
        title="KRAS G12D inhibitor, assignment for Europe",
        deal_type="assignment",
        territories=["EU"],
    )


@pytest.fixture
def need(charlie, charlie_org, indications):
    return needs.create_need(
        organisation=charlie_org,
        by=charlie,
        title="KRAS inhibitor",
        text="KRAS inhibitor for non-small-cell lung cancer, exclusive licence in Singapore",
        indications=["nsclc"],
        deal_types=["exclusive_licence"],
        territories=["SG"],
    )


def test_a_match_that_fails_a_stated_criterion_comes_last_with_what_it_fails(
    published, failing_listing, need, charlie
):
    found = matches.matches_for_need(need, user=charlie)
    assert [m.listing.pk for m in found] == [published.pk, failing_listing.pk]
    assert found[0].failed == []
    assert found[1].failed == ["deal type", "territory"]


def test_the_matches_page_shows_failing_matches_below_the_line(
    client_as, published, failing_listing, need, charlie
):
    html = client_as(charlie).get(reverse("listings:matches", args=[need.pk])).content.decode()
    line = html.index("Below the line")
    assert html.index(published.title) < line < html.index(failing_listing.title)
    assert "Fails your criteria" in html and "deal type, territory" in html
    assert f"/marketplace/{published.pk}/#interest" in html  # the contact button


def test_the_buyer_may_leave_failing_matches_out(client_as, published, failing_listing, need, charlie):
    url = reverse("listings:matches", args=[need.pk]) + "?failing=hide"
    html = client_as(charlie).get(url).content.decode()
    assert published.title in html and failing_listing.title not in html
    assert "1 match that fails your criteria is left out." in html


def test_the_api_lists_what_each_match_fails(client_as, published, failing_listing, need, charlie):
    response = client_as(charlie).get(f"/api/v1/listings/needs/{need.pk}/matches")
    assert response.status_code == 200
    assert [row["failed"] for row in response.json()] == [[], ["deal type", "territory"]]


def test_the_listing_detail_has_the_interest_anchor(client_as, published, charlie):
    html = client_as(charlie).get(reverse("listings:detail", args=[published.pk])).content.decode()
    assert 'id="interest"' in html


def test_the_seller_invites_a_likely_buyer_into_a_deal_room(client_as, published, need, alice, charlie_org):
    need.visibility = "sellers"
    need.save()
    html = client_as(alice).get(reverse("listings:detail", args=[published.pk])).content.decode()
    link = f"/deals/new/?buyer={charlie_org.slug}&amp;listing={published.pk}&amp;deal_type=exclusive_licence"
    assert link in html
    form = client_as(alice).get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["buyer"] == charlie_org.slug
    assert form.initial["seller"] == published.organisation_id


def test_the_invite_page_with_a_prefill_from_the_five_viewpoints(client_as, users, published, charlie_org):
    url = f"/deals/new/?buyer={charlie_org.slug}&listing={published.pk}&deal_type=assignment"
    expected = {"anonymous": 302, "outsider": 200, "participant": 200, "owner": 200, "staff": 200}
    for viewpoint in VIEWPOINTS:
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == expected[viewpoint], viewpoint
        if viewpoint == "outsider":  # not the listing's seller: no seller is chosen for them
            assert "seller" not in response.context["form"].initial


@pytest.mark.parametrize(
    "query", ["listing=abc", "listing=99999999999999999999", "buyer=%3Cscript%3E&deal_type=x&listing=-1"]
)
def test_a_bad_prefill_is_harmless(client_as, alice, query):
    response = client_as(alice).get(f"/deals/new/?{query}")
    assert response.status_code == 200 and "<script>" not in response.content.decode()


def test_closing_a_listing_asks_for_confirmation_first(client_as, published, alice):
    html = client_as(alice).get(reverse("listings:detail", args=[published.pk])).content.decode()
    assert "Close this listing? It leaves the marketplace and cannot be reopened." in html


def test_the_listing_form_comes_in_steps_with_every_field(client_as, alice, alice_org):
    from listings.forms import ListingForm

    in_steps = [name for _title, names, _shown in ListingForm.STEPS for name in names]
    assert sorted(in_steps) == sorted(ListingForm(organisation=alice_org).fields)
    html = client_as(alice).get(reverse("listings:create", args=[alice_org.slug])).content.decode()
    assert "Step 1: What you offer" in html and 'class="step only-open-licence"' in html


def test_territory_fields_carry_their_named_picks(client_as, alice, alice_org):
    html = client_as(alice).get(reverse("listings:create", args=[alice_org.slug])).content.decode()
    assert "data-picks=" in html and "Gulf Cooperation Council" in html and "js/pickers.js" in html

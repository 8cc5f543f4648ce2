"""A member's home: what waits for them, their organisation's work, recent activity and the unread badge;
visitors keep the exchange's front page, and nobody sees another organisation's work."""

import pytest

from core import home
from listings import services
from listings.models import Interest, Listing, Notification
from tests.factories import make_asset

pytestmark = pytest.mark.django_db

TITLE = "Bispecific antibody for gastric cancer — exclusive licence"


@pytest.fixture
def listing(alice, alice_org):
    asset = make_asset(alice_org, number="CN7A", title="Bispecific antibody against HER2 and CLDN18.2")
    return services.create_listing(
        organisation=alice_org,
        by=alice,
        assets=[asset],
        title=TITLE,
        summary="Teaser.",
        territories=["ASEAN"],
    )


@pytest.fixture
def lead(listing, charlie, charlie_org):
    return Interest.objects.create(listing=listing, organisation=charlie_org, created_by=charlie)


def _page(client, user):
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitor_gets_the_exchange_front_page(client, listing):
    html = _page(client, None)
    assert "What the exchange offers" in html
    assert "Waiting for you" not in html
    assert TITLE not in html


def test_member_gets_their_home_with_their_organisations_listing(client, bob, listing):
    html = _page(client, bob)
    assert "Waiting for you" in html
    assert TITLE in html


def test_seller_sees_the_lead_to_answer(client, alice, lead):
    html = _page(client, alice)
    assert "Leads to answer" in html


def test_outsider_sees_no_other_organisations_listing_or_activity(client, charlie, charlie_org, listing):
    html = _page(client, charlie)
    assert TITLE not in html
    assert "Recent activity" in html
    assert f"/marketplace/{listing.pk}/" not in html


def test_buyer_is_not_asked_to_answer_their_own_lead(client, charlie, lead):
    assert "Leads to answer" not in _page(client, charlie)


def test_colleague_sees_recent_activity_on_the_organisations_listing(client, bob, listing):
    html = _page(client, bob)
    assert f"/marketplace/{listing.pk}/" in html
    assert "<td>Created</td>" in html


def test_staff_sees_listings_to_screen(client, staff, listing):
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.SUBMITTED)
    assert "Listings to screen" in _page(client, staff)


def test_member_home_changes_nothing(client, alice, lead):
    before = (Listing.objects.count(), Interest.objects.get(pk=lead.pk).status)
    _page(client, alice)
    assert (Listing.objects.count(), Interest.objects.get(pk=lead.pk).status) == before


def test_header_shows_the_unread_notifications_badge_on_every_page(client, alice, listing):
    Notification.objects.create(user=alice, kind=Notification.Kind.LISTING_PUBLISHED, listing=listing)
    client.force_login(alice)
    html = client.get("/assets/").content.decode()
    assert '<span class="badge"' in html
    assert "My deals" in html


def test_read_notifications_leave_no_badge(client, alice, listing):
    Notification.objects.create(
        user=alice, kind=Notification.Kind.LISTING_PUBLISHED, listing=listing, read_at="2026-01-01T00:00Z"
    )
    client.force_login(alice)
    assert '<span class="badge"' not in client.get("/").content.decode()


def test_another_app_contributes_a_waiting_item_through_the_registry(client, alice):
    def offers(user):
        return [home.InboxItem("Offers to answer", "/offers/", 2)]

    home.register_inbox(offers)
    try:
        html = _page(client, alice)
    finally:
        home._inbox.remove(offers)
    assert "Offers to answer" in html
    assert 'href="/offers/"' in html


def test_items_with_nothing_waiting_are_left_out(alice):
    def nothing(user):
        return [home.InboxItem("Nothing here", "/x/", 0)]

    home.register_inbox(nothing)
    try:
        assert all(item.title != "Nothing here" for item in home.inbox_for(alice))
    finally:
        home._inbox.remove(nothing)


def test_the_front_pages_figures_link_to_the_searches_behind_them(client, listing):
    html = _page(client, None)
    assert 'href="/assets/"' in html
    assert 'href="/assets/?jurisdiction=CN"' in html
    assert 'href="/assets/?cancer=any"' in html
    assert 'href="/organisations/"' in html


# Event kinds whose subject is not a record shown as recent activity (a subscription, a comparable deal, an
# import run, a certifier's key or service, a neutral on the roster, a financing programme, a subsidy
# application, a valuation request): they never reach a member's home.
NOT_SHOWN_PREFIXES = (
    "subscription.",
    "comparable_deal.",
    "import.",
    "subsidy.",
    "valuation_request.",
    "financing.programme_created",
    "financing.shares_changed",
    "dispute.roster_",
    "dispute.conflict_declared",
    "certification.key_rotated",
    "certification.service_saved",
    "certification.conflict_declared",
    "certification.reminder_sent",
)

# Kinds built from a value at run time, as the services build them.
BUILT_KINDS = (
    [f"listing.interest_{status}" for status in ("accepted", "declined")]
    + [f"deal.room_{action}" for action in ("pause", "resume", "close", "reopen")]
    + [f"deal.milestone_{status}" for status in ("confirmed", "disputed")]
    + [f"financing.{step}.approved" for step in ("apply", "evaluate", "default", "dispose")]
    + [
        f"financing.{step}.{outcome}"
        for step in ("recommend", "guarantee", "insure", "lend")
        for outcome in ("approved", "refused")
    ]
)

APPS = ("assets", "listings", "certification", "valuation", "deals", "financing", "disputes")


def _recorded_kinds() -> set[str]:
    """Every literal event kind the apps with recent activity record (read from their code)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    call = re.compile(r'record_event\(\s*[^,()]+,\s*"([a-z_.]+)"')
    return {
        kind
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "tests" not in path.parts
        for kind in call.findall(path.read_text())
    }


def test_every_event_kind_shown_as_activity_reads_as_words_not_the_fallback():
    kinds = (_recorded_kinds() | set(BUILT_KINDS)) - {
        kind for kind in _recorded_kinds() if kind.startswith(NOT_SHOWN_PREFIXES)
    }
    assert len(kinds) > 80
    unlabelled = sorted(kind for kind in kinds if str(home.label_of(kind)) == "changed")
    assert unlabelled == []


def test_an_unknown_event_kind_still_reads_as_changed():
    assert str(home.label_of("listing.something_new")) == "changed"


def test_an_apps_label_for_a_kind_comes_before_the_verb_of_its_last_part():
    assert str(home.label_of("deal.nda_signed")) == "One side signed the NDA"
    assert str(home.label_of("listing.published")) == "published"


@pytest.fixture
def oncology_asset(alice_org):
    from assets.models import BiomedicalProfile, Indication

    asset = make_asset(alice_org, number="CN77A", title="KRAS G12C inhibitor for lung cancer")
    profile = BiomedicalProfile.objects.create(asset=asset, phase=1, modality="small_molecule")
    profile.indications.add(Indication.objects.get(code="nsclc"))
    make_asset(alice_org, number="CN78A", title="Cough syrup")
    return asset


def test_the_oncology_figure_leads_to_as_many_assets_as_it_counts(client, oncology_asset):
    from assets.search import public_counts

    html = client.get("/assets/?cancer=any").content.decode()
    assert public_counts()["cancer_assets"] == 1
    assert "KRAS G12C inhibitor for lung cancer" in html
    assert "Cough syrup" not in html
    assert "Any cancer" in html


@pytest.mark.parametrize(("language", "label"), [("zh-hant", "任何癌症"), ("zh-hans", "任何癌症")])
def test_the_any_cancer_filter_is_named_in_the_readers_language(client, oncology_asset, language, label):
    html = client.get("/assets/?cancer=any", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in html


def test_the_api_filters_by_any_cancer_and_refuses_an_unknown_value(client, oncology_asset):
    found = client.get("/api/v1/assets?cancer=any").json()
    assert [item["number"] for item in found["items"]] == ["CN77A"]
    assert found["facets"]["cancer"] == [{"value": "any", "label": "Any cancer", "count": 1}]
    refused = client.get("/api/v1/assets?cancer=everything")
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")


def test_our_listings_and_needs_show_the_readers_translation(client, alice, alice_org):
    from django.conf import settings

    from listings import needs

    asset = make_asset(alice_org, number="CN7B", title="Oral KRAS inhibitor")
    services.create_listing(
        organisation=alice_org,
        by=alice,
        assets=[asset],
        title="Oral KRAS inhibitor — exclusive licence",
        summary="Teaser.",
        territories=["ASEAN"],
        translations=[{"language_code": "zh-hans", "title": "口服KRAS抑制剂独家许可", "summary": "简介。"}],
    )
    needs.create_need(
        organisation=alice_org,
        by=alice,
        title="寻求KRAS抑制剂",
        text="新加坡许可引进。",
        translations=[{"language_code": "en", "title": "KRAS inhibitor wanted", "text": "In-licence."}],
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    chinese = _page(client, alice)
    assert "口服KRAS抑制劑獨家許可" in chinese and "Oral KRAS inhibitor — exclusive licence" not in chinese
    assert "尋求KRAS抑制劑" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, alice)
    assert "KRAS inhibitor wanted" in english and "寻求KRAS抑制剂" not in english
    assert "Oral KRAS inhibitor — exclusive licence" in english

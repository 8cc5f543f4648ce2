import pytest

from listings.models import Listing, Need, Subscription
from listings.search import search_listings

pytestmark = pytest.mark.django_db


def test_the_demo_marketplace_is_labelled_screened_and_loads_once(indications):
    from assets.models import Indication
    from demo.base import load_demo

    Indication.objects.get_or_create(
        code="respiratory",
        defaults={
            "name_en": "Respiratory disease",
            "name_zh_hant": "呼吸系統疾病",
            "name_zh_hans": "呼吸系统疾病",
        },
    )
    load_demo()
    load_demo()
    listings = Listing.objects.all()
    assert listings.count() == 5 and all(
        listing.is_demo and "(demo)" in listing.title for listing in listings
    )
    # Published; the demo deal rooms then take some into negotiation or close them with a deal.
    assert listings.filter(published_at__isnull=False).count() == 4
    assert listings.get(deal_type="assignment").status == "draft"  # pledged: waits for the bank's consent
    assert search_listings(filters={"deal_type": "open_licence"}).total == 1
    assert Need.objects.filter(is_demo=True).count() == 2
    assert (
        Subscription.objects.filter(kind="digest", user__email="investor@demo.ipharbour.example").count() == 1
    )

"""The due-diligence checklist speaks the reader's language and names the registry records behind it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Chain of title and recorded encumbrances"), ("zh-hans", "权属链及已登记的权利负担")],
)
def test_a_standard_item_is_shown_in_the_readers_language(client_as, alice, room, language, title):
    page = client_as(alice).get(reverse("deals:room", args=[room.pk]), headers={"accept-language": language})
    assert title in page.content.decode()


def test_the_evidence_links_name_the_asset_not_its_address(client_as, alice, room, asset):
    page = client_as(alice).get(reverse("deals:room", args=[room.pk])).content.decode()
    assert f'<a href="/assets/{asset.pk}/">{asset.number}</a>' in page
    assert f">/assets/{asset.pk}/<" not in page


def test_the_api_gives_the_title_in_the_callers_language(client_as, dana, room):
    items = (
        client_as(dana)
        .get(f"/api/v1/deals/rooms/{room.pk}/checklist", headers={"accept-language": "zh-hans"})
        .json()
    )
    titles = {item["code"]: item["title"] for item in items}
    assert titles["chain_of_title"] == "权属链及已登记的权利负担"

"""An encumbrance's effective state (active, expired, released) follows from its dates, in one place, and
only an active one burdens the asset."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assets import services
from assets.models import Encumbrance
from core.errors import Conflict
from tests.factories import make_asset


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN100001A")


def _pledge(asset, holder, **dates):
    today = timezone.localdate()
    return asset.encumbrances.create(
        kind="pledge",
        holder_name=holder.name,
        holder_organisation=holder,
        start_date=today - timedelta(700),
        **dates,
    )


@pytest.mark.parametrize(
    ("end", "released", "state"),
    [
        (None, None, "active"),
        (0, None, "active"),
        (-1, None, "expired"),
        (30, -5, "released"),
        (-30, -40, "released"),
        (None, 10, "active"),
    ],
)
def test_the_state_follows_from_the_dates(asset, charlie_org, end, released, state):
    today = timezone.localdate()
    pledge = _pledge(
        asset,
        charlie_org,
        end_date=None if end is None else today + timedelta(end),
        released_at=None if released is None else today + timedelta(released),
    )
    assert pledge.state == state
    active = Encumbrance.objects.active_on(today)
    assert active.filter(pk=pledge.pk).exists() == (state == "active")


def test_an_expired_pledge_no_longer_blocks_a_transfer(asset, alice, charlie_org):
    pledge = _pledge(asset, charlie_org, end_date=timezone.localdate() - timedelta(280))
    services.record_transfer(asset=asset, by=alice, day=timezone.localdate(), to_name="Buyer Ltd")
    assert asset.transfers.count() == 1 and pledge.state == "expired"


def test_an_active_pledge_still_blocks_a_transfer(asset, alice, charlie_org):
    _pledge(asset, charlie_org, end_date=timezone.localdate() + timedelta(30))
    with pytest.raises(Conflict):
        services.record_transfer(asset=asset, by=alice, day=timezone.localdate(), to_name="Buyer Ltd")
    assert not asset.transfers.exists()


def test_the_page_and_the_api_show_the_state(client, asset, charlie_org):
    _pledge(asset, charlie_org, end_date=timezone.localdate() - timedelta(280))
    data = client.get(f"/api/v1/assets/{asset.pk}").json()
    assert [e["state"] for e in data["encumbrances"]] == ["expired"]
    page = client.get(f"/assets/{asset.pk}/").content.decode()
    assert "encumbrance-state" in page and "expired" in page

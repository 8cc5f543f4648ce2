"""The valuation panel on the asset page: only through Valuation.objects.visible_to."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_asset
from valuation import services
from valuation.sparkline import sparkline

pytestmark = pytest.mark.django_db


def cost(amount):
    return {"cost": {"currency": "USD", "cost_items": [{"description": "work", "amount": amount}]}}


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN995A", visibility="public")


@pytest.fixture
def final(asset, alice):
    valuation = services.create_valuation(
        asset=asset, by=alice, purpose="financing", methods=["cost"], inputs=cost("4321"), currency="USD"
    )
    services.run_valuation(valuation=valuation, by=alice)
    services.update_inputs(valuation=valuation, by=alice, inputs=cost("5432"))
    services.run_valuation(valuation=valuation, by=alice)
    return services.finalise_valuation(valuation=valuation, by=alice)


def page(client_as, user, asset):
    return client_as(user).get(reverse("assets:detail", args=[asset.pk])).content.decode()


@pytest.mark.parametrize(
    ("viewpoint", "sees"),
    [("anonymous", False), ("outsider", False), ("participant", True), ("owner", True), ("staff", True)],
)
def test_the_final_range_and_chart_show_only_to_those_who_may_see_the_valuation(
    client_as, users, asset, final, viewpoint, sees
):
    html = page(client_as, users[viewpoint], asset)
    assert ("5,432.00" in html) is sees
    assert ("<polyline" in html) is sees
    assert ('id="asset-values-title"' in html) is sees


def test_a_shared_valuation_shows_to_the_organisation_it_was_shared_with(
    client_as, charlie, charlie_org, alice, asset, final
):
    services.share_valuation(valuation=final, organisation=charlie_org, by=alice)
    assert "5,432.00" in page(client_as, charlie, asset)


def test_an_owner_without_valuations_is_offered_to_value_the_asset(client_as, alice, charlie, asset):
    create = f"{reverse('valuation:create')}?asset={asset.pk}"
    assert create in page(client_as, alice, asset)
    assert create not in page(client_as, charlie, asset)


def test_a_draft_is_not_shown_as_the_final_range(client_as, alice, asset):
    draft = services.create_valuation(
        asset=asset, by=alice, purpose="financing", methods=["cost"], inputs=cost("777"), currency="USD"
    )
    services.run_valuation(valuation=draft, by=alice)
    html = page(client_as, alice, asset)
    assert "No final valuation yet." in html
    assert reverse("valuation:detail", args=[draft.pk]) in html


def test_the_sparkline_scales_the_values_into_the_box():
    chart = sparkline([Decimal(10), Decimal(20)], [Decimal(5), Decimal(15)], [Decimal(15), Decimal(30)])
    assert chart is not None
    ys = [y for _x, y in chart.dots]
    assert ys[0] > ys[1]  # the higher value is drawn higher (smaller y)
    assert all(0 <= y <= chart.height for y in ys)
    assert chart.zero is None
    crossing = sparkline([Decimal(-10), Decimal(10)], [Decimal(-20), Decimal(5)], [Decimal(0), Decimal(20)])
    assert crossing is not None and crossing.zero is not None
    assert sparkline([], [], []) is None

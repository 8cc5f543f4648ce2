"""Investors' digest includes assets newly certified by the certification app (when it is installed)."""

import pytest
from django.core import mail

pytest.importorskip("certification")

from certification.tests.conftest import (  # noqa: F401 - the certification app's own fixtures
    _keys_in_a_private_directory,
    attestation,
    cara,
    catalogue,
    certifier_org,
    drug_asset,
    open_request,
    phase2_trial,
)
from listings import alerts
from listings.models import Notification

pytestmark = pytest.mark.django_db


def test_a_newly_certified_asset_goes_into_the_digest_once(charlie, attestation, drug_asset):  # noqa: F811
    from datetime import timedelta

    subscription = alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    subscription.created_at = attestation.issued_at - timedelta(minutes=1)
    subscription.save()
    assert alerts.collect_certified_assets() == 1
    assert alerts.collect_certified_assets() == 0
    assert Notification.objects.get(subscription=subscription).asset == drug_asset
    assert alerts.send_digests() == 1
    assert drug_asset.number in mail.outbox[0].body


def test_attestations_before_the_subscription_are_not_news(charlie, attestation):  # noqa: F811
    alerts.subscribe(user=charlie, kind="digest", frequency="daily")
    assert alerts.collect_certified_assets() == 0

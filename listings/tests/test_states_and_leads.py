"""Screening says what an asset's status really is; an expired pledge blocks nothing; accepting a lead is
logged with public facts only."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from ledger.models import Entry
from listings import screening, services
from listings.models import Listing
from listings.tests.conftest import pledge
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def _checks(listing):
    return {c.code: c for c in screening.screen(listing)}


def test_a_pending_application_is_not_reported_in_force(make_listing, alice_org):
    pending = make_asset(alice_org, number="CN118123456A", legal_status="pending")
    checks = _checks(make_listing([pending]))
    assert "in_force" not in checks
    check = checks["pending_application"]
    assert check.status == screening.WARN
    text = screening.message(check.as_dict())
    assert "CN118123456A" in text and "in force" not in text and "pending" in text


def test_a_granted_patent_is_reported_in_force(make_listing, asset):
    check = _checks(make_listing([asset]))["in_force"]
    assert check.status == screening.PASS and "granted" in screening.message(check.as_dict())


def test_know_how_is_neither_pending_nor_in_force(make_listing, alice_org):
    secret = make_asset(alice_org, number="", kind="trade_secret", legal_status="pending", title="Process")
    checks = _checks(make_listing([secret]))
    assert "protected_without_grant" in checks and "pending_application" not in checks


def test_an_expired_pledge_does_not_block_an_offer(make_listing, asset, charlie_org):
    pledge(asset, charlie_org, end_date=timezone.localdate() - timedelta(days=280))
    checks = screening.screen(make_listing([asset], deal_type="assignment"))
    assert screening.failures(checks) == []
    assert not [c for c in checks if c.code.startswith("pledge")]


def test_an_active_pledge_still_blocks_an_offer(make_listing, asset, charlie_org):
    pledge(asset, charlie_org, end_date=timezone.localdate() + timedelta(days=30))
    codes = [
        c["code"] for c in screening.failures(screening.screen(make_listing([asset], deal_type="assignment")))
    ]
    assert codes == ["pledged_without_consent"]


def test_the_holder_of_an_expired_pledge_no_longer_sees_the_draft(make_listing, asset, charlie, charlie_org):
    listing = make_listing([asset], deal_type="assignment")
    live = pledge(asset, charlie_org, end_date=timezone.localdate() + timedelta(days=30))
    assert Listing.objects.visible_to(charlie).filter(pk=listing.pk).exists()
    live.end_date = timezone.localdate() - timedelta(days=1)
    live.save()
    assert not Listing.objects.visible_to(charlie).filter(pk=listing.pk).exists()


def test_accepting_a_lead_is_logged_without_the_buyer(published, alice, charlie, charlie_org):
    lead = services.express_interest(listing=published, organisation=charlie_org, by=charlie, message="Hi")
    services.decide_interest(interest=lead, by=alice, accept=True, note="NOTE-QF-8086")
    entry = Entry.objects.get(kind="listing.lead_accepted")
    content = json.loads(entry.leaf)
    assert entry.subject == f"listing:{published.pk}"
    assert content["public"] == {"status": Listing.Status.UNDER_NEGOTIATION}
    assert content["confidential_sha256"]
    assert charlie_org.name not in entry.leaf and "NOTE-QF-8086" not in entry.leaf


def test_declining_a_lead_is_not_logged(published, alice, charlie, charlie_org):
    lead = services.express_interest(listing=published, organisation=charlie_org, by=charlie)
    services.decide_interest(interest=lead, by=alice, accept=False)
    assert not Entry.objects.filter(kind="listing.lead_accepted").exists()

import pytest

from deals.models import Agreement, DealRoom, Nda
from listings.models import Listing

pytestmark = pytest.mark.django_db


def test_the_demo_has_deal_rooms_at_several_stages_and_loads_once(settings, tmp_path):
    from demo.base import load_demo

    load_demo()
    load_demo()
    rooms = DealRoom.objects.filter(is_demo=True)
    assert rooms.count() == 3
    assert set(rooms.values_list("status", flat=True)) == {"open", "signed"}
    signed = rooms.get(status="signed")
    assert Agreement.objects.get(room=signed, status="signed").ledger_indexes
    assert signed.royalty_reports.count() == 1 and signed.listing.outcome == Listing.Outcome.DEAL
    assert Nda.objects.filter(room__in=rooms, room__nda_signed_at__isnull=True).count() == 1
    assert rooms.filter(term_sheets__number=2).exists()

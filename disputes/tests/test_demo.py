"""The demo disputes: a roster, an arbitration under way and a settled mediation, loaded once."""

import pytest

from disputes.models import Case, Neutral

pytestmark = pytest.mark.django_db


def test_demo_disputes_load_once_and_stay_confidential(client):
    from demo.base import load_demo

    load_demo()
    load_demo()
    from disputes.demo import NEUTRALS
    from disputes.models import NeutralConflict

    assert Neutral.objects.filter(is_demo=True).count() == len(NEUTRALS) == 5
    # One declared conflict, so that the example script has a nomination to see refused.
    assert NeutralConflict.objects.filter(organisation__slug="demo-gulf-pharma").count() == 1
    cases = Case.objects.filter(is_demo=True)
    assert sorted(cases.values_list("status", flat=True)) == ["constituted", "settled"]
    arbitration = cases.get(kind="arbitration")
    assert arbitration.submissions.count() == 2 and arbitration.hearings.exists()
    assert client.get(f"/api/v1/disputes/cases/{arbitration.pk}").status_code == 401
    from disputes.models import RosterApplication

    waiting = RosterApplication.objects.get(status="pending")  # one, however often the demo loads
    assert waiting.centre.slug == "demo-arbitration" and waiting.conflicts
    page = client.get("/disputes/statistics/")
    assert page.status_code == 200 and b"<svg" in page.content and b"Royalty audit" not in page.content

import pytest

from valuation.models import ValuationRequest, ValuerService

pytestmark = pytest.mark.django_db


def test_the_demo_valuer_publishes_its_fees_and_has_one_request_waiting():
    from demo.base import load_demo

    load_demo()
    load_demo()
    assert ValuerService.objects.filter(organisation__slug="demo-valuer").count() == 2
    waiting = ValuationRequest.objects.get(valuer__slug="demo-valuer")
    assert (
        waiting.status == ValuationRequest.Status.REQUESTED
        and waiting.organisation.slug == "demo-shanghai-oncology"
    )

"""Valuation on request: the owner asks a valuer from its fee list, the valuer accepts (a draft valuation opens
for it), works, finalises and delivers; the fee leads to the subsidy application. Seen from five viewpoints."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core import home
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import Event
from tests.factories import make_asset
from tests.matrix import LOGIN, VIEWPOINTS, Row, check, check_viewpoint, each_viewpoint, generic
from valuation import services as valuations
from valuation.models import Valuation, ValuationRequest, ValuerService
from valuation.requests import services

pytestmark = pytest.mark.django_db
REQUEST = {"request_id": "asked"}

# participant: Victor of the valuer asked; owner: Alice, whose Alice Bio asks. Accepting is the valuer's step and
# withdrawing the owner's: the other party is refused with 403, and so is the operator, which sees the request
# but does not take a member's decision for it. Delivering is not a decision of that kind.
ACCEPTS = [
    Row(
        "valuation:request_answer",
        (LOGIN, 404, 302, 403, 403),
        params={"pk": "asked", "action": "=accept"},
        method="post",
        checked_by="test_accepting_from_the_five_viewpoints",
    ),
    Row(
        "POST /api/v1/valuation/requests/{request_id}/accept",
        (401, 404, 200, 403, 403),
        params=REQUEST,
        checked_by="test_accepting_from_the_five_viewpoints",
    ),
]
# Each viewpoint tries these on a fresh request (test_writes).
WRITES = [
    Row(
        "POST /api/v1/valuation/requests",
        (401, 404, 404, 201, 201),  # the operator may ask for the owner, as it may edit the owner's assets
        body={"asset": "@unasked", "service": "@service", "purpose": "licensing"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/requests/{request_id}/decline",
        (401, 404, 200, 403, 403),
        params=REQUEST,
        body={"note": "Too busy"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/requests/{request_id}/withdraw",
        (401, 404, 403, 200, 403),
        params=REQUEST,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/requests/{request_id}/deliver",
        (401, 404, 409, 403, 409),
        params=REQUEST,
        checked_by="test_writes",
        note="not accepted yet",
    ),
]
MATRIX = [
    Row("valuation:requests", (LOGIN, 200, 200, 200, 200)),
    Row("GET /api/v1/valuation/requests/valuers", (401, 200, 200, 200, 200)),
    Row("GET /api/v1/valuation/requests", (401, 200, 200, 200, 200)),
    Row("GET /api/v1/valuation/requests/{request_id}", (401, 404, 200, 200, 200), params=REQUEST),
    *ACCEPTS,
    *WRITES,
]


@pytest.fixture
def world(asked, service, alice_org):
    unasked = make_asset(alice_org, number="CN556A", visibility="confidential")
    return {"asked": asked.pk, "unasked": unasked.pk, "service": service.pk}.__getitem__


@pytest.fixture
def valuer_org(make_organisation):
    return make_organisation("Harbour Valuers")


@pytest.fixture
def victor(make_user, valuer_org):
    return make_user("victor@example.com", valuer_org, "member")


@pytest.fixture
def service(valuer_org):
    return ValuerService.objects.create(
        organisation=valuer_org,
        title="Patent valuation report",
        fee_amount=Decimal("68000"),
        fee_currency="HKD",
    )


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN555A", visibility="confidential")


@pytest.fixture
def asked(asset, service, alice):
    return services.request_valuation(asset=asset, service=service, by=alice, message="For licensing.")


@pytest.fixture
def viewpoints(alice, victor, charlie, staff):
    return {"anonymous": None, "outsider": charlie, "participant": victor, "owner": alice, "staff": staff}


def test_the_request_waits_in_the_valuers_inbox_and_nowhere_else(asked, victor, alice, charlie):
    def titles(user):
        return {str(item.title) for item in home.inbox_for(user)}

    assert "Valuation requests to answer" in titles(victor)
    assert "Valuation requests to answer" not in titles(alice) | titles(charlie)


def test_the_whole_flow_from_request_to_delivery_and_subsidy(client_as, asked, victor, alice):
    accepted = services.accept_request(request=asked, by=victor)
    valuation = accepted.valuation
    assert valuation is not None and accepted.status == ValuationRequest.Status.ACCEPTED
    assert valuation.valuer == asked.valuer and valuation.status == Valuation.Status.DRAFT
    scores: dict[str, dict] = {"indicators": {"scores": {}}}
    valuations.update_inputs(valuation=valuation, by=victor, inputs=scores, methods=["cost"])
    cost = {"cost": {"currency": "HKD", "cost_items": [{"description": "R&D", "amount": "1000000"}]}}
    valuations.update_inputs(valuation=valuation, by=victor, inputs=cost, methods=["cost"])
    valuations.run_valuation(valuation=valuation, by=victor)
    with pytest.raises(Conflict):
        services.deliver_request(request=accepted, by=victor)  # not final yet
    valuations.finalise_valuation(valuation=Valuation.objects.get(pk=valuation.pk), by=victor)
    delivered = services.deliver_request(request=accepted, by=victor)
    assert delivered.status == ValuationRequest.Status.DELIVERED
    page = client_as(alice).get(reverse("valuation:requests")).content.decode()
    assert f"?valuation={valuation.pk}&amp;valuation_fee=68000.00" in page
    assert "HKD 68,000.00" in page
    form = client_as(alice).get(f"/valuation/subsidy/apply/?valuation={valuation.pk}&valuation_fee=68000.00")
    assert form.status_code == 200 and form.context["form"].initial["valuation_fee"] == "68000.00"


def test_only_the_valuers_people_answer_and_only_the_owners_withdraw(asked, alice, victor, charlie):
    with pytest.raises(Forbidden):
        services.accept_request(request=asked, by=alice)
    with pytest.raises(Forbidden):
        services.withdraw_request(request=asked, by=victor)
    with pytest.raises(NotFound):  # an outsider does not learn the request exists
        services.decline_request(request=asked, by=charlie)
    declined = services.decline_request(request=asked, by=victor, note="Conflict of interest.")
    assert declined.status == ValuationRequest.Status.DECLINED
    with pytest.raises(Conflict):
        services.accept_request(request=asked, by=victor)


def test_the_operator_sees_a_request_but_neither_answers_nor_withdraws_it(client_as, asked, staff):
    for step in (services.accept_request, services.decline_request, services.withdraw_request):
        with pytest.raises(Forbidden, match="operator's staff do not answer or withdraw"):
            step(request=asked, by=staff)
    asked.refresh_from_db()
    assert asked.status == ValuationRequest.Status.REQUESTED
    page = client_as(staff).get(reverse("valuation:requests")).content.decode()
    assert "For licensing." in page
    assert reverse("valuation:request_answer", args=[asked.pk, "withdraw"]) not in page


def test_bad_requests_are_refused(asset, service, alice, charlie, valuer_org, alice_org):
    services.request_valuation(asset=asset, service=service, by=alice)
    with pytest.raises(Conflict):
        services.request_valuation(asset=asset, service=service, by=alice)
    own = ValuerService.objects.create(organisation=alice_org, title="Own", fee_amount=1, fee_currency="HKD")
    with pytest.raises(InvalidInput):
        services.request_valuation(asset=asset, service=own, by=alice)
    with pytest.raises(NotFound):
        services.request_valuation(asset=asset, service=service, by=charlie)  # not the owner: 404
    with pytest.raises(InvalidInput):
        services.request_valuation(asset=asset, service=service, by=alice, purpose="nonsense")


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, viewpoints, world, row):
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), world)


def _state() -> tuple:
    requests = sorted(ValuationRequest.objects.values_list("pk", "status", "note"))
    return Event.objects.count(), requests, Valuation.objects.count()


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, viewpoints, world, row, viewpoint):
    before = _state()
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), world)
    refused = viewpoint == "anonymous" or row.statuses()[viewpoint] >= 400
    assert (_state() == before) is refused, viewpoint


def test_only_the_parties_see_the_request_listed(client_as, viewpoints, asked):
    for name in VIEWPOINTS:
        response = client_as(viewpoints[name]).get(reverse("valuation:requests"))
        shown = response.status_code == 200 and "For licensing." in response.content.decode()
        assert shown is (name in {"participant", "owner", "staff"}), name
        if name == "owner":
            assert str(asked.asset)[:40] in response.content.decode()


ACCEPTED_BY = {"participant"}


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(ACCEPTS))
def test_accepting_from_the_five_viewpoints(client_as, viewpoints, asked, world, row, viewpoint):
    before = _state()
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), world)
    asked.refresh_from_db()
    assert asked.status == ("accepted" if viewpoint in ACCEPTED_BY else "requested")
    assert (_state() == before) is (viewpoint not in ACCEPTED_BY), viewpoint


def test_the_owner_asks_through_the_page_and_bad_input_is_shown(client_as, alice, asset, service):
    url = reverse("valuation:requests")
    bad = client_as(alice).post(url, {"asset": asset.pk, "service": 999999, "purpose": "licensing"})
    assert bad.status_code == 200 and bad.context["form"].errors["service"]
    good = client_as(alice).post(url, {"asset": asset.pk, "service": service.pk, "purpose": "licensing"})
    assert good.status_code == 302 and ValuationRequest.objects.filter(asset=asset).count() == 1


def test_an_unknown_action_changes_nothing(client_as, victor, asked):
    response = client_as(victor).post(reverse("valuation:request_answer", args=[asked.pk, "explode"]))
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == ValuationRequest.Status.REQUESTED


def test_an_outsider_lists_no_requests(client_as, viewpoints, asked):
    assert client_as(viewpoints["outsider"]).get("/api/v1/valuation/requests").json()["items"] == []


def test_api_bad_input_is_a_problem_not_a_crash(client_as, alice, asset, service):
    bad = client_as(alice).post(
        "/api/v1/valuation/requests",
        {"asset": asset.pk, "service": service.pk, "purpose": "nonsense"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    missing = client_as(alice).post(
        "/api/v1/valuation/requests", {"asset": "x"}, content_type="application/json"
    )
    assert missing.status_code == 422


def test_finalising_asks_for_confirmation_first(client_as, asked, victor):
    valuation = services.accept_request(request=asked, by=victor).valuation
    assert valuation is not None
    cost = {"cost": {"currency": "HKD", "cost_items": [{"description": "R&D", "amount": "1000000"}]}}
    valuations.update_inputs(valuation=valuation, by=victor, inputs=cost, methods=["cost"])
    valuations.run_valuation(valuation=valuation, by=victor)
    html = client_as(victor).get(reverse("valuation:detail", args=[valuation.pk])).content.decode()
    assert "return confirm(this.dataset.confirm)" in html and "A final valuation cannot be changed" in html

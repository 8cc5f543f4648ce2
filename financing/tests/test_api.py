"""The financing API: the whole chain through /api/v1/financing, and what each viewpoint may see and do."""

import json

import pytest

from financing.models import Decision, Loan, Programme, SubsidyClaim
from financing.services import default, servicing, subsidies
from tests.matrix import Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db
VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]


@pytest.fixture
def viewpoints(cast, alice, charlie, staff):
    """Alice's organisation borrows (owner); the bank's person is the participant; Charlie is outside."""
    return {
        "anonymous": None,
        "outsider": charlie,
        "participant": cast["people"]["bank"],
        "owner": alice,
        "staff": staff,
    }


def call(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


def test_the_chain_runs_through_the_api(client_as, cast, programme, make_valued_asset, alice):
    asset, valuation = make_valued_asset()
    orgs, people = cast["orgs"], cast["people"]
    body = {
        "programme": programme.pk,
        "borrower": orgs["borrower"].slug,
        **{role: orgs[role].slug for role in ("recommender", "guarantor", "insurer", "bank")},
        "amount": "1000000.00",
        "term_months": 12,
        "technology_field": "chemistry",
        "assets": [{"asset": asset.pk, "valuation": valuation.pk, "registration_number": "Y2026-001"}],
    }
    created = call(client_as(alice), "post", "/api/v1/financing/loans", body)
    assert created.status_code == 201, created.content
    url = created.json()["url"]
    assert created.json()["ltv"] == "0.250000"
    steps = [
        ("recommender", "recommend", {"reasons": "Known to us"}),
        ("guarantor", "guarantee", {"fee": "10000"}),
        ("insurer", "insure", {}),
        (
            "bank",
            "lend",
            {"principal": "1000000", "annual_rate": "0.045", "term_months": 12, "repayment_type": "annuity"},
        ),
        ("bank", "disburse", {}),
    ]
    for role, step, payload in steps:
        response = call(client_as(people[role]), "post", f"{url}/{step}", payload)
        assert response.status_code == 200, (step, response.content)
    assert response.json()["stage"] == "active"
    assert response.json()["pledged"][0]["pledge_id"] is not None
    schedule = client_as(alice).get(f"{url}/schedule").json()
    assert len(schedule) == 12


def test_a_payment_in_the_wrong_currency_is_a_422_problem(client_as, cast, approved_loan):
    servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    response = call(
        client_as(cast["people"]["bank"]),
        "post",
        f"/api/v1/financing/loans/{approved_loan.pk}/payments",
        {"amount": "100", "currency": "USD"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "HKD" in response.json()["detail"]
    assert not approved_loan.payments.exists()


def test_a_loan_above_the_maximum_is_a_422_and_nothing_is_created(
    client_as, cast, programme, make_valued_asset, alice
):
    asset, valuation = make_valued_asset()
    orgs = cast["orgs"]
    body = {
        "programme": programme.pk,
        "borrower": orgs["borrower"].slug,
        **{role: orgs[role].slug for role in ("recommender", "guarantor", "insurer", "bank")},
        "amount": "9000000",
        "term_months": 12,
        "assets": [{"asset": asset.pk, "valuation": valuation.pk}],
    }
    response = call(client_as(alice), "post", "/api/v1/financing/loans", body)
    assert response.status_code == 422 and "maximum loan" in response.json()["detail"]
    assert not Loan.objects.exists()


PROGRAMME, LOAN = {"programme_id": "programme"}, {"loan_id": "loan"}
HIDDEN = (401, 404, 200, 200, 200)  # a loan: 401 anonymous, as every API; 404 to everyone outside it
OFFICER = (401, 404, 404, 404, 200)

# An approved loan, not yet disbursed. participant: the lending bank's officer; owner: Alice, whose Alice Bio
# borrows.
MATRIX = [
    Row("GET /api/v1/financing/programmes/{programme_id}", (200, 200, 200, 200, 200), params=PROGRAMME),
    Row("GET /api/v1/financing/programmes/{programme_id}/report", OFFICER, params=PROGRAMME),
    Row("GET /api/v1/financing/programmes/{programme_id}/report.csv", OFFICER, params=PROGRAMME),
    Row("GET /api/v1/financing/programmes/{programme_id}/report.xlsx", OFFICER, params=PROGRAMME),
    Row("GET /api/v1/financing/loans/{loan_id}", HIDDEN, params=LOAN),
    Row("GET /api/v1/financing/loans/{loan_id}/schedule", HIDDEN, params=LOAN),
    Row("GET /api/v1/financing/loans/{loan_id}/arrears", HIDDEN, params=LOAN),
    Row("GET /api/v1/financing/loans/{loan_id}/payments", HIDDEN, params=LOAN),
    Row("GET /api/v1/financing/loans", (401, 200, 200, 200, 200)),
    # Writes whose tests below also prove that a refusal changes nothing; the operator acts for any party.
    Row(
        "POST /api/v1/financing/loans/{loan_id}/disburse",
        (401, 404, 200, 403, 403),
        params=LOAN,
        body={},
        checked_by="test_api_write_permissions_and_nothing_changes_when_refused",
    ),
    Row(
        "PUT /api/v1/financing/programmes/{programme_id}/shares",
        (401, 404, 404, 404, 200),
        params=PROGRAMME,
        body={"insurer": "0.5", "guarantor": "0.3", "bank": "0.2"},
        checked_by="test_api_write_permissions_and_nothing_changes_when_refused",
    ),
    Row(
        "POST /api/v1/financing/programmes",
        (401, 403, 403, 403, 201),
        checked_by="test_only_the_operator_sets_up_programmes",
    ),
]


def _world(loan):
    return {"programme": loan.programme_id, "loan": loan.pk}.__getitem__


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, viewpoints, approved_loan, row):
    secret = approved_loan.borrower.name.encode()
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), _world(approved_loan), secret=secret)


def test_the_loan_list_shows_outsiders_nothing(client_as, viewpoints, approved_loan):
    assert client_as(viewpoints["outsider"]).get("/api/v1/financing/loans").json() == []
    assert [
        row["id"] for row in client_as(viewpoints["participant"]).get("/api/v1/financing/loans").json()
    ] == [approved_loan.pk]


@pytest.mark.parametrize(
    "row",
    [
        row
        for row in MATRIX
        if row.checked_by == "test_api_write_permissions_and_nothing_changes_when_refused"
    ],
    ids=str,
)
def test_api_write_permissions_and_nothing_changes_when_refused(client_as, viewpoints, approved_loan, row):
    resolve = _world(approved_loan)
    url = row.url(resolve)
    for viewpoint, status in row.statuses().items():
        before = (
            Loan.objects.get(pk=approved_loan.pk).stage,
            Programme.objects.get(pk=approved_loan.programme_id).risk_shares(),
        )
        response = call(client_as(viewpoints[viewpoint]), row.http_method, url, row.payload(resolve))
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        after = (
            Loan.objects.get(pk=approved_loan.pk).stage,
            Programme.objects.get(pk=approved_loan.programme_id).risk_shares(),
        )
        if status >= 400:
            assert after == before
        else:
            Loan.objects.filter(pk=approved_loan.pk).update(stage=Loan.Stage.APPROVED)
            approved_loan.instalments.all().delete()


def test_decisions_refused_out_of_turn_change_nothing(client_as, viewpoints, apply_for):
    loan = apply_for()
    # The recommender's members alone recommend; the operator's staff do not decide for it.
    for viewpoint, status in zip(VIEWPOINTS, [401, 404, 403, 403, 403], strict=True):
        response = call(
            client_as(viewpoints[viewpoint]),
            "post",
            f"/api/v1/financing/loans/{loan.pk}/recommend",
            {"reasons": "ok"},
        )
        assert response.status_code == status, viewpoint
        if status != 200:
            assert Decision.objects.filter(loan=loan, step="recommend").count() == 0


def test_only_the_operator_sets_up_programmes(client_as, viewpoints, programme, cast):
    count = Programme.objects.count()
    fields = (
        "guarantee_fee_rate",
        "interest_subsidy_cap",
        "premium_subsidy_cap",
        "subsidy_budget",
        "max_loan",
    )
    body = {
        "name": "Second pilot",
        "currency": "HKD",
        "banks": [cast["orgs"]["bank"].slug],
        **{name: str(getattr(programme, name)) for name in fields},
        **{name: str(getattr(programme, name)) for name in ("max_ltv", "covenant_ltv", "late_fee_rate")},
        **{
            name: getattr(programme, name)
            for name in ("valuation_max_age_days", "max_loans", "default_days_past_due")
        },
    }
    (row,) = [row for row in MATRIX if row.checked_by == "test_only_the_operator_sets_up_programmes"]
    for viewpoint, status in row.statuses().items():
        response = call(client_as(viewpoints[viewpoint]), "post", "/api/v1/financing/programmes", body)
        assert response.status_code == status, (viewpoint, response.content)
    assert Programme.objects.count() == count + 1
    created = Programme.objects.latest("pk")
    assert created.risk_shares() == programme.risk_shares()
    bad = {**body, "insurer_share": "0.7", "guarantor_share": "0.2", "bank_share": "0.2"}
    response = call(client_as(viewpoints["staff"]), "post", "/api/v1/financing/programmes", bad)
    assert response.status_code == 422 and "sum to exactly 1" in response.json()["detail"]
    assert Programme.objects.count() == count + 1


BIG = 2**63


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", f"/api/v1/financing/loans/{BIG}", None),
        ("get", f"/api/v1/financing/programmes/{BIG}", None),
        ("get", f"/api/v1/financing/disposals/{BIG}", None),
        ("get", f"/api/v1/financing/licence-backs/{BIG}", None),
        ("post", f"/api/v1/financing/loans/1/subsidies/{BIG}/pay", {}),
        ("post", "/api/v1/financing/loans", {"programme": BIG, "term_months": 12}),
    ],
)
def test_an_id_past_64_bits_is_a_problem_not_a_server_error(client_as, alice, method, url, body):
    response = call(client_as(alice), method, url, body)
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Loan.objects.exists()


def test_a_disbursement_dated_in_year_9999_is_refused_and_nothing_changes(client_as, approved_loan, cast):
    url = f"/api/v1/financing/loans/{approved_loan.pk}/disburse"
    response = call(client_as(cast["people"]["bank"]), "post", url, {"day": "9999-12-01"})
    assert response.status_code == 422 and response.json()["field"] == "day"
    approved_loan.refresh_from_db()
    assert approved_loan.stage == Loan.Stage.APPROVED and not approved_loan.instalments.exists()


# A disbursed loan (its premium subsidy claimed where a claim is paid) and a valued asset for a second
# application; each viewpoint tries these on a fresh world. The borrower applies and claims: its own decisions,
# which the operator's staff do not take for it (core.access's "decide"). The programme's officer, an extra
# viewpoint, pays subsidies, as the operator does.
APPLICATION = {
    "programme": "@programme",
    "borrower": "@borrower",
    **{role: f"@{role}" for role in ("recommender", "guarantor", "insurer", "bank")},
    "amount": "500000.00",
    "term_months": 12,
    "technology_field": "chemistry",
    "assets": [{"asset": "@asset", "valuation": "@valuation", "registration_number": "Y2026-002"}],
}
LOAN_WRITES = [
    Row(
        "POST /api/v1/financing/loans",
        (401, 404, 404, 201, 403),  # others do not see the borrower's valuation
        body=APPLICATION,
        extra={"officer": 404},
        checked_by="test_loan_writes",
    ),
    Row(
        "POST /api/v1/financing/loans/{loan_id}/subsidies",
        (401, 404, 403, 201, 403),
        params=LOAN,
        body={"kind": "premium"},
        extra={"officer": 403},
        checked_by="test_loan_writes",
    ),
    Row(
        "POST /api/v1/financing/loans/{loan_id}/subsidies/{claim_id}/pay",
        (401, 404, 403, 403, 200),
        params={**LOAN, "claim_id": "claim"},
        body={},
        extra={"officer": 200},
        checked_by="test_loan_writes",
    ),
]
MATRIX += LOAN_WRITES


@pytest.fixture
def disbursed(cast, approved_loan, make_valued_asset):
    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    asset, valuation = make_valued_asset()
    orgs = cast["orgs"]
    return {
        "loan": loan.pk,
        "programme": loan.programme_id,
        "asset": asset.pk,
        "valuation": valuation.pk,
        **{role: orgs[role].slug for role in ("borrower", "recommender", "guarantor", "insurer", "bank")},
    }


def _loans_state() -> tuple:
    return (
        list(Loan.objects.order_by("pk").values_list("pk", "stage")),
        list(SubsidyClaim.objects.order_by("pk").values_list("kind", "status")),
    )


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(LOAN_WRITES))
def test_loan_writes(client_as, viewpoints, cast, alice, disbursed, row, viewpoint):
    users = {**viewpoints, "officer": cast["people"]["officer"]}
    if "claim_id" in row.params:
        loan = Loan.objects.get(pk=disbursed["loan"])
        disbursed["claim"] = subsidies.claim(loan=loan, by=alice, kind=SubsidyClaim.Kind.PREMIUM).pk
    before = _loans_state()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), disbursed.__getitem__)
    assert (_loans_state() == before) == (row.statuses()[viewpoint] >= 400)


# A loan written off: in default, its collateral bought by the recovery fund. Each party reads its own share
# of the loss; outsiders get 404.
STATEMENT = Row(
    "GET /api/v1/financing/loans/{loan_id}/statement",
    (401, 404, 200, 200, 200),
    params=LOAN,
    checked_by="test_the_loss_statement",
)
MATRIX += [STATEMENT]


def test_the_loss_statement(client_as, viewpoints, cast, approved_loan):
    import datetime

    from django.utils import timezone

    bank = cast["people"]["bank"]
    day = timezone.localdate() - datetime.timedelta(days=60)
    loan = servicing.disburse(loan=approved_loan, by=bank, day=day)
    default.declare_default(loan=loan, by=bank, reasons="Stopped paying")
    offer = default.offer_to_fund(loan=loan, by=bank, fund=cast["orgs"]["fund"])
    default.fund_purchase(disposal=offer, by=cast["people"]["fund"], price="400000")
    check(STATEMENT, lambda viewpoint: client_as(viewpoints[viewpoint]), {"loan": loan.pk}.__getitem__)


PUBLIC = {"/api/v1/financing/programmes", "/api/v1/financing/programmes/{programme_id}"}


def _financing_readers() -> list[str]:
    from ipharbour.api import api

    paths = api.get_openapi_schema()["paths"]
    return [
        path
        for path, item in paths.items()
        if path.startswith("/api/v1/financing/") and "get" in item and path not in PUBLIC
    ]


@pytest.mark.parametrize("path", _financing_readers())
def test_anonymous_readers_get_401_from_every_financing_operation_but_the_open_programmes(client, path):
    # Asked before the lookup: an anonymous caller learns nothing, not even whether the id exists.
    ids = dict.fromkeys(("loan_id", "disposal_id", "agreement_id", "programme_id"), 1)
    response = client.get(path.format(**ids))
    assert response.status_code == 401, response.content

"""Every financing page from the five viewpoints, and each party's action through the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from financing.models import Loan
from financing.services import default, servicing
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewpoints(cast, alice, charlie, staff):
    return {
        "anonymous": None,
        "outsider": charlie,
        "participant": cast["people"]["bank"],
        "owner": alice,
        "staff": staff,
    }


@pytest.fixture
def objects(approved_loan, cast):
    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=60)
    )
    default.declare_default(loan=loan, by=bank, reasons="Stopped paying")
    disposal = default.offer_to_fund(loan=loan, by=bank, fund=cast["orgs"]["fund"])
    return {
        "loan": loan.pk,
        "programme": loan.programme_id,
        "disposal": disposal.pk,
        "fund": cast["orgs"]["fund"].slug,
    }


ALL = (200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
PARTIES = (LOGIN, 404, 200, 200, 200)
API_SIGNED_IN = (401, 200, 200, 200, 200)
API_PARTIES = (401, 404, 200, 200, 200)
HIDDEN = API_PARTIES  # a loan or a disposal: 401 anonymous, as every API; 404 to everyone outside it
LOAN, PROGRAMME = {"loan_id": "loan"}, {"programme_id": "programme"}


def _api(path: str, expected, params=None) -> Row:
    return Row(f"GET /api/v1/financing/{path}", expected, params=params or {})


def _write(path: str, expected, body=None, params=None) -> Row:
    return Row(
        f"POST /api/v1/financing/{path}", expected, params=params or {}, body=body, checked_by="test_writes"
    )


# Each viewpoint tries these on a fresh world (test_writes): a loan in default, offered to the recovery fund.
# The access answers come first (401 anonymous, 404 outside the loan); a party whose step it is not, or a
# step the loan is past, gets 403 or 409. The operator's staff take no party's decision (403) but record a
# payment received and close an ended auction, as the bank would.
WRITES = [
    _write("loans/{loan_id}/default", (401, 404, 409, 403, 403), {"reasons": "Again"}, LOAN),
    _write("loans/{loan_id}/recommend", (401, 404, 409, 409, 409), {"reasons": "Fine"}, LOAN),
    _write("loans/{loan_id}/refuse", (401, 404, 409, 409, 409), {"role": "bank", "reasons": "No"}, LOAN),
    _write("loans/{loan_id}/disburse", (401, 404, 409, 403, 403), {}, LOAN),
    _write(
        "loans/{loan_id}/payments",
        (401, 404, 201, 403, 201),
        {"amount": "1000.00", "currency": "HKD", "reference": "late"},
        LOAN,
    ),
    _write("disposals/{disposal_id}/close", (401, 404, 409, 403, 409), {}, {"disposal_id": "disposal"}),
    _write("loans/{loan_id}/guarantee", (401, 404, 409, 409, 409), {"fee": "1000.00"}, LOAN),
    _write("loans/{loan_id}/insure", (401, 404, 409, 409, 409), {}, LOAN),
    _write(
        "loans/{loan_id}/lend",
        (401, 404, 409, 409, 409),
        {"principal": "1000000", "annual_rate": "0.05", "term_months": 12, "repayment_type": "annuity"},
        LOAN,
    ),
    _write(
        "loans/{loan_id}/disposals",
        (401, 404, 409, 403, 403),
        {"method": "recovery_fund", "fund": "@fund"},
        LOAN,
    ),
    _write(
        "disposals/{disposal_id}/purchase",
        (401, 404, 403, 403, 403),
        {"price": "100000"},
        {"disposal_id": "disposal"},
    ),
    _write(
        "disposals/{disposal_id}/bids",
        (401, 404, 403, 403, 403),
        {"bidder": "@fund", "amount": "1000"},
        {"disposal_id": "disposal"},
    ),
]

# participant: the lending bank's officer; owner: Alice, whose Alice Bio borrows.
MATRIX = [
    *WRITES,
    Row("financing:overview", ALL),
    Row("financing:programme", ALL, params={"pk": "programme"}),
    Row("financing:report", (LOGIN, 404, 404, 404, 200), params={"pk": "programme"}),
    Row("financing:report_csv", (LOGIN, 404, 404, 404, 200), params={"pk": "programme"}),
    Row("financing:report_xlsx", (LOGIN, 404, 404, 404, 200), params={"pk": "programme"}),
    Row("financing:auctions", SIGNED_IN),
    Row("financing:desk", SIGNED_IN),
    Row("financing:exposure", SIGNED_IN),
    Row("financing:apply", SIGNED_IN),
    Row("financing:loan", PARTIES, params={"pk": "loan"}),
    Row("financing:disposal", PARTIES, params={"pk": "disposal"}),
    Row(
        "financing:open_sale_room",
        (LOGIN, 404, 302, 403, 302),
        params={"pk": "disposal"},
        method="post",
        extra={"officer": 403},  # the programme's officer sees the sale but does not sell
        checked_by="test_page_steps",
    ),
    _api("programmes", ALL),
    _api("programmes/{programme_id}", ALL, PROGRAMME),
    _api("programmes/{programme_id}/report", (401, 404, 404, 404, 200), PROGRAMME),
    _api("programmes/{programme_id}/report.csv", (401, 404, 404, 404, 200), PROGRAMME),
    _api("loans", API_SIGNED_IN),
    _api("loans/{loan_id}", HIDDEN, LOAN),
    _api("loans/{loan_id}/arrears", HIDDEN, LOAN),
    _api("loans/{loan_id}/evidence", HIDDEN, LOAN),
    _api("loans/{loan_id}/payments", HIDDEN, LOAN),
    _api("loans/{loan_id}/schedule", HIDDEN, LOAN),
    _api("disposals", API_SIGNED_IN),
    _api("disposals/{disposal_id}", HIDDEN, {"disposal_id": "disposal"}),
    _api("disposals/{disposal_id}/bids", API_PARTIES, {"disposal_id": "disposal"}),
    _api("licence-backs", API_SIGNED_IN),
    # The programme's officer, an extra viewpoint, (and the operator) acts on these.
    Row(
        "financing:pay_subsidy",
        (LOGIN, 404, 404, 404, 302),
        params={"pk": "programme", "claim": "claim"},
        method="post",
        extra={"officer": 302},
        checked_by="test_page_steps",
    ),
    Row(
        "financing:shares",
        (LOGIN, 404, 404, 404, 302),
        params={"pk": "programme"},
        method="post",
        body={"insurer": "0.5", "guarantor": "0.3", "bank": "0.2"},
        extra={"officer": 302},
        checked_by="test_page_steps",
    ),
]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, viewpoints, objects, row):
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), objects.__getitem__)


def test_outsiders_see_nothing_of_the_loan_on_the_desk(client_as, viewpoints, objects, approved_loan):
    page = client_as(viewpoints["outsider"]).get(reverse("financing:desk")).content.decode()
    assert f"#{approved_loan.pk}<" not in page and approved_loan.borrower.name not in page
    page = client_as(viewpoints["participant"]).get(reverse("financing:desk")).content.decode()
    assert approved_loan.borrower.name in page and "<svg" in page


def test_the_insurer_sees_its_exposure_and_claims(client_as, cast, objects):
    page = client_as(cast["people"]["insurer"]).get(reverse("financing:exposure")).content.decode()
    assert "As insurer" in page and "As guarantor" not in page


def test_each_party_acts_through_the_loan_page(client_as, cast, apply_for):
    loan = apply_for()
    people = cast["people"]
    steps = [
        ("recommender", "recommender", {"recommender-reasons": "Known"}),
        ("guarantor", "guarantor", {"guarantor-fee": "100", "guarantor-reasons": ""}),
        ("insurer", "insurer", {"insurer-premium": ""}),
        (
            "bank",
            "bank",
            {
                "bank-principal": "1000000",
                "bank-annual_rate": "0.05",
                "bank-term_months": "6",
                "bank-repayment_type": "interest_only",
            },
        ),
    ]
    for role, action, data in steps:
        client = client_as(people[role])
        assert action in client.get(reverse("financing:loan", args=[loan.pk])).context["forms"]
        client.post(reverse("financing:act", args=[loan.pk, action]), data)
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.APPROVED


def test_a_refused_page_action_shows_the_reason_and_changes_nothing(client_as, cast, apply_for):
    loan = apply_for()
    client = client_as(cast["people"]["recommender"])
    response = client.post(
        reverse("financing:act", args=[loan.pk, "refuse"]), {"refuse-reasons": ""}, follow=True
    )
    assert response.status_code == 200
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.APPLIED


def test_the_borrower_applies_through_the_form(client_as, alice, cast, programme, make_valued_asset):
    _asset, valuation = make_valued_asset()
    orgs = cast["orgs"]
    data = {
        "programme": programme.pk,
        "borrower": orgs["borrower"].pk,
        "recommender": orgs["recommender"].pk,
        "guarantor": orgs["guarantor"].pk,
        "insurer": orgs["insurer"].pk,
        "bank": orgs["bank"].pk,
        "amount": "900000",
        "term_months": "12",
        "valuations": [valuation.pk],
        "technology_field": "chemistry",
    }
    response = client_as(alice).post(reverse("financing:apply"), data)
    loan = Loan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("financing:loan", args=[loan.pk])


def test_a_stale_valuation_is_refused_on_the_form(client_as, alice, cast, programme, make_valued_asset):
    _asset, valuation = make_valued_asset(age_days=999)
    orgs = cast["orgs"]
    data = {
        "programme": programme.pk,
        "borrower": orgs["borrower"].pk,
        "recommender": orgs["recommender"].pk,
        "guarantor": orgs["guarantor"].pk,
        "insurer": orgs["insurer"].pk,
        "bank": orgs["bank"].pk,
        "amount": "900000",
        "term_months": "12",
        "valuations": [valuation.pk],
        "technology_field": "chemistry",
    }
    response = client_as(alice).post(reverse("financing:apply"), data)
    assert response.status_code == 200 and "at most 365 days" in response.content.decode()
    assert not Loan.objects.exists()


def test_the_back_office_lists_programmes_and_loans_for_the_operator_only(
    client_as, viewpoints, approved_loan
):
    operator = viewpoints["staff"]
    operator.is_superuser = True
    operator.save()
    for name in ("admin:financing_programme_changelist", "admin:financing_loan_changelist"):
        assert client_as(operator).get(reverse(name)).status_code == 200
        assert client_as(viewpoints["outsider"]).get(reverse(name)).status_code == 302
    page = client_as(operator).get(reverse("admin:financing_loan_change", args=[approved_loan.pk]))
    assert page.status_code == 200 and approved_loan.borrower.name in page.content.decode()


def test_the_officer_records_a_subsidy_paid_on_the_report_page(client_as, cast, approved_loan, alice):
    from financing.models import SubsidyClaim
    from financing.services import subsidies

    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    claim = subsidies.claim(loan=loan, by=alice, kind=SubsidyClaim.Kind.PREMIUM)
    officer = client_as(cast["people"]["officer"])
    report = officer.get(reverse("financing:report", args=[loan.programme_id])).content.decode()
    assert "Record as paid" in report
    url = reverse("financing:pay_subsidy", args=[loan.programme_id, claim.pk])
    officer.post(url)
    assert SubsidyClaim.objects.get(pk=claim.pk).status == SubsidyClaim.Status.PAID
    assert "already paid" in officer.post(url, follow=True).content.decode()


def test_the_officer_changes_the_risk_shares_on_the_programme_page(client_as, cast, programme):
    from decimal import Decimal

    url = reverse("financing:shares", args=[programme.pk])
    officer = client_as(cast["people"]["officer"])
    page = officer.get(reverse("financing:programme", args=[programme.pk])).content.decode()
    assert "Change the shares" in page
    refused = officer.post(url, {"insurer": "0.5", "guarantor": "0.3", "bank": "0.3"}, follow=True)
    assert "sum to exactly 1" in refused.content.decode()
    officer.post(url, {"insurer": "abc", "guarantor": "0.3", "bank": "0.2"})
    programme.refresh_from_db()
    assert programme.insurer_share == Decimal("0.6")
    officer.post(url, {"insurer": "0.5", "guarantor": "0.3", "bank": "0.2"})
    programme.refresh_from_db()
    assert (programme.insurer_share, programme.bank_share) == (Decimal("0.5"), Decimal("0.2"))


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, viewpoints, objects, row, viewpoint):
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), objects.__getitem__)


def test_programme_csv_keeps_plain_amounts_with_a_currency_column(approved_loan):
    import csv
    import io

    from financing.services import reports

    rows = list(csv.reader(io.StringIO(reports.programme_csv(approved_loan.programme))))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "currency" in header and "requested" in header
    assert first["currency"] == approved_loan.currency
    assert "," not in first["requested"] and first["requested"] == str(approved_loan.requested_amount)


def _sale_without_a_room(loan, cast):
    """A sale whose deal room could not open at the close (the bank was not approved then): the bank or the
    operator opens it from the disposal page."""
    from accounts.models import Organisation
    from financing.models import Disposal

    bank, bank_org = cast["people"]["bank"], cast["orgs"]["bank"]
    loan = servicing.disburse(loan=loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=60))
    default.declare_default(loan=loan, by=bank, reasons="Stopped paying")
    ends = timezone.now() + datetime.timedelta(hours=1)
    auction = default.start_auction(loan=loan, by=bank, reserve_price="1000", ends_at=ends)
    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="5000"
    )
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    Organisation.objects.filter(pk=bank_org.pk).update(status=Organisation.Status.PENDING)
    assert default.close_auction(disposal=auction, by=bank).deal_room is None
    Organisation.objects.filter(pk=bank_org.pk).update(status=Organisation.Status.APPROVED)
    return auction


def _step_world(name: str, loan, cast, alice) -> dict:
    from financing.models import SubsidyClaim
    from financing.services import subsidies

    world = {"programme": loan.programme_id}
    if name == "financing:pay_subsidy":
        disbursed = servicing.disburse(loan=loan, by=cast["people"]["bank"])
        world["claim"] = subsidies.claim(loan=disbursed, by=alice, kind=SubsidyClaim.Kind.PREMIUM).pk
    if name == "financing:open_sale_room":
        world["disposal"] = _sale_without_a_room(loan, cast).pk
    return world


def _step_state() -> tuple:
    from financing.models import Disposal, Programme, SubsidyClaim

    return (
        list(SubsidyClaim.objects.values_list("status", flat=True)),
        list(Programme.objects.values_list("insurer_share", "guarantor_share", "bank_share")),
        list(Disposal.objects.values_list("deal_room", flat=True)),
    )


# Each viewpoint on a fresh world; only the viewpoints named here change anything (pages redirect a step
# done and one refused with a message alike).
PAGE_STEPS = [row for row in MATRIX if row.checked_by == "test_page_steps"]
TAKEN = {
    "financing:pay_subsidy": {"officer", "staff"},
    "financing:shares": {"officer", "staff"},
    "financing:open_sale_room": {"participant", "staff"},  # the bank, or the operator for it
}


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(PAGE_STEPS))
def test_page_steps(client_as, viewpoints, cast, approved_loan, alice, row, viewpoint):
    world = _step_world(row.endpoint, approved_loan, cast, alice)
    users = {**viewpoints, "officer": cast["people"]["officer"]}
    before = _step_state()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), world.__getitem__)
    assert (_step_state() != before) == (viewpoint in TAKEN[row.endpoint]), viewpoint


def test_the_sale_room_is_opened_once_and_offered_to_the_bank_only(
    approved_loan, cast, client_as, alice, staff
):
    from financing.models import Disposal

    auction = _sale_without_a_room(approved_loan, cast)
    url = reverse("financing:open_sale_room", args=[auction.pk])
    page = reverse("financing:disposal", args=[auction.pk])
    assert url in client_as(cast["people"]["bank"]).get(page).content.decode()
    assert url not in client_as(alice).get(page).content.decode()
    client_as(cast["people"]["bank"]).post(url)
    room = Disposal.objects.get(pk=auction.pk).deal_room
    assert room is not None and room.buyer == cast["orgs"]["bidder"]
    # Once open, the operator's second attempt is refused with a message, not a second room.
    assert client_as(staff).post(url, follow=True).status_code == 200
    assert Disposal.objects.get(pk=auction.pk).deal_room == room

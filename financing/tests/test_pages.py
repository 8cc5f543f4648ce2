"""Every financing page from the five viewpoints, and each party's action through the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from financing.models import Loan
from financing.services import default, servicing

pytestmark = pytest.mark.django_db
VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
LOGIN = 302


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
    return {"loan": loan.pk, "programme": loan.programme_id, "disposal": disposal.pk}


PAGES = [
    ("financing:overview", {}, [200, 200, 200, 200, 200]),
    ("financing:programme", {"pk": "programme"}, [200, 200, 200, 200, 200]),
    ("financing:report", {"pk": "programme"}, [LOGIN, 404, 404, 404, 200]),
    ("financing:report_csv", {"pk": "programme"}, [LOGIN, 404, 404, 404, 200]),
    ("financing:desk", {}, [LOGIN, 200, 200, 200, 200]),
    ("financing:exposure", {}, [LOGIN, 200, 200, 200, 200]),
    ("financing:apply", {}, [LOGIN, 200, 200, 200, 200]),
    ("financing:loan", {"pk": "loan"}, [LOGIN, 404, 200, 200, 200]),
    ("financing:disposal", {"pk": "disposal"}, [LOGIN, 404, 200, 200, 200]),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES, ids=[f"{p[0]}-{p[1]}" for p in PAGES])
def test_page_permissions(client_as, viewpoints, objects, approved_loan, name, kwargs, expected):
    url = reverse(name, kwargs={key: objects[value] for key, value in kwargs.items()})
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(viewpoints[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"


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


def test_an_outsiders_post_changes_nothing(client_as, viewpoints, apply_for):
    loan = apply_for()
    response = client_as(viewpoints["outsider"]).post(
        reverse("financing:act", args=[loan.pk, "recommender"]), {}
    )
    assert response.status_code == 404
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.APPLIED


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


def test_the_officer_records_a_subsidy_paid_on_the_report_page(
    client_as, viewpoints, cast, approved_loan, alice
):
    from financing.models import SubsidyClaim
    from financing.services import subsidies

    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    claim = subsidies.claim(loan=loan, by=alice, kind=SubsidyClaim.Kind.PREMIUM)
    url = reverse("financing:pay_subsidy", args=[loan.programme_id, claim.pk])
    for viewpoint in ("outsider", "participant", "owner"):
        assert client_as(viewpoints[viewpoint]).post(url).status_code == 404
    assert SubsidyClaim.objects.get(pk=claim.pk).status == SubsidyClaim.Status.CLAIMED
    officer = client_as(cast["people"]["officer"])
    assert (
        "Record as paid"
        in officer.get(reverse("financing:report", args=[loan.programme_id])).content.decode()
    )
    officer.post(url)
    assert SubsidyClaim.objects.get(pk=claim.pk).status == SubsidyClaim.Status.PAID


def test_programme_csv_keeps_plain_amounts_with_a_currency_column(approved_loan):
    import csv
    import io

    from financing.services import reports

    rows = list(csv.reader(io.StringIO(reports.programme_csv(approved_loan.programme))))
    header, first = rows[0], rows[1]
    assert header[4:6] == ["currency", "requested"]
    assert first[4] == approved_loan.currency
    assert "," not in first[5] and first[5] == str(approved_loan.requested_amount)

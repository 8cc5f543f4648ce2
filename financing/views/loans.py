"""A loan's page for each of its parties, the application form, and every party's action (one POST view
that picks the form and the service for the action named)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AnyUser
from core.errors import InvalidInput
from core.pages import PAGE_ERRORS, form_errors, show
from financing import forms
from financing.permissions import acts_as
from financing.services import applications, default, servicing, subsidies
from financing.services.evaluation import Pledge
from financing.services.evidence import licence_income
from financing.views.common import party_organisations, sees_everything, visible_loan


@login_required
def apply(request):
    form = forms.ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pledges = [
            Pledge(valuation.asset, valuation, data["registration_number"])
            for valuation in data["valuations"]
        ]
        try:
            loan = applications.apply(
                programme=data["programme"],
                borrower=data["borrower"],
                by=request.user,
                parties={role: data[role] for role in ("recommender", "guarantor", "insurer", "bank")},
                amount=data["amount"],
                term_months=data["term_months"],
                pledges=pledges,
                technology_field=data["technology_field"],
                purpose=data["purpose"],
            )
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(request, _("The application is submitted."))
            return redirect("financing:loan", pk=loan.pk)
    return render(request, "financing/apply.html", {"form": form})


def _action_forms(user: AnyUser, loan) -> dict[str, Any]:
    """The forms this person may use now, by the action they post to."""
    role = applications.waiting_for(loan)
    found: dict[str, Any] = {}
    if role and acts_as(user, loan, role):
        step_forms = {
            "recommender": forms.ReasonsForm,
            "guarantor": forms.GuaranteeForm,
            "insurer": forms.InsureForm,
            "bank": forms.LendForm,
        }
        found[role] = step_forms[role](prefix=role)
        found["refuse"] = forms.RefuseForm(prefix="refuse")
    if acts_as(user, loan, "bank"):
        if loan.stage == loan.Stage.APPROVED:
            found["disburse"] = forms.ReasonsForm(prefix="disburse")
        if loan.stage in (loan.Stage.ACTIVE, loan.Stage.DEFAULTED):
            found["payment"] = forms.PaymentForm(prefix="payment", initial={"currency": loan.currency})
        if loan.stage == loan.Stage.ACTIVE:
            found["default"] = forms.ReasonsForm(prefix="default")
        if loan.stage == loan.Stage.DEFAULTED and not loan.disposals.filter(status="open").exists():
            found["auction"] = forms.AuctionForm(prefix="auction")
            found["fund"] = forms.FundOfferForm(prefix="fund", programme=loan.programme)
    if acts_as(user, loan, "borrower") and loan.stage in (loan.Stage.ACTIVE, loan.Stage.REPAID):
        found["subsidy"] = True
    return found


@login_required
def loan_detail(request, pk: int):
    loan = visible_loan(request.user, pk)
    allocation = getattr(loan, "loss", None)
    context = {
        "loan": loan,
        "pledged": loan.pledged.select_related("asset", "valuation", "encumbrance"),
        "decisions": loan.decisions.select_related("organisation", "decided_by"),
        "instalments": loan.instalments.all(),
        "payments": loan.payments.all(),
        "arrears": servicing.arrears(loan) if loan.disbursed_on else None,
        "outstanding": servicing.outstanding(loan) if loan.disbursed_on else None,
        "claims": loan.subsidy_claims.all(),
        "alerts": loan.alerts.all(),
        "disposals": loan.disposals.all(),
        "allocation": allocation,
        "statement": default.statement(
            loan, party_organisations(request.user), everyone=sees_everything(request.user, loan)
        ),
        "waiting_for": applications.waiting_for(loan),
        "forms": _action_forms(request.user, loan),
        "evidence": licence_income(loan),
    }
    return render(request, "financing/loan.html", context)


def _run_action(request, action: str, loan) -> bool:
    """Validate the posted form of `action` and call its one service; False (its errors shown) when the form
    is not valid; a domain error refuses."""
    user, post = request.user, request.POST
    form_classes = {
        "recommender": forms.ReasonsForm,
        "guarantor": forms.GuaranteeForm,
        "insurer": forms.InsureForm,
        "bank": forms.LendForm,
        "refuse": forms.RefuseForm,
        "disburse": forms.ReasonsForm,
        "payment": forms.PaymentForm,
        "default": forms.ReasonsForm,
        "auction": forms.AuctionForm,
    }
    if action == "subsidy":
        subsidies.claim(loan=loan, by=user, kind=post.get("kind", ""))
        return True
    if action == "fund":
        offer = forms.FundOfferForm(post, prefix="fund", programme=loan.programme)
        if not offer.is_valid():
            raise InvalidInput(_("Choose one of the programme's recovery funds."), field="fund")
        default.offer_to_fund(loan=loan, by=user, fund=offer.cleaned_data["fund"])
        return True
    if action not in form_classes:
        raise Http404
    form = form_classes[action](post, prefix=action)
    if not form.is_valid():
        form_errors(request, form)
        return False
    data = form.cleaned_data
    calls = {
        "recommender": lambda: applications.recommend(loan=loan, by=user, reasons=data["reasons"]),
        "guarantor": lambda: applications.guarantee(
            loan=loan, by=user, fee=data["fee"], reasons=data["reasons"]
        ),
        "insurer": lambda: applications.insure(
            loan=loan, by=user, premium=data["premium"], reasons=data["reasons"]
        ),
        "bank": lambda: applications.lend(loan=loan, by=user, **data),
        "refuse": lambda: applications.refuse(
            loan=loan, by=user, role=applications.waiting_for(loan) or "", reasons=data["reasons"]
        ),
        "disburse": lambda: servicing.disburse(loan=loan, by=user),
        "payment": lambda: servicing.record_payment(
            loan=loan,
            by=user,
            amount=data["amount"],
            currency=data["currency"],
            day=data["paid_on"],
            reference=data["reference"],
        ),
        "default": lambda: default.declare_default(loan=loan, by=user, reasons=data["reasons"]),
        "auction": lambda: default.start_auction(loan=loan, by=user, **data),
    }
    calls[action]()
    return True


@login_required
@require_POST
def act(request, pk: int, action: str):
    loan = visible_loan(request.user, pk)
    try:
        done = _run_action(request, action, loan)
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        if done:
            messages.success(request, _("Done."))
    return redirect("financing:loan", pk=loan.pk)

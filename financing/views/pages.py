"""Financing pages: the overview, a programme and its officer's report, the lending desk's book and the
insurer's and guarantor's exposure. Every lookup goes through restrict(); outsiders get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.access import CHANGE
from core.errors import InvalidInput
from core.pages import PAGE_ERRORS, show
from financing.charts import bar_chart
from financing.forms import SharesForm
from financing.models import LicenceBack, Loan, Programme, SubsidyClaim
from financing.services import programmes, reports, subsidies
from financing.views.common import runs_any_programme


def overview(request):
    loans = (
        Loan.objects.restrict(request.user).select_related("programme", "borrower", "bank")
        if request.user.is_authenticated
        else Loan.objects.none()
    )
    context = {
        "programmes": [
            (programme, programmes.quota(programme)) for programme in Programme.objects.restrict(request.user)
        ],
        "loans": loans[:100],
        "officer": runs_any_programme(request.user),
        "licence_backs": LicenceBack.objects.restrict(request.user).select_related("asset", "investor")[:50]
        if request.user.is_authenticated
        else [],
    }
    return render(request, "financing/overview.html", context)


def programme_detail(request, pk: int):
    programme = get_object_or_404(Programme.objects.restrict(request.user), pk=pk)
    officer = Programme.objects.restrict(request.user, CHANGE).filter(pk=pk).exists()
    shares = {role: getattr(programme, f"{role}_share") for role in ("insurer", "guarantor", "bank")}
    context = {
        "programme": programme,
        "quota": programmes.quota(programme),
        "officer": officer,
        "shares_form": SharesForm(initial=shares) if officer else None,
    }
    return render(request, "financing/programme.html", context)


@login_required
@require_POST
def set_shares(request, pk: int):
    """An officer changes how the programme's losses are shared; shares not summing to one are refused."""
    programme = _run(request, pk)
    form = SharesForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(_("Give each share as a number between 0 and 1 (0.6 is 60 %)."))
        programmes.set_risk_shares(programme=programme, by=request.user, shares=form.cleaned_data)
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(request, _("The risk shares are changed."))
    return redirect("financing:programme", pk=programme.pk)


def _run(request, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.restrict(request.user, CHANGE), pk=pk)


@login_required
def programme_report(request, pk: int):
    programme = _run(request, pk)
    report = reports.programme_report(programme)
    losses = [
        (_("Insurer"), report["losses"]["insurer"]),
        (_("Guarantor"), report["losses"]["guarantor"]),
        (_("Bank"), report["losses"]["bank"]),
    ]
    context = {
        "programme": programme,
        "report": report,
        "losses_chart": bar_chart(
            [(label, reports.Decimal(value)) for label, value in losses],
            _("Losses by party"),
            unit=programme.currency,
        ),
        "loans": programme.loans.select_related("borrower").order_by("pk"),
        "claims": SubsidyClaim.objects.filter(loan__programme=programme, status=SubsidyClaim.Status.CLAIMED)
        .select_related("loan__borrower")
        .order_by("claimed_at"),
    }
    return render(request, "financing/report.html", context)


@login_required
@require_POST
def pay_subsidy(request, pk: int, claim: int):
    """The officer records that the programme paid a borrower's subsidy claim."""
    programme = _run(request, pk)
    found = get_object_or_404(SubsidyClaim.objects.filter(loan__programme=programme), pk=claim)
    try:
        subsidies.pay(subsidy=found, by=request.user)
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(request, _("The subsidy is recorded as paid."))
    return redirect("financing:report", pk=programme.pk)


@login_required
def programme_report_export(request, pk: int, extension: str):
    """The officer's report as CSV or XLSX."""
    programme = _run(request, pk)
    content, content_type, name = reports.programme_export(programme, extension)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def desk(request):
    """The lending desk's book: loans where one of the person's organisations is the bank."""
    banks = Organisation.objects.of_member(request.user)
    loans = Loan.objects.restrict(request.user)
    if not request.user.is_staff:
        loans = loans.filter(bank__in=banks)
    book = reports.book(loans)
    stage_rows = [(label, count) for _stage, label, count in book["stages"] if count]
    context = {
        "book": book,
        "loans": loans.select_related("borrower", "programme")[:200],
        "stage_chart": bar_chart(stage_rows, _("Loans by stage")),
        "sector_chart": bar_chart(book["by_sector"], _("Exposure by sector")),
        "programme_chart": bar_chart(book["by_programme"], _("Exposure by programme")),
        "ltv_chart": bar_chart(book["ltv_bands"], _("Loan-to-value distribution")),
    }
    return render(request, "financing/desk.html", context)


@login_required
def exposure(request):
    """An insurer's and a guarantor's share of the risk of their loans, and the claims they bore."""
    orgs = Organisation.objects.of_member(request.user)
    loans = Loan.objects.restrict(request.user)
    sections = []
    for role, label in (("insurer", _("As insurer")), ("guarantor", _("As guarantor"))):
        mine = loans if request.user.is_staff else loans.filter(Q(**{f"{role}__in": orgs}))
        rows = reports.party_exposure(mine, role)
        if rows:
            sections.append({"label": label, "rows": rows, "totals": reports.totals_by_currency(rows)})
    return render(request, "financing/exposure.html", {"sections": sections})

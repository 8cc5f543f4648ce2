"""Subsidy pages: the programme and its quota, applying for a valuation's fee, and the officer's review.

Applications are filtered by SubsidyApplication.objects.visible_to only; the review queue is the
operator's (others get 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from core.pages import PAGE_ERRORS, show
from valuation.subsidy import services
from valuation.subsidy.forms import ApplicationForm, DecisionForm
from valuation.subsidy.models import SubsidyApplication


def _programmes_with_quota() -> list[tuple]:
    year = timezone.localdate().year
    return [(programme, services.quota(programme, year)) for programme in services.open_programmes()]


@login_required
def overview(request):
    applications = SubsidyApplication.objects.visible_to(request.user).select_related(
        "programme", "asset", "organisation"
    )
    context = {"programmes": _programmes_with_quota(), "applications": applications[:100]}
    return render(request, "valuation/subsidy/overview.html", context)


def _checks(form: ApplicationForm, user: User) -> list[dict] | None:
    data = form.cleaned_data
    try:
        return services.preview_eligibility(
            programme=data["programme"],
            valuation=data["valuation"],
            technology_field=data["technology_field"],
            by=user,
        )
    except PAGE_ERRORS as error:
        form.add_error(None, error.detail)
        return None


@login_required
def apply(request):
    programmes = services.open_programmes()
    # A delivered valuation request links here with its valuation and the fee the valuer charged.
    initial = {"valuation": request.GET.get("valuation"), "valuation_fee": request.GET.get("valuation_fee")}
    form = ApplicationForm(request.POST or None, user=request.user, programmes=programmes, initial=initial)
    checks = None
    if request.method == "POST" and form.is_valid():
        checks = _checks(form, request.user)
        if checks is not None and "apply" in request.POST:
            data = form.cleaned_data
            try:
                application = services.apply_for_valuation(
                    programme=data["programme"],
                    valuation=data["valuation"],
                    technology_field=data["technology_field"],
                    valuation_fee=data["valuation_fee"],
                    by=request.user,
                )
            except PAGE_ERRORS as error:
                show(request, error, form)
            else:
                messages.success(request, _("The application is submitted."))
                return redirect("valuation:subsidy_application", pk=application.pk)
    context = {"form": form, "checks": checks, "programmes": programmes}
    return render(request, "valuation/subsidy/apply.html", context)


def _visible(request, pk: int) -> SubsidyApplication:
    return get_object_or_404(
        SubsidyApplication.objects.visible_to(request.user).select_related(
            "programme", "asset", "organisation", "valuation", "decided_by"
        ),
        pk=pk,
    )


@login_required
def application(request, pk: int):
    found = _visible(request, pk)
    context = {
        "application": found,
        "payout": getattr(found, "payout", None) if found.status == SubsidyApplication.Status.PAID else None,
        "decision_form": _decision_form(request, found),
        "quota": services.quota(found.programme, found.quota_year),
    }
    return render(request, "valuation/subsidy/application.html", context)


def _decision_form(request, found: SubsidyApplication) -> DecisionForm | None:
    """The officer's form while a decision or the payout is still to come."""
    if not request.user.is_staff or found.status in (
        SubsidyApplication.Status.PAID,
        SubsidyApplication.Status.REJECTED,
    ):
        return None
    approved = found.status == SubsidyApplication.Status.APPROVED
    return DecisionForm(initial={"decision": "payout" if approved else "approve"})


def _decide(request, found: SubsidyApplication, data: dict) -> None:
    decision = data["decision"]
    if decision == "approve":
        services.approve_application(application=found, by=request.user)
        amount = f"{found.programme.currency} {found.approved_amount:,}"
        messages.success(request, _("Approved: %(amount)s.") % {"amount": amount})
    elif decision == "reject":
        services.reject_application(application=found, by=request.user, reason=data["reason"])
        messages.success(request, _("Rejected."))
    else:
        services.record_payout(
            application=found, by=request.user, reference=data["reference"], paid_on=data["paid_on"]
        )
        messages.success(request, _("The payout is recorded."))


@login_required
@require_POST
def decide(request, pk: int):
    found = _visible(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            _decide(request, found, form.cleaned_data)
        except PAGE_ERRORS as error:
            show(request, error)
    return redirect("valuation:subsidy_application", pk=found.pk)


@login_required
def review(request):
    if not request.user.is_staff:
        raise Http404
    status = request.GET.get("status", SubsidyApplication.Status.SUBMITTED)
    applications = SubsidyApplication.objects.visible_to(request.user).select_related(
        "programme", "asset", "organisation"
    )
    if status in SubsidyApplication.Status.values:
        applications = applications.filter(status=status)
    context = {
        "applications": applications[:200],
        "status": status,
        "statuses": SubsidyApplication.Status.choices,
        "programmes": _programmes_with_quota(),
    }
    return render(request, "valuation/subsidy/review.html", context)

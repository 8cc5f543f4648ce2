"""Covenant monitoring: a revaluation of a pledged asset recomputes the loan-to-value of its live loans;
crossing the programme's covenant raises an alert to the bank and the borrower."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from core.errors import DomainError
from core.events import record_event
from financing.models import CovenantAlert, Loan, LoanAsset
from financing.services.evaluation import ltv

# Stored as the loan-to-value when the collateral is valued at nothing: above any covenant a programme sets.
NO_COVER = Decimal(999)


def subscribe() -> None:
    from valuation.signals import revalued

    revalued.connect(on_revalued, dispatch_uid="financing.covenants")


def on_revalued(sender: Any, *, valuation: Any, run: Any, **extra: Any) -> None:
    items = LoanAsset.objects.filter(asset_id=valuation.asset_id, loan__stage__in=Loan.LIVE).select_related(
        "loan"
    )
    for item in items:
        if valuation.currency != item.loan.currency:
            continue  # a value in another currency says nothing about this loan's cover
        # A loan that cannot be rechecked must not undo the revaluation the valuer asked for; the failure
        # is kept as an event on the loan instead.
        try:
            with transaction.atomic():
                item.current_value = run.point
                item.save(update_fields=["current_value"])
                recheck(item.loan)
        except DomainError as error:
            record_event(item.loan, "financing.covenant_check_failed", error=error.detail)


def _exposure(loan: Loan) -> Decimal:
    from financing.services.servicing import outstanding

    return outstanding(loan) if loan.instalments.exists() else (loan.principal or loan.requested_amount)


def recheck(loan: Loan) -> CovenantAlert | None:
    """Recompute the loan-to-value from the latest values; alert when it newly crosses the covenant."""
    value = sum(
        (item.current_value if item.current_value is not None else item.value for item in loan.pledged.all()),
        Decimal(0),
    )
    exposure = _exposure(loan)
    ratio = ltv(exposure, value) if value > 0 else NO_COVER
    breached = ratio > loan.programme.covenant_ltv
    crossed = breached and not loan.covenant_breached
    loan.current_value, loan.current_ltv, loan.covenant_breached = value, ratio, breached
    loan.save(update_fields=["current_value", "current_ltv", "covenant_breached", "updated_at"])
    if not crossed:
        return None
    alert = CovenantAlert.objects.create(
        loan=loan, collateral_value=value, ltv=ratio, threshold=loan.programme.covenant_ltv
    )
    record_event(
        loan, "financing.covenant_breached", ltv=str(ratio), threshold=str(loan.programme.covenant_ltv)
    )
    _notify(loan, ratio)
    return alert


def _emails(organisation: Organisation) -> list[str]:
    roles = [Membership.Role.ADMIN, Membership.Role.MEMBER]
    return list(
        Membership.objects.filter(organisation=organisation, role__in=roles)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _notify(loan: Loan, ratio: Decimal) -> None:
    recipients = sorted(set(_emails(loan.bank) + _emails(loan.borrower)))
    subject = _("Loan #%(loan)s: loan-to-value above the covenant") % {"loan": loan.pk}
    body = _(
        "A revaluation of the collateral puts the loan-to-value at %(ltv)s, "
        "above the programme's covenant of %(max)s."
    ) % {
        "ltv": ratio,
        "max": loan.programme.covenant_ltv,
    }
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
